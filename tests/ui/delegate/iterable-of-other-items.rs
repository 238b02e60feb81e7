use coyield::{generator, yield_from};

#[generator(yield = u64)]
fn numbers() {
    yield_from!(vec!["a", "b"]);
}

fn main() {}
