use coyield::{generator, yield_};

#[generator(yield = u32)]
fn label(n: u32) -> String {
    yield_!(n);
    n + 1
}

fn main() {}
