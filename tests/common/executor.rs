//! Two tiny executors for the async tests, so that they need no runtime and
//! run under Miri: [`poll_to_end`] (and [`block_on_noop`]) poll in a loop
//! with a given waker, for bodies that never wait on anything outside the
//! thread; [`block_on`] parks the thread until woken and fails on a lost
//! wake-up.

use core::future::Future;
use core::pin::pin;
use core::task::{Context, Poll, Waker};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::task::Wake;
use std::thread::{self, Thread};
use std::time::{Duration, Instant};

/// Polls `future` with `waker` until it is ready, without waiting between
/// polls. Allocates nothing, so `tests/allocations.rs` can count around it.
///
/// # Panics
///
/// If the future is still pending after 100,000 polls: a test that would
/// otherwise spin forever fails instead.
pub(crate) fn poll_to_end<F: Future>(future: F, waker: &Waker) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(waker);
    for _ in 0..100_000 {
        if let Poll::Ready(value) = future.as_mut().poll(&mut cx) {
            return value;
        }
    }
    panic!("not ready after 100,000 polls");
}

/// Polls `future` with the no-op waker until it is ready.
///
/// # Panics
///
/// As [`poll_to_end`].
pub(crate) fn block_on_noop<F: Future>(future: F) -> F::Output {
    poll_to_end(future, Waker::noop())
}

/// A waker that counts its wake-ups and does nothing else.
pub(crate) struct WakeCounter(AtomicUsize);

impl WakeCounter {
    /// A counter at zero; `Waker::from(counter.clone())` is its waker.
    pub(crate) fn new() -> Arc<Self> {
        Arc::new(WakeCounter(AtomicUsize::new(0)))
    }

    /// How many times its waker was woken.
    pub(crate) fn wakes(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

impl Wake for WakeCounter {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// The waker of [`block_on`]: counts wake-ups and unparks the executor.
struct Unparker {
    woken: AtomicBool,
    wakes: AtomicUsize,
    thread: Thread,
}

impl Wake for Unparker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.wakes.fetch_add(1, Ordering::SeqCst);
        self.woken.store(true, Ordering::SeqCst);
        self.thread.unpark();
    }
}

/// Runs `future` to completion, polling it again only after its waker was
/// woken; returns its output and the number of wake-ups.
///
/// # Panics
///
/// If the future is pending and nobody wakes it for 10 seconds: a lost
/// wake-up fails the test instead of hanging it.
pub(crate) fn block_on<F: Future>(future: F) -> (F::Output, usize) {
    let unparker = Arc::new(Unparker {
        woken: AtomicBool::new(false),
        wakes: AtomicUsize::new(0),
        thread: thread::current(),
    });
    let waker = Waker::from(unparker.clone());
    let mut cx = Context::from_waker(&waker);
    let mut future = pin!(future);
    loop {
        if let Poll::Ready(value) = future.as_mut().poll(&mut cx) {
            return (value, unparker.wakes.load(Ordering::SeqCst));
        }
        let waiting_since = Instant::now();
        while !unparker.woken.swap(false, Ordering::SeqCst) {
            assert!(
                waiting_since.elapsed() < Duration::from_secs(10),
                "lost wake-up: pending and never woken"
            );
            thread::park_timeout(Duration::from_millis(50));
        }
    }
}
