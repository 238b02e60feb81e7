use std::rc::Rc;

use coyield::{generator, yield_};

trait Feed {
    #[generator(yield = u32, send)]
    async fn items(&self);
}

struct Local(Rc<u32>);

impl Feed for Local {
    #[generator(yield = u32, send)]
    async fn items(&self) {
        let held = self.0.clone();
        yield_!(*held);
    }
}

fn main() {}
