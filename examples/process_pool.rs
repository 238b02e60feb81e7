//! CPU-bound work handed to a pool of worker threads, awaited from the
//! executor: Python's `run_in_executor` with a process pool.
//!
//! ```python
//! import asyncio, concurrent.futures, time
//!
//! def cpu_bound(n):
//!     return sum(i * i for i in range(n))
//!
//! async def main():
//!     start = time.perf_counter()
//!     loop = asyncio.get_running_loop()
//!     with concurrent.futures.ProcessPoolExecutor(4) as pool:
//!         futures = [loop.run_in_executor(pool, cpu_bound, n) for n in range(10_000)]
//!         results = await asyncio.gather(*futures)
//!     print(f"{len(results)} jobs, checksum {sum(results)}")
//!     print(f"all done in {time.perf_counter() - start:.2f} s")
//!
//! asyncio.run(main())
//! ```
//!
//! Threads stand in for processes. Each job's result comes back through a
//! future that the worker thread completes: its wake-up crosses threads
//! into `coyield::rt`, which sleeps meanwhile.
//!
//! Run with `cargo run --release --example process_pool`.

use std::cell::Cell;
use std::future::Future;
use std::panic::{self, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::thread;
use std::time::Instant;

use coyield::rt;

const WORKERS: usize = 4;
const JOBS: u64 = 10_000;

fn cpu_bound(n: u64) -> u64 {
    (0..n).map(|i| i * i).sum()
}

fn main() {
    let start = Instant::now();
    let pool = Pool::new(WORKERS);
    let results = rt::block_on(async {
        let futures: Vec<_> = (0..JOBS)
            .map(|n| pool.run_in_executor(move || cpu_bound(n)))
            .collect();
        rt::join_all(futures).await
    });
    let checksum: u64 = results.iter().sum();
    println!("{} jobs, checksum {checksum}", results.len());
    for (worker, ran) in pool.shut_down().into_iter().enumerate() {
        println!("worker thread {worker} ran {ran} jobs");
    }
    let elapsed = start.elapsed().as_secs_f64();
    println!("all done in {elapsed:.2} s");
}

type Job = Box<dyn FnOnce() + Send>;

/// Worker threads, each with a queue of its own; jobs go round-robin.
struct Pool {
    queues: Vec<mpsc::Sender<Job>>,
    workers: Vec<thread::JoinHandle<usize>>,
    next: Cell<usize>,
}

impl Pool {
    fn new(size: usize) -> Pool {
        let (queues, workers) = (0..size)
            .map(|_| {
                let (queue, jobs) = mpsc::channel::<Job>();
                // Runs jobs until the pool closes its queue; returns how many.
                let worker = thread::spawn(move || jobs.into_iter().map(|job| job()).count());
                (queue, worker)
            })
            .unzip();
        Pool {
            queues,
            workers,
            next: Default::default(),
        }
    }

    /// Runs `f` on a worker thread; the returned future completes with its
    /// result. If `f` panics, awaiting the future panics with its payload,
    /// as Python's `await` re-raises the job's exception.
    fn run_in_executor<T, F>(&self, f: F) -> JobResult<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let slot = Arc::new(Mutex::new(Slot {
            result: None,
            waker: None,
        }));
        let job_slot = slot.clone();
        let job: Job = Box::new(move || {
            let result = panic::catch_unwind(AssertUnwindSafe(f));
            let waker = {
                let mut slot = job_slot.lock().unwrap();
                slot.result = Some(result);
                slot.waker.take()
            };
            if let Some(waker) = waker {
                waker.wake();
            }
        });
        let worker = self.next.replace((self.next.get() + 1) % self.queues.len());
        self.queues[worker]
            .send(job)
            .expect("worker threads run until the pool shuts down");
        JobResult(slot)
    }

    /// Closes the queues, waits for the workers to finish, and returns how
    /// many jobs each ran.
    fn shut_down(self) -> Vec<usize> {
        drop(self.queues);
        let workers = self.workers.into_iter();
        workers.map(|worker| worker.join().unwrap()).collect()
    }
}

/// A job's result, once its worker has set it, and the waker of whoever
/// awaits it: a one-shot channel.
struct Slot<T> {
    result: Option<thread::Result<T>>,
    waker: Option<Waker>,
}

/// The future of [`Pool::run_in_executor`].
struct JobResult<T>(Arc<Mutex<Slot<T>>>);

impl<T> Future for JobResult<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let mut slot = self.0.lock().unwrap();
        match slot.result.take() {
            Some(Ok(value)) => Poll::Ready(value),
            Some(Err(payload)) => panic::resume_unwind(payload),
            None => {
                slot.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}
