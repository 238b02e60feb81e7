use coyield::{generator, yield_, yield_from};

#[derive(Clone, Copy)]
enum Command {
    Go,
}

// Reads its first resume's argument: delegating to it may need to make one up.
#[generator(yield = u32, resume = Command, first_resume = first)]
fn worker() {
    let Command::Go = first;
    let Command::Go = yield_!(1);
}

#[generator(yield = u32, resume = Command)]
fn boss() {
    yield_from!(worker());
}

fn main() {}
