use coyield::{generator, yield_};

#[generator(yield = u32)]
async fn outer() {
    let fut = async {
        yield_!(1);
    };
    fut.await;
}

fn main() {}
