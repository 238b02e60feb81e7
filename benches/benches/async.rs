//! Async generators (issue 4): draining 10,000,000 items from a coyield
//! async generator whose body never really awaits, beside async-stream's
//! `stream!` draining the same in the same run (goal: coyield <= 0.5x
//! async-stream's time), the sync coyield generator and a hand-written
//! iterator.
//!
//! The streams are polled directly with `Waker::noop()`, or awaited through
//! `next()` in a minimal `block_on` that polls with the same waker. Every
//! item passes through `black_box`.

use std::future::Future;
use std::hint::black_box;
use std::pin::{Pin, pin};
use std::task::{Context, Poll, Waker};

use coyield::{generator, yield_};
use coyield_benches::{Count, Goals, Row, Table, count, scaled};
use futures_core::Stream;

#[global_allocator]
static ALLOC: coyield_benches::CountingAlloc = coyield_benches::CountingAlloc;

#[generator(yield = u64)]
async fn count_async(n: u64) {
    for i in 0..n {
        yield_!(i);
    }
}

#[generator(yield = u64, no_alloc)]
async fn count_async_no_alloc(n: u64) {
    for i in 0..n {
        yield_!(i);
    }
}

fn count_async_stream(n: u64) -> impl Stream<Item = u64> {
    async_stream::stream! {
        for i in 0..n {
            yield i;
        }
    }
}

/// Polls `stream` to its end with a no-op waker.
#[inline(always)]
fn drain_stream(mut stream: Pin<&mut impl Stream<Item = u64>>) -> u64 {
    let mut cx = Context::from_waker(Waker::noop());
    let mut sum = 0_u64;
    loop {
        match stream.as_mut().poll_next(&mut cx) {
            Poll::Ready(Some(x)) => sum = sum.wrapping_add(black_box(x)),
            Poll::Ready(None) => return sum,
            Poll::Pending => unreachable!("nothing in these streams waits"),
        }
    }
}

/// Polls `future` to completion with a no-op waker (nothing here waits, so
/// a spin is all it takes).
#[inline(always)]
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(value) = future.as_mut().poll(&mut cx) {
            return value;
        }
    }
}

#[inline(never)]
fn sum_hand(n: u64) -> u64 {
    let mut sum = 0_u64;
    for x in (Count { next: 0, end: n }) {
        sum = sum.wrapping_add(black_box(x));
    }
    sum
}

#[inline(never)]
fn sum_sync(n: u64) -> u64 {
    let mut sum = 0_u64;
    for x in count(n) {
        sum = sum.wrapping_add(black_box(x));
    }
    sum
}

#[inline(never)]
fn sum_async_poll(n: u64) -> u64 {
    drain_stream(pin!(count_async(n)))
}

#[inline(never)]
fn sum_async_next(n: u64) -> u64 {
    block_on(async {
        let mut g = count_async(n);
        let mut sum = 0_u64;
        while let Some(x) = g.next().await {
            sum = sum.wrapping_add(black_box(x));
        }
        sum
    })
}

#[inline(never)]
fn sum_async_no_alloc(n: u64) -> u64 {
    drain_stream(pin!(count_async_no_alloc(n)))
}

#[inline(never)]
fn sum_async_stream(n: u64) -> u64 {
    drain_stream(pin!(count_async_stream(n)))
}

const COLUMNS: [&str; 6] = [
    "hand",
    "sync coyield",
    "async poll_next",
    "async next().await",
    "async no_alloc",
    "async-stream",
];
const SYNC: usize = 1;
const POLL: usize = 2;
const NEXT: usize = 3;
const NO_ALLOC: usize = 4;
const ASYNC_STREAM: usize = 5;

fn main() {
    coyield_benches::assert_allocator_counts();
    let items = scaled(10_000_000);
    let n = black_box(items);
    for n in [0, 1, 2, 1000] {
        let sums = [
            sum_hand(n),
            sum_sync(n),
            sum_async_poll(n),
            sum_async_next(n),
            sum_async_no_alloc(n),
            sum_async_stream(n),
        ];
        assert!(sums.iter().all(|&s| s == sums[0]), "sum of {n}: {sums:?}");
    }

    let drain = Row::new("drain 10M u64")
        .case(items, || sum_hand(n))
        .case(items, || sum_sync(n))
        .case(items, || sum_async_poll(n))
        .case(items, || sum_async_next(n))
        .case(items, || sum_async_no_alloc(n))
        .case(items, || sum_async_stream(n))
        .measure();

    let mut table = Table::new(
        "async generators: ns per item (ratio to hand-written in this run; fastest round)",
        "case",
        &COLUMNS,
    );
    table.timings(&drain, 0);
    let mut to_async_stream = vec!["  / async-stream".to_string()];
    to_async_stream
        .extend((0..COLUMNS.len()).map(|i| format!("{:.2}x", drain.ratio(i, ASYNC_STREAM))));
    table
        .row(to_async_stream)
        .note("the streams are polled with Waker::noop(); `next().await` runs in a spin-polling block_on with the same waker")
        .note("async-stream 0.3 `stream!`; sync coyield = the same body as a sync #[generator], iterated");
    table.print();

    let mut goals = Goals::new();
    goals
        .ratio(
            "coyield async (poll_next) / async-stream",
            drain.ratio(POLL, ASYNC_STREAM),
            0.5,
        )
        .ratio(
            "coyield async (next().await) / async-stream",
            drain.ratio(NEXT, ASYNC_STREAM),
            0.5,
        )
        .ratio(
            "coyield async no_alloc / async-stream",
            drain.ratio(NO_ALLOC, ASYNC_STREAM),
            0.5,
        );
    goals.print(&format!(
        "async generators: goals (issue 4); async / sync coyield: {:.2}x",
        drain.ratio(POLL, SYNC)
    ));
}
