//! [`YieldFromCoroutine`]: the future of `yield_from!` for any
//! [`Coroutine`] that is not a coyield generator.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

use pin_project_lite::pin_project;

use crate::coroutine::{Coroutine, CoroutineState};
use crate::transport::Co;

pin_project! {
    /// The future of `yield_from!` for a coroutine. Not public API.
    #[doc(hidden)]
    #[must_use = "a delegation does nothing unless awaited"]
    pub struct YieldFromCoroutine<D, R>
    where
        D: Coroutine<R>,
    {
        #[pin]
        delegate: D,
        co: Co<D::Yield, R>,
    }
}

impl<D: Coroutine<R>, R> YieldFromCoroutine<D, R> {
    pub(super) fn new(delegate: D) -> Self {
        YieldFromCoroutine {
            delegate,
            co: Co::new(),
        }
    }
}

impl<D: Coroutine<R>, R: Default> Future for YieldFromCoroutine<D, R> {
    type Output = D::Return;

    #[inline]
    #[track_caller]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<D::Return> {
        let this = self.project();
        // Each poll is a resume: the driver delivered its argument, except on
        // the first poll when the body already took it (Python sends `None`).
        // The slot is not held across the delegate's `resume`, which is
        // user code.
        // SAFETY: only `yield_from` hands this future out, and its contract
        // is that it is awaited in the body of a generator whose handle has
        // our `co`'s types: `cx` is that body's context.
        let arg = unsafe { this.co.slot(cx) }
            .take_resume()
            .unwrap_or_default();
        match this.delegate.resume(arg) {
            CoroutineState::Yielded(value) => {
                // SAFETY: as above.
                unsafe { this.co.slot(cx) }.suspend_with(value);
                Poll::Pending
            }
            CoroutineState::Complete(value) => Poll::Ready(value),
        }
    }
}
