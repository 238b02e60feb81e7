use coyield::{generator, yield_, yield_from};

#[generator(yield = u64)]
async fn ticks() {
    yield_!(1);
}

#[generator(yield = u64)]
fn numbers() {
    yield_from!(ticks());
}

fn main() {}
