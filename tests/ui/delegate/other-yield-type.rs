use coyield::{generator, yield_, yield_from};

#[generator(yield = String)]
fn names() {
    yield_!("alice".to_string());
}

#[generator(yield = u64)]
fn numbers() {
    yield_from!(names());
}

fn main() {}
