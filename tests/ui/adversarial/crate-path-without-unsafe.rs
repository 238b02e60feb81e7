use coyield::{generator, yield_};

mod substitute {
    pub use coyield::*;
}

#[generator(yield = u8, crate = crate::substitute)]
fn numbers() {
    yield_!(1);
}

fn main() {}
