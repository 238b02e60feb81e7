use coyield::{generator, yield_};

struct MyError;

#[generator(yield = u32)]
fn parse(s: &str) -> Result<(), MyError> {
    let n: u32 = s.parse()?;
    yield_!(n);
    Ok(())
}

fn main() {}
