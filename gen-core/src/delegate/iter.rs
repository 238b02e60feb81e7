//! [`YieldFromIter`]: the future of `yield_from!` for an iterable.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

use crate::transport::Co;

/// The future of `yield_from!` for an iterator. Not public API.
#[doc(hidden)]
#[must_use = "a delegation does nothing unless awaited"]
pub struct YieldFromIter<I: Iterator, R> {
    iter: I,
    co: Co<I::Item, R>,
}

impl<I: Iterator, R> YieldFromIter<I, R> {
    pub(super) fn new(iter: I) -> Self {
        YieldFromIter {
            iter,
            co: Co::new(),
        }
    }
}

// The iterator is never pinned.
impl<I: Iterator, R> Unpin for YieldFromIter<I, R> {}

impl<I: Iterator, R> Future for YieldFromIter<I, R> {
    type Output = ();

    #[inline]
    #[track_caller]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.get_mut();
        // Iterators take no resume arguments: the driver drops them. The
        // iterator is user code: the slot is taken after it.
        match this.iter.next() {
            Some(value) => {
                // SAFETY: only `yield_from` hands this future out, and its
                // contract is that it is awaited in the body of a generator
                // whose handle has our `co`'s types: `cx` is that body's
                // context.
                unsafe { this.co.slot(cx) }.suspend_with(value);
                Poll::Pending
            }
            None => Poll::Ready(()),
        }
    }
}
