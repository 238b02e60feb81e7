use coyield::{generator, yield_};

#[generator(yield = u32)]
async fn outer(v: Vec<u32>) {
    v.iter().for_each(|x| {
        yield_!(*x);
    });
}

fn main() {}
