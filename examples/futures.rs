//! Waiting for futures with a time limit, then asking each whether it is
//! done and for its result.
//!
//! ```python
//! import asyncio
//!
//! async def sleeper(name, delay):
//!     await asyncio.sleep(delay)
//!     return f"{name} woke after {delay * 1000:.0f} ms"
//!
//! async def main():
//!     delays = [("fast", 0.01), ("quick", 0.04), ("slow", 0.3), ("slower", 0.4)]
//!     tasks = {name: asyncio.ensure_future(sleeper(name, delay)) for name, delay in delays}
//!
//!     done, pending = await asyncio.wait(tasks.values(), timeout=0.15)
//!     print(f"after 150 ms: {len(done)} done, {len(pending)} pending")
//!     for name, task in tasks.items():
//!         if task.done():
//!             print(f"{name}: done, result() = {task.result()!r}")
//!         else:
//!             print(f"{name}: pending")
//!
//!     await asyncio.wait(pending)  # no time limit: until all are done
//!     for name, task in tasks.items():
//!         print(f"{name}: {task.result()!r}")
//!
//! asyncio.run(main())
//! ```
//!
//! A spawned task's [`JoinHandle`] is the future: [`is_finished`] is
//! `done()`, awaiting it gives the result. Python's `wait` with a timeout is
//! [`rt::join_all`] under [`rt::timeout`], keeping the outputs of the tasks
//! that finished in time.
//!
//! [`is_finished`]: JoinHandle::is_finished
//!
//! Run with `cargo run --example futures`.

use std::time::{Duration, Instant};

use coyield::rt::{self, JoinHandle};

async fn sleeper(name: &'static str, delay: Duration) -> String {
    rt::sleep(delay).await;
    format!("{name} woke after {} ms", delay.as_millis())
}

/// `done, pending = await asyncio.wait(tasks, timeout=...)`: waits until
/// all the tasks finished or the time ran out. Returns the output of each
/// task that finished; the others keep running.
async fn wait<T: 'static>(tasks: &mut [JoinHandle<T>], timeout: Duration) -> Vec<Option<T>> {
    let mut outputs: Vec<Option<T>> = tasks.iter().map(|_| None).collect();
    let all = rt::join_all(
        tasks
            .iter_mut()
            .zip(&mut outputs)
            .map(|(task, output)| async move {
                *output = Some(task.await);
            }),
    );
    // Running out of time only means that some are still pending.
    let _elapsed = rt::timeout(timeout, all).await;
    outputs
}

fn main() {
    rt::block_on(async {
        let start = Instant::now();
        let delays = [("fast", 10), ("quick", 40), ("slow", 300), ("slower", 400)];
        let names = delays.map(|(name, _)| name);
        let mut tasks: Vec<_> = delays
            .iter()
            .map(|&(name, ms)| rt::spawn(sleeper(name, Duration::from_millis(ms))))
            .collect();

        let mut results = wait(&mut tasks, Duration::from_millis(150)).await;
        let done = tasks.iter().filter(|task| task.is_finished()).count();
        let pending = tasks.len() - done;
        println!("after 150 ms: {done} done, {pending} pending");
        for ((name, task), result) in names.iter().zip(&tasks).zip(&results) {
            if task.is_finished() {
                let result = result.as_ref().expect("`wait` kept the output");
                println!("{name}: done, result() = {result:?}");
            } else {
                println!("{name}: pending");
            }
        }

        // The pending tasks ran on meanwhile; wait for them without a limit.
        let pending = tasks.into_iter().zip(&mut results);
        let pending = pending.filter(|(_, result)| result.is_none());
        rt::join_all(pending.map(|(task, result)| async move {
            *result = Some(task.await);
        }))
        .await;
        for (name, result) in names.iter().zip(results) {
            let result = result.expect("every task finished");
            println!("{name}: {result:?}");
        }
        let elapsed = start.elapsed().as_secs_f64();
        println!("all done in {elapsed:.2} s");
    });
}
