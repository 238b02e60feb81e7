//! The executor (issue 5): `coyield::rt` beside tokio's current_thread
//! runtime and async-executor's `LocalExecutor`, in the same run.
//!
//! - spawn + join of 100,000 trivial tasks: ns per task (fastest round;
//!   goal: no slower than async-executor);
//! - 10,000 tasks each sleeping 1 s: wall time (goal: <= 1.005 s), and
//!   allocations per task for coyield.
//!
//! Every task returns its number and the joins sum them, so each case
//! proves it ran every task. `BENCH_SCALE` divides the task counts,
//! `BENCH_ROUNDS` sets the rounds of the short benchmark (and, capped at
//! 3, of the long one).

use std::future::Future;
use std::hint::black_box;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};
use std::time::{Duration, Instant};

use async_executor::LocalExecutor;
use coyield::rt;
use coyield_benches::{Goals, Row, Table, count_allocations, rounds, scaled};

#[global_allocator]
static ALLOC: coyield_benches::CountingAlloc = coyield_benches::CountingAlloc;

/// tokio's single-threaded runtime, with timers: the one coyield::rt
/// compares with.
fn tokio_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("tokio runtime")
}

/// A minimal parking `block_on` (pollster's), to drive async-executor,
/// which brings none of its own.
fn park_on<F: Future>(future: F) -> F::Output {
    struct Unpark(Thread);
    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
        fn wake_by_ref(self: &Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Waker::from(Arc::new(Unpark(thread::current())));
    let mut cx = Context::from_waker(&waker);
    let mut future = pin!(future);
    loop {
        match future.as_mut().poll(&mut cx) {
            Poll::Ready(output) => return output,
            Poll::Pending => thread::park(),
        }
    }
}

#[inline(never)]
fn spawn_join_coyield(n: u64) -> u64 {
    rt::block_on(async move {
        let handles: Vec<_> = (0..n)
            .map(|i| rt::spawn(async move { black_box(i) }))
            .collect();
        let mut sum = 0_u64;
        for handle in handles {
            sum += handle.await;
        }
        sum
    })
}

#[inline(never)]
fn spawn_join_tokio(runtime: &tokio::runtime::Runtime, n: u64) -> u64 {
    runtime.block_on(async move {
        let handles: Vec<_> = (0..n)
            .map(|i| tokio::spawn(async move { black_box(i) }))
            .collect();
        let mut sum = 0_u64;
        for handle in handles {
            sum += handle.await.expect("task");
        }
        sum
    })
}

#[inline(never)]
fn spawn_join_async_executor(executor: &LocalExecutor<'_>, n: u64) -> u64 {
    park_on(executor.run(async {
        let handles: Vec<_> = (0..n)
            .map(|i| executor.spawn(async move { black_box(i) }))
            .collect();
        let mut sum = 0_u64;
        for handle in handles {
            sum += handle.await;
        }
        sum
    }))
}

/// How the sleeping tasks are joined.
#[derive(Clone, Copy)]
enum Join {
    /// `for handle in handles { handle.await }`, as the tokio case does.
    Loop,
    /// `rt::join_all(handles).await`.
    JoinAll,
}

fn sleepers_coyield(n: u64, nap: Duration, join: Join) -> u64 {
    rt::block_on(async move {
        let handles: Vec<_> = (0..n)
            .map(|i| {
                rt::spawn(async move {
                    rt::sleep(nap).await;
                    i
                })
            })
            .collect();
        match join {
            Join::Loop => {
                let mut sum = 0;
                for handle in handles {
                    sum += handle.await;
                }
                sum
            }
            Join::JoinAll => rt::join_all(handles).await.into_iter().sum(),
        }
    })
}

fn sleepers_tokio(runtime: &tokio::runtime::Runtime, n: u64, nap: Duration) -> u64 {
    runtime.block_on(async move {
        let handles: Vec<_> = (0..n)
            .map(|i| {
                tokio::spawn(async move {
                    tokio::time::sleep(nap).await;
                    i
                })
            })
            .collect();
        let mut sum = 0;
        for handle in handles {
            sum += handle.await.expect("task");
        }
        sum
    })
}

/// Runs `f` and returns its result with the wall time it took.
fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let value = f();
    (value, start.elapsed())
}

fn main() {
    coyield_benches::assert_allocator_counts();
    let runtime = tokio_runtime();
    let local = LocalExecutor::new();

    // -------------------------------------------------------------- spawn + join
    let tasks = scaled(100_000);
    let expected = tasks * (tasks - 1) / 2;
    assert_eq!(spawn_join_coyield(tasks), expected);
    assert_eq!(spawn_join_tokio(&runtime, tasks), expected);
    assert_eq!(spawn_join_async_executor(&local, tasks), expected);

    let spawn_join = Row::new(format!("spawn + join {tasks} tasks"))
        .case(tasks, || spawn_join_async_executor(&local, tasks))
        .case(tasks, || spawn_join_coyield(tasks))
        .case(tasks, || spawn_join_tokio(&runtime, tasks))
        .measure();
    let (_, spawn_allocs) = count_allocations(|| spawn_join_coyield(tasks));

    let mut table = Table::new(
        "executors: ns per task, spawn + join of trivial tasks (ratio to async-executor; fastest round)",
        "case",
        &["async-executor", "coyield::rt", "tokio current_thread"],
    );
    table
        .timings(&spawn_join, 0)
        .note("async-executor 1.14 LocalExecutor driven by a parking block_on; tokio 1.54 current_thread, tokio::spawn")
        .note(format!(
            "coyield allocations per task (spawn + join): {:.2}",
            spawn_allocs as f64 / tasks as f64
        ));
    table.print();

    // -------------------------------------------------------------- sleepers
    let sleepers = scaled(10_000);
    let nap = Duration::from_secs(1);
    let sleeper_sum = sleepers * (sleepers - 1) / 2;
    let repeats = rounds().min(3);
    let mut coyield_walls = Vec::new();
    let mut tokio_walls = Vec::new();
    for _ in 0..repeats {
        let (sum, wall) = timed(|| sleepers_coyield(sleepers, nap, Join::Loop));
        assert_eq!(sum, sleeper_sum);
        coyield_walls.push(wall);
        let (sum, wall) = timed(|| sleepers_tokio(&runtime, sleepers, nap));
        assert_eq!(sum, sleeper_sum);
        tokio_walls.push(wall);
    }
    coyield_walls.sort();
    tokio_walls.sort();
    let ((sum, loop_wall), loop_allocs) =
        count_allocations(|| timed(|| sleepers_coyield(sleepers, nap, Join::Loop)));
    assert_eq!(sum, sleeper_sum);
    let ((sum, join_all_wall), join_all_allocs) =
        count_allocations(|| timed(|| sleepers_coyield(sleepers, nap, Join::JoinAll)));
    assert_eq!(sum, sleeper_sum);

    let seconds = |wall: &Duration| format!("{:.4}", wall.as_secs_f64());
    let every = |walls: &[Duration]| walls.iter().map(seconds).collect::<Vec<_>>().join(" ");
    let per_task = |allocs: u64| format!("{:.2}", allocs as f64 / sleepers as f64);
    let mut table = Table::new(
        format!("executors: {sleepers} tasks each sleeping 1 s, wall time in s"),
        "case",
        &["median", "rounds (sorted)", "allocations per task"],
    );
    table
        .row(vec![
            "coyield::rt, handles awaited in turn".to_string(),
            seconds(&coyield_walls[coyield_walls.len() / 2]),
            every(&coyield_walls),
            "-".to_string(),
        ])
        .row(vec![
            "tokio current_thread, the same".to_string(),
            seconds(&tokio_walls[tokio_walls.len() / 2]),
            every(&tokio_walls),
            "-".to_string(),
        ])
        .row(vec![
            "coyield::rt, counted run".to_string(),
            seconds(&loop_wall),
            "-".to_string(),
            per_task(loop_allocs),
        ])
        .row(vec![
            "coyield::rt, rt::join_all(handles), counted".to_string(),
            seconds(&join_all_wall),
            "-".to_string(),
            per_task(join_all_allocs),
        ])
        .note("a task's deadline is taken at its first poll; the wall time runs from before the first spawn to the last join")
        .note("allocations: every allocation and reallocation made during the run, divided by the number of tasks");
    table.print();

    let mut goals = Goals::new();
    goals
        .ratio(
            "coyield::rt / async-executor, spawn + join",
            spawn_join.ratio(1, 0),
            1.0,
        )
        .ns("coyield::rt spawn + join per task", spawn_join.ns(1), 111.0)
        .ns(
            "coyield::rt 10k x sleep 1 s, median wall",
            coyield_walls[coyield_walls.len() / 2].as_nanos() as f64,
            1.005e9,
        );
    goals.print("executors: goals (issue 5)");
}
