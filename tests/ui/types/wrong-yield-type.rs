use coyield::{generator, yield_};

#[generator(yield = u64)]
fn names() {
    yield_!("alice");
}

fn main() {}
