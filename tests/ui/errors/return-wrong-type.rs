use coyield::{generator, yield_};

#[generator(yield = u32)]
fn countdown(n: u32) {
    if n == 0 {
        return 5;
    }
    yield_!(n);
}

fn main() {}
