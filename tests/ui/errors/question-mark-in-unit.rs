use coyield::{generator, yield_};

#[generator(yield = u32)]
fn parse(s: &str) {
    let n: u32 = s.parse()?;
    yield_!(n);
}

fn main() {}
