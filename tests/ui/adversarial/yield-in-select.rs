use coyield::{generator, yield_};

#[generator(yield = u32)]
async fn relay(mut rx: tokio::sync::mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            Some(v) = rx.recv() => yield_!(v),
            else => break,
        }
    }
}

fn main() {}
