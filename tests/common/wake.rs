//! Futures that are pending once and wake their task in one particular way,
//! so a test can check that each kind of wake-up reaches the executor through
//! the generators between them.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::Duration;

/// Pending once; wakes the task by reference before returning `Pending`.
#[derive(Default)]
pub(crate) struct WakeByRef(bool);

impl Future for WakeByRef {
    type Output = &'static str;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<&'static str> {
        if self.0 {
            return Poll::Ready("by ref");
        }
        self.0 = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

/// Pending once; wakes a clone of the waker (by value) before returning
/// `Pending`. Cloning is the point: the clone must be the executor's own
/// waker, not one a generator put in between.
#[derive(Default)]
pub(crate) struct WakeClone(bool);

impl Future for WakeClone {
    type Output = &'static str;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<&'static str> {
        if self.0 {
            return Poll::Ready("by clone");
        }
        self.0 = true;
        let clone = cx.waker().clone();
        let unused = clone.clone();
        drop(unused);
        clone.wake();
        Poll::Pending
    }
}

/// Ready once another thread, started on the first poll, has woken a clone
/// of the waker: after the poll that stored it has returned.
#[derive(Default)]
pub(crate) struct WakeFromThread {
    done: Option<Arc<AtomicBool>>,
}

impl Future for WakeFromThread {
    type Output = &'static str;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<&'static str> {
        match &self.done {
            Some(done) if done.load(Ordering::SeqCst) => Poll::Ready("from thread"),
            Some(_) => Poll::Pending,
            None => {
                let done = Arc::new(AtomicBool::new(false));
                let waker = cx.waker().clone();
                let flag = done.clone();
                thread::spawn(move || {
                    thread::sleep(Duration::from_millis(5));
                    flag.store(true, Ordering::SeqCst);
                    waker.wake();
                });
                self.done = Some(done);
                Poll::Pending
            }
        }
    }
}
