// A blanket trait in scope with the method name the expansion picks the kind
// of delegate with: the call is ambiguous, a compile error, never a kind of
// the user's choosing joined to the generator's handle.
use coyield::{generator, yield_from};

trait Steal {
    fn __coyield_kind(&self) -> u8 {
        0
    }
}
impl<T> Steal for T {}

#[generator(yield = u8)]
fn numbers() {
    yield_from!([1, 2]);
}

fn main() {}
