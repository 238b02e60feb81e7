//! A small single-threaded executor: the seed's asyncio, in Rust.
//!
//! | Python | `coyield::rt` |
//! |---|---|
//! | `asyncio.run(main())` | [`block_on(fut)`](block_on()) |
//! | `asyncio.create_task(c)` / `ensure_future` | [`spawn(fut)`](spawn()) → [`JoinHandle<T>`] |
//! | `await task` / `task.done()` / `task.cancel()` | `handle.await` / [`is_finished()`](JoinHandle::is_finished) / [`abort()`](JoinHandle::abort) |
//! | `asyncio.sleep(s)` | [`sleep(Duration)`](sleep()), [`sleep_until(Instant)`](sleep_until()) |
//! | `asyncio.gather(*fs)` / `wait` | [`join_all(iter)`](join_all()) |
//! | `asyncio.as_completed(fs)` | [`as_completed(iter)`](as_completed()), itself an async generator |
//! | `asyncio.wait_for(f, t)` | [`timeout(dur, fut)`](timeout()) → `Result<T, Elapsed>` |
//! | `await asyncio.sleep(0)` | [`yield_now()`](yield_now()) |
//!
//! ```
//! # // Timing-sensitive: Miri's interpreter is too slow for these deadlines.
//! # #[cfg(not(miri))] {
//! use coyield::rt;
//! use std::time::{Duration, Instant};
//!
//! async fn fetch(ms: u64) -> u64 {
//!     rt::sleep(Duration::from_millis(ms)).await; // await asyncio.sleep(ms / 1000)
//!     ms
//! }
//!
//! let start = Instant::now();
//! rt::block_on(async {                                         // asyncio.run(main())
//!     let task = rt::spawn(fetch(20));                         // create_task(fetch(20))
//!     let all = rt::join_all([fetch(30), fetch(10)]).await;    // await gather(...)
//!     assert_eq!(all, [30, 10]);
//!
//!     let mut first = Vec::new();
//!     let mut done = rt::as_completed([fetch(30), fetch(10), fetch(20)]);
//!     while let Some(ms) = done.next().await {                 // for f in as_completed(...)
//!         first.push(ms);
//!     }
//!     assert_eq!(first, [10, 20, 30]);
//!
//!     let late = rt::timeout(Duration::from_millis(5), fetch(1_000)).await; // wait_for
//!     assert!(late.is_err());
//!
//!     rt::yield_now().await;                                   // await asyncio.sleep(0)
//!     assert_eq!(task.await, 20);                              // await task
//! });
//! // All of it ran concurrently, on this one thread.
//! assert!(start.elapsed() >= Duration::from_millis(30));
//! # }
//! ```
//!
//! Tasks need not be `Send`: everything runs on the thread that called
//! [`block_on`](block_on()). Wakers may be woken from any thread and wake
//! the executor, so futures completed by other threads (channels, thread
//! pools, I/O crates) work. It does no I/O itself.
//!
//! Misuse panics with a message saying what to do instead, at the
//! caller's line (the call, or the `.await`): [`spawn`](spawn()) outside
//! [`block_on`](block_on()), a timer polled outside it,
//! [`block_on`](block_on()) inside [`block_on`](block_on()), a task
//! awaiting its own [`JoinHandle`], a handle awaited after its task was
//! aborted or dropped.
//!
//! ## How it works
//!
//! Tasks live in slots owned by the executor, one allocation each, with a
//! [`Wake`](std::task::Wake) waker per slot that queues the slot's index:
//! without a lock on the executor's thread, through a mutex (and an unpark
//! when the executor sleeps) from others. Timers are one ordered map from
//! deadline to waker, which the executor checks every turn and sleeps until
//! the first of. A task's output, or its panic, stays in its slot until its
//! [`JoinHandle`] takes it. The executor is installed in a thread-local for
//! as long as `block_on` runs, and a drop guard uninstalls it however
//! `block_on` ends. No `unsafe` code.

mod as_completed;
mod executor;
mod future_set;
mod join_all;
mod sleep;
mod spawn;
mod tasks;
mod timeout;
mod timers;
mod wake;
mod yield_now;

pub use as_completed::as_completed;
pub use executor::block_on;
pub use join_all::{JoinAll, join_all};
pub use sleep::{Sleep, sleep, sleep_until};
pub use spawn::{JoinHandle, spawn};
pub use timeout::{Elapsed, Timeout, timeout};
pub use yield_now::{YieldNow, yield_now};
