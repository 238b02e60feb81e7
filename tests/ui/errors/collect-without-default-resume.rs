use coyield::{generator, yield_};

enum Command {
    Stop,
}

#[generator(yield = u32, resume = Command)]
fn server() {
    loop {
        match yield_!(1) {
            Command::Stop => return,
        }
    }
}

fn main() {
    let _: Vec<u32> = server().collect();
}
