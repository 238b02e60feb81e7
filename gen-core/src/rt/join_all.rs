//! [`join_all`]: wait for many futures, keep their outputs in order.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::vec::Vec;

use super::future_set::FutureSet;

/// Runs all the futures concurrently and completes with their outputs, in
/// the order of the input: Python's `asyncio.gather(*aws)`.
///
/// The futures run inside the returned future (they need not be `'static`
/// and it works under any executor); to run them as tasks, pass their
/// [`JoinHandle`](super::JoinHandle)s. Each is polled only when it was
/// woken.
///
/// ```
/// use coyield::rt;
/// use std::time::Duration;
///
/// let outputs = rt::block_on(rt::join_all([30, 10, 20].map(|ms| async move {
///     rt::sleep(Duration::from_millis(ms)).await;
///     ms
/// })));
/// assert_eq!(outputs, [30, 10, 20]);
/// ```
pub fn join_all<I>(futures: I) -> JoinAll<I::Item>
where
    I: IntoIterator,
    I::Item: Future,
{
    let set = FutureSet::new(futures);
    let outputs = (0..set.len()).map(|_| None).collect();
    JoinAll {
        set,
        outputs: Some(outputs),
    }
}

/// The future of [`join_all`].
#[must_use = "futures do nothing unless awaited"]
pub struct JoinAll<F: Future> {
    set: FutureSet<F>,
    /// One place per future, filled as they complete; `None` once returned.
    outputs: Option<Vec<Option<F::Output>>>,
}

// The futures are boxed in the set, never pinned in place.
impl<F: Future> Unpin for JoinAll<F> {}

impl<F: Future> Future for JoinAll<F> {
    type Output = Vec<F::Output>;

    // A misuse panic, here or in a timer or `JoinHandle` of the set, points
    // at the caller: the `.await`, or the line of a hand-written poll.
    #[track_caller]
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let outputs = this
            .outputs
            .as_mut()
            .expect("`JoinAll` polled after it completed");
        loop {
            match this.set.poll_next(cx) {
                Poll::Ready(Some((index, output))) => outputs[index] = Some(output),
                Poll::Ready(None) => break,
                Poll::Pending => return Poll::Pending,
            }
        }
        let outputs = this.outputs.take().into_iter().flatten();
        Poll::Ready(
            outputs
                .map(|output| output.expect("every future completed"))
                .collect(),
        )
    }
}

impl<F: Future> fmt::Debug for JoinAll<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JoinAll")
            .field("len", &self.set.len())
            .finish_non_exhaustive()
    }
}
