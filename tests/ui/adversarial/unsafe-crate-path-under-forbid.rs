// Naming the crate is an unsafe act: `#![forbid(unsafe_code)]` rejects it.
#![forbid(unsafe_code)]

use coyield::{generator, yield_};

mod substitute {
    pub use coyield::*;
}

#[generator(yield = u8, unsafe(crate = crate::substitute))]
fn numbers() {
    yield_!(1);
}

fn main() {}
