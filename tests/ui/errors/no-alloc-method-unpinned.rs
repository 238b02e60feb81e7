use coyield::{generator, yield_};

#[generator(yield = u32, no_alloc)]
fn squares(n: u32) {
    for i in 0..n {
        yield_!(i * i);
    }
}

fn main() {
    // Each a mistake of its own, each one error.
    let _: Vec<u32> = squares(3).collect();
    let _: Vec<u32> = squares(3).map(|x| x + 1).collect();
    squares(3).next();
}
