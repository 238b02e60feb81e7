//! [`timeout`]: a future with a time limit, and [`Elapsed`], its error.

use std::error::Error;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use pin_project_lite::pin_project;

use super::sleep::{Sleep, sleep};

/// Runs `future` with a time limit: Python's `asyncio.wait_for(aw, timeout)`.
///
/// Completes with `Ok(output)` if `future` completes within `duration`
/// (counted from this call), and with `Err(Elapsed)` otherwise, dropping
/// `future` where it was suspended (Python cancels it). If both happen in
/// the same poll, the output wins.
///
/// ```
/// use coyield::rt;
/// use std::time::Duration;
///
/// rt::block_on(async {
///     let quick = rt::timeout(Duration::from_secs(60), async { 7 }).await;
///     assert_eq!(quick, Ok(7));
///
///     let slow = rt::timeout(Duration::from_millis(5), rt::sleep(Duration::from_secs(60)));
///     let elapsed: rt::Elapsed = slow.await.unwrap_err();
///     assert_eq!(elapsed.to_string(), "deadline has elapsed");
/// });
/// ```
///
/// # Panics
///
/// The returned future panics if polled outside [`block_on`](super::block_on()),
/// like [`sleep`](super::sleep()), and reports the line that polled it.
pub fn timeout<F: Future>(duration: Duration, future: F) -> Timeout<F> {
    Timeout {
        future,
        sleep: sleep(duration),
    }
}

pin_project! {
    /// The future of [`timeout`].
    #[must_use = "futures do nothing unless awaited"]
    pub struct Timeout<F> {
        #[pin]
        future: F,
        sleep: Sleep,
    }
}

impl<F: Future> Future for Timeout<F> {
    type Output = Result<F::Output, Elapsed>;

    // Passes the caller on to the timer's misuse panic (and to `future`'s,
    // if it is a timer or a `JoinHandle`).
    #[track_caller]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        if let Poll::Ready(output) = this.future.poll(cx) {
            return Poll::Ready(Ok(output));
        }
        match Pin::new(this.sleep).poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(Elapsed(()))),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<F> fmt::Debug for Timeout<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Timeout")
            .field("deadline", &self.sleep.deadline())
            .finish_non_exhaustive()
    }
}

/// The error of a [`timeout`] whose time ran out: Python's `TimeoutError`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Elapsed(());

impl fmt::Display for Elapsed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("deadline has elapsed")
    }
}

impl Error for Elapsed {}
