//! [`YieldFromStream`]: the future of `yield_from!` for a `Stream`, in an
//! async generator.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

use futures_core::Stream;
use pin_project_lite::pin_project;

use crate::transport::{Co, Scope};

pin_project! {
    /// The future of `yield_from!` for a stream. Not public API.
    #[doc(hidden)]
    #[must_use = "a delegation does nothing unless awaited"]
    pub struct YieldFromStream<D, R>
    where
        D: Stream,
    {
        #[pin]
        delegate: D,
        co: Co<D::Item, R>,
    }
}

impl<D: Stream, R> YieldFromStream<D, R> {
    pub(super) fn new(delegate: D) -> Self {
        YieldFromStream {
            delegate,
            co: Co::new(),
        }
    }
}

impl<D: Stream, R> Future for YieldFromStream<D, R> {
    type Output = ();

    #[inline]
    #[track_caller]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.project();
        // The stream is polled with the executor's waker, not the scope's:
        // it is user code, and has no business with the generator's slot.
        let mut stream_cx = Context::from_waker(Scope::of(cx).waker());
        match this.delegate.poll_next(&mut stream_cx) {
            Poll::Ready(Some(value)) => {
                // SAFETY: only `yield_from` hands this future out, and its
                // contract is that it is awaited in the body of a generator
                // whose handle has our `co`'s types: `cx` is that body's
                // context.
                unsafe { this.co.slot(cx) }.suspend_with(value);
                Poll::Pending
            }
            Poll::Ready(None) => Poll::Ready(()),
            Poll::Pending => Poll::Pending,
        }
    }
}
