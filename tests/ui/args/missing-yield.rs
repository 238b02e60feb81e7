use coyield::{generator, yield_};

#[generator]
fn count() {
    yield_!(1);
}

fn main() {}
