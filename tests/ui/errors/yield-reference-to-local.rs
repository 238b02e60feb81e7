use coyield::{generator, yield_};

#[generator(yield = &'a str)]
fn names<'a>() {
    let owned = String::from("alice");
    yield_!(&owned);
}

fn main() {}
