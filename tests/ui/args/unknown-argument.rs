use coyield::{generator, yield_};

#[generator(yield = u32, resumes = i32)]
fn count() {
    yield_!(1);
}

fn main() {}
