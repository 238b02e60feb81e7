use coyield::{generator, yield_from};

struct Config;

#[generator(yield = u64)]
fn numbers() {
    yield_from!(Config);
}

fn main() {}
