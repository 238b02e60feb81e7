use coyield::{generator, yield_, yield_from};

#[derive(Clone, Copy)]
enum Command {
    Go,
}

#[generator(yield = u32, resume = Command)]
fn worker() {
    let Command::Go = yield_!(1);
}

#[generator(yield = u32, resume = Command)]
fn boss() {
    yield_from!(worker());
}

fn main() {}
