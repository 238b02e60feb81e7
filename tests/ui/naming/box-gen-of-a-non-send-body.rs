use std::rc::Rc;

use coyield::{gen_, yield_};

fn main() {
    let shared = Rc::new(1);
    let _ = gen_! { yield_!(*shared) }.boxed();
}
