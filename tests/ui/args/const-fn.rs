use coyield::{generator, yield_};

#[generator(yield = u32)]
const fn count() {
    yield_!(1);
}

fn main() {}
