use coyield::{generator, yield_};

#[generator(yield = u32, resume = u32)]
fn echo() {
    println!("got {}", yield_!(1));
}

fn main() {}
