use coyield::{generator, yield_};

#[generator(yield = u32, first_resume = first)]
fn echo() {
    yield_!(first);
}

fn main() {}
