use coyield::{generator, yield_};

#[generator(yield = u32)]
fn fetch() {
    let n = core::future::ready(1).await;
    yield_!(n);
}

fn main() {}
