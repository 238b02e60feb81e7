use coyield::{generator, yield_};
use futures_core::Stream;

enum Command {
    Stop,
}

#[generator(yield = u32, resume = Command)]
async fn server() {
    loop {
        match yield_!(1) {
            Command::Stop => return,
        }
    }
}

fn takes_stream(_: impl Stream<Item = u32>) {}

fn main() {
    takes_stream(server());
}
