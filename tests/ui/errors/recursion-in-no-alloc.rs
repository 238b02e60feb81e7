use coyield::{generator, yield_, yield_from};

#[generator(yield = u32, no_alloc)]
fn countdown(n: u32) {
    if n > 0 {
        yield_!(n);
        yield_from!(countdown(n - 1));
    }
}

fn main() {}
