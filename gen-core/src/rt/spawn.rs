//! [`spawn`] and [`JoinHandle`]: a task's future, and how its output (or
//! panic) reaches whoever awaits it.

use std::any::Any;
use std::boxed::Box;
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::panic::{self, AssertUnwindSafe};
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};
use std::thread;

use pin_project_lite::pin_project;

use super::executor::{self, Executor, outside_block_on};
use super::tasks::{Join, Task, TaskId};

/// Starts running a future as a task of the current [`block_on`](super::block_on()),
/// concurrently with the others, and returns its handle: Python's
/// `asyncio.create_task(coro)`.
///
/// The task starts at the executor's next turn, after the tasks already
/// queued. The future need not be `Send`: it stays on this thread. It runs
/// until it completes, is [aborted](JoinHandle::abort), or `block_on`
/// returns; dropping the handle does not stop it.
///
/// ```
/// use coyield::rt;
/// use std::time::Duration;
///
/// rt::block_on(async {
///     let tasks: Vec<_> = (1..=3u64)
///         .map(|i| {
///             rt::spawn(async move {
///                 rt::sleep(Duration::from_millis(i)).await;
///                 i * 10
///             })
///         })
///         .collect();
///     assert_eq!(rt::join_all(tasks).await, [10, 20, 30]);
/// });
/// ```
///
/// # Panics
///
/// If called outside `block_on`. A panic inside the task does not
/// propagate here or to the executor: awaiting the handle resumes it.
#[track_caller]
pub fn spawn<F>(future: F) -> JoinHandle<F::Output>
where
    F: Future + 'static,
    F::Output: 'static,
{
    let handle = executor::with_current(move |executor| {
        let id = executor.spawn(Box::pin(Spawned::Running { future }));
        JoinHandle {
            executor: executor.clone(),
            id,
            done: false,
            _output: PhantomData,
        }
    });
    match handle {
        Some(handle) => handle,
        None => outside_block_on("spawn"),
    }
}

/// The handle of a [`spawn`]ed task: a future that completes with the
/// task's output.
///
/// Awaiting it is Python's `await task`. Dropping it detaches the task,
/// which keeps running; its output is then dropped when it completes. The
/// handle stays usable after its `block_on` returned.
///
/// # Panics
///
/// When polled: if the task panicked, with the task's panic (the panic is
/// caught where the task runs and resumed here, as `await task` re-raises
/// the task's exception); if the task was [aborted](JoinHandle::abort)
/// (or dropped because its `block_on` returned) before it completed, as
/// `await task` raises `CancelledError`; if polled again after it
/// completed; and if polled by its own task, which would wait for itself
/// forever (asyncio raises "Task cannot await on itself"). The panics that
/// are misuse report the line that polled the handle (its `.await`).
#[must_use = "dropping a `JoinHandle` detaches its task; `.await` it to get the output"]
pub struct JoinHandle<T> {
    executor: Rc<Executor>,
    id: TaskId,
    /// The handle returned the outcome and gave up the task's slot.
    done: bool,
    /// The handle produces a `T`; it holds none itself.
    _output: PhantomData<fn() -> T>,
}

impl<T> JoinHandle<T> {
    /// Whether the task stopped: it completed, panicked or was aborted.
    /// Awaiting the handle then completes at once.
    #[must_use]
    pub fn is_finished(&self) -> bool {
        self.done || self.executor.tasks.borrow().is_finished(self.id)
    }

    /// Cancels the task, like Python's `task.cancel()`: its future is
    /// dropped where it is suspended, without being polled again, and
    /// awaiting this handle panics.
    ///
    /// The future is dropped before `abort` returns, unless the task aborts
    /// itself (then it is dropped as soon as its current poll returns). Does
    /// nothing if the task already completed: its output stays available.
    ///
    /// ```
    /// use coyield::rt;
    /// use std::time::Duration;
    ///
    /// rt::block_on(async {
    ///     let task = rt::spawn(rt::sleep(Duration::from_secs(3600)));
    ///     task.abort();
    ///     assert!(task.is_finished());
    /// });
    /// ```
    pub fn abort(&self) {
        if self.done {
            return;
        }
        let (task, joiner) = self.executor.tasks.borrow_mut().abort(self.id);
        drop(task);
        if let Some(joiner) = joiner {
            joiner.wake();
        }
    }
}

impl<T: 'static> Future for JoinHandle<T> {
    type Output = T;

    // The misuse panics point at the caller: the `.await`, or the line of
    // a hand-written poll.
    #[track_caller]
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        assert!(!self.done, "`JoinHandle` polled after it completed");
        let join = self.executor.tasks.borrow_mut().join(self.id, cx.waker());
        let mut task = match join {
            Join::Pending => return Poll::Pending,
            Join::Finished(task) => task,
            Join::Cancelled => {
                self.done = true;
                aborted();
            }
            // The handle stays as it was: whoever else awaits it later gets
            // the task's outcome, this panic included.
            Join::OwnTask => awaited_itself(),
        };
        self.done = true;
        let mut outcome: Option<thread::Result<T>> = None;
        task.as_mut().take_output(&mut outcome);
        drop(task);
        match outcome.expect("a finished task has its outcome") {
            Ok(output) => Poll::Ready(output),
            Err(payload) => panic::resume_unwind(payload),
        }
    }
}

#[cold]
#[track_caller]
fn aborted() -> ! {
    panic!(
        "awaited a task that was aborted before it completed (by `JoinHandle::abort`, \
         or dropped when its `block_on` returned), so it has no output; drop the \
         handle of a task you abort instead of awaiting it"
    )
}

#[cold]
#[track_caller]
fn awaited_itself() -> ! {
    panic!(
        "a task awaited its own `JoinHandle`: it would wait for itself forever; \
         await the handle from another task, or from the future passed to `block_on`"
    )
}

impl<T> Drop for JoinHandle<T> {
    fn drop(&mut self) {
        if !self.done {
            // The slab is never borrowed while user code (this drop) runs.
            let released = self
                .executor
                .tasks
                .try_borrow_mut()
                .map(|mut tasks| tasks.detach(self.id));
            drop(released);
        }
    }
}

impl<T> fmt::Debug for JoinHandle<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JoinHandle")
            .field("task", &self.id.index)
            .field("finished", &self.is_finished())
            .finish_non_exhaustive()
    }
}

pin_project! {
    /// A spawned future as the executor keeps it: the future until it
    /// completes, then its outcome until the handle takes it.
    #[project = SpawnedProj]
    enum Spawned<F: Future> {
        Running { #[pin] future: F },
        Finished { outcome: Option<thread::Result<F::Output>> },
    }
}

impl<F> Task for Spawned<F>
where
    F: Future + 'static,
    F::Output: 'static,
{
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let SpawnedProj::Running { future } = self.as_mut().project() else {
            return Poll::Ready(());
        };
        // The panic is handed to whoever awaits the handle, as if the task
        // had run there; the executor's own state is not touched by the
        // task's poll, and the panicked future is dropped, never polled again.
        let outcome = match panic::catch_unwind(AssertUnwindSafe(|| future.poll(cx))) {
            Ok(Poll::Pending) => return Poll::Pending,
            Ok(Poll::Ready(output)) => Ok(output),
            Err(payload) => Err(payload),
        };
        // Drops the future in place now, not when the handle takes the
        // output. A panic in its destructor is the task's panic too (`set`
        // writes the new value even then).
        let dropped = panic::catch_unwind(AssertUnwindSafe(|| {
            self.as_mut().set(Spawned::Finished { outcome: None });
        }));
        let outcome = match (outcome, dropped) {
            (Ok(_), Err(payload)) => Err(payload),
            (outcome, _) => outcome,
        };
        self.set(Spawned::Finished {
            outcome: Some(outcome),
        });
        Poll::Ready(())
    }

    fn take_output(self: Pin<&mut Self>, out: &mut dyn Any) {
        if let (SpawnedProj::Finished { outcome }, Some(out)) = (
            self.project(),
            out.downcast_mut::<Option<thread::Result<F::Output>>>(),
        ) {
            *out = outcome.take();
        }
    }
}
