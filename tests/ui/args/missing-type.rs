use coyield::{generator, yield_};

#[generator(yield = u32, resume)]
fn count() {
    yield_!(1);
}

fn main() {}
