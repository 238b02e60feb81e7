use coyield::{generator, yield_};

#[generator(yield = u32, yield = u64)]
fn count() {
    yield_!(1);
}

fn main() {}
