use coyield::{generator, yield_};

struct Bag(Vec<u32>);

impl Bag {
    #[generator(yield = u32)]
    fn items(&self) {
        for x in &self.0 {
            yield_!(*x)
            yield_!(*x + 1);
        }
    }
}

fn main() {
    let bag = Bag(vec![1]);
    for x in bag.items() {
        println!("{x}");
    }
}
