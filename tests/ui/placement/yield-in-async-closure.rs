use coyield::{generator, yield_};

#[generator(yield = u32)]
async fn outer() {
    let each = async |x: u32| yield_!(x);
    each(1).await;
}

fn main() {}
