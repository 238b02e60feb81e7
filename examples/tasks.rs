//! Ten thousand tasks that each sleep for a second finish in about one
//! second, not ten thousand: they wait together, on one thread.
//!
//! ```python
//! import asyncio, time
//!
//! async def task(i):
//!     await asyncio.sleep(1)
//!     return i
//!
//! async def main():
//!     start = time.perf_counter()
//!     tasks = [asyncio.create_task(task(i)) for i in range(10_000)]
//!     results = await asyncio.gather(*tasks)
//!     print(f"{len(results)} tasks slept 1 s each; "
//!           f"all done in {time.perf_counter() - start:.3f} s")
//!
//! asyncio.run(main())
//! ```
//!
//! Run with `cargo run --release --example tasks`.

use std::time::{Duration, Instant};

use coyield::rt;

async fn task(i: u64) -> u64 {
    rt::sleep(Duration::from_secs(1)).await;
    i
}

fn main() {
    rt::block_on(async {
        let start = Instant::now();
        let tasks: Vec<_> = (0..10_000).map(|i| rt::spawn(task(i))).collect();
        let results = rt::join_all(tasks).await;
        let elapsed = start.elapsed().as_secs_f64();
        println!(
            "{} tasks slept 1 s each; all done in {elapsed:.3} s",
            results.len()
        );
        // `gather` keeps the order of its arguments, whatever order they end in.
        let in_order = results.iter().copied().eq(0..10_000);
        println!("results in order: {in_order}");
    });
}
