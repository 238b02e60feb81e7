use coyield::{generator, yield_, yield_from};

#[generator(yield = u64, resume = bool)]
fn inner() {
    yield_!(1);
}

#[generator(yield = u64, resume = i32)]
fn outer() {
    yield_from!(inner());
}

fn main() {}
