use coyield::{generator, yield_};

#[generator(yield = u32, no_alloc)]
fn squares(n: u32) {
    for i in 0..n {
        yield_!(i * i);
    }
}

fn main() {
    for x in squares(3) {
        println!("{x}");
    }
}
