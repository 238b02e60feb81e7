//! [`yield_now`]: let the other ready tasks run.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// Lets every other task that is ready run before this one continues:
/// Python's `await asyncio.sleep(0)`.
///
/// The future wakes itself and returns `Pending` once; the executor queues
/// the task behind those already queued. It works under any executor that
/// honours wake-ups.
///
/// ```
/// use coyield::rt;
/// use std::cell::RefCell;
/// use std::rc::Rc;
///
/// let trace = Rc::new(RefCell::new(Vec::new()));
/// rt::block_on(async {
///     let tasks: Vec<_> = ["a", "b"]
///         .into_iter()
///         .map(|name| {
///             let trace = trace.clone();
///             rt::spawn(async move {
///                 for i in 0..2 {
///                     trace.borrow_mut().push(format!("{name}{i}"));
///                     rt::yield_now().await;
///                 }
///             })
///         })
///         .collect();
///     rt::join_all(tasks).await;
/// });
/// assert_eq!(*trace.borrow(), ["a0", "b0", "a1", "b1"]);
/// ```
pub fn yield_now() -> YieldNow {
    YieldNow { yielded: false }
}

/// The future of [`yield_now`].
#[derive(Debug)]
#[must_use = "futures do nothing unless awaited"]
pub struct YieldNow {
    yielded: bool,
}

impl Future for YieldNow {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.yielded {
            return Poll::Ready(());
        }
        self.yielded = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}
