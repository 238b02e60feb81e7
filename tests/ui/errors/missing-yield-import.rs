use coyield::generator;

#[generator(yield = u32)]
fn numbers() {
    yield_!(1);
}

fn main() {}
