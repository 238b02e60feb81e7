use coyield::{LocalBoxGen, generator, yield_};

#[generator(yield = u32)]
fn numbers() {
    yield_!(1);
}

fn main() {
    let g: LocalBoxGen<'static, u32> = numbers().boxed_local();
    std::thread::spawn(move || g.sum::<u32>());
}
