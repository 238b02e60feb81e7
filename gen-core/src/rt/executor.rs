//! The executor: [`block_on`], the run loop, and the thread-local that lets
//! `spawn`, timers and wakers find the executor running on this thread
//! (installed for exactly as long as `block_on` runs, panics included).

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::panic::{self, AssertUnwindSafe};
use std::pin::{Pin, pin};
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll, Waker};
use std::time::Instant;
use std::vec::Vec;

use super::tasks::{BoxTask, TaskId, Tasks};
use super::timers::Timers;
use super::wake::{MAIN, Shared, TaskWaker};

std::thread_local! {
    /// The executor of the `block_on` running on this thread, if any.
    static CURRENT: RefCell<Option<Rc<Executor>>> = const { RefCell::new(None) };
}

/// Tells executors apart, so that a handle or timer of one never acts on
/// another that runs later on the same thread.
static NEXT_ID: AtomicU64 = AtomicU64::new(0);

/// The state of one `block_on`. Only its thread touches it, except for
/// [`Shared`], which wakers on other threads reach.
pub(crate) struct Executor {
    pub(crate) id: u64,
    shared: Arc<Shared>,
    pub(crate) tasks: RefCell<Tasks>,
    /// Indices of tasks to poll in the next turn, queued on this thread (by
    /// `spawn` and by wakes); wakes from other threads go through `shared`.
    ready: RefCell<Vec<usize>>,
    /// `block_on`'s own future is in `ready` (tasks have a flag in their slot).
    main_queued: Cell<bool>,
    pub(crate) timers: RefCell<Timers>,
}

/// Runs a future to completion on the current thread, together with every
/// task [`spawn`](super::spawn())ed meanwhile, and returns its output:
/// Python's `asyncio.run(main())`.
///
/// Tasks run in the order they were spawned or woken. When nothing is
/// ready the thread sleeps until the next timer is due or a waker is woken,
/// from this thread or any other. When `future` completes, `block_on`
/// returns: tasks still running are dropped, as `asyncio.run` cancels them
/// (their [`JoinHandle`](super::JoinHandle)s then report them aborted).
///
/// ```
/// use coyield::rt;
/// use std::time::Duration;
///
/// let answer = rt::block_on(async {
///     let task = rt::spawn(async {
///         rt::sleep(Duration::from_millis(5)).await;
///         6
///     });
///     task.await * 7
/// });
/// assert_eq!(answer, 42);
/// ```
///
/// # Panics
///
/// If called inside another `block_on` (in a task, or in the future
/// itself): the inner call would block the thread, and every task of the
/// outer one, until its future completes. `.await` the future instead, or
/// [`spawn`](super::spawn()) it.
///
/// If `future` panics, the panic passes through, after the remaining tasks
/// are dropped. A panic in a spawned task does not reach `block_on`: it
/// goes to whoever awaits that task's [`JoinHandle`](super::JoinHandle).
/// A panic in the destructor of a task dropped when `block_on` returns
/// passes through once every other task is dropped too (unless `future`
/// panicked: then that panic passes through). Either way the thread can
/// run `block_on` again.
#[track_caller]
pub fn block_on<F: Future>(future: F) -> F::Output {
    let executor = Entered::new();
    let future = pin!(future);
    // `future` is dropped before `executor`: its destructors may still use
    // the executor (drop a timer, spawn a task).
    executor.0.run(future)
}

/// The executor installed on this thread; dropping it shuts it down and
/// uninstalls it.
struct Entered(Rc<Executor>);

/// Uninstalls the executor when dropped, so that it is uninstalled however
/// its shutdown ends: a destructor or waker that panics there must not
/// leave it installed, or every later `block_on` on this thread would
/// panic as nested, and `spawn` outside `block_on` would go unnoticed.
struct Uninstall;

impl Drop for Uninstall {
    fn drop(&mut self) {
        CURRENT.with_borrow_mut(|current| *current = None);
    }
}

impl Entered {
    #[track_caller]
    fn new() -> Self {
        let shared = Arc::new(Shared::new());
        let executor = Rc::new(Executor {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            tasks: RefCell::new(Tasks::new(shared.clone())),
            shared,
            ready: RefCell::new(Vec::new()),
            main_queued: Cell::new(true),
            timers: RefCell::new(Timers::default()),
        });
        let nested = CURRENT.with_borrow_mut(|current| {
            if current.is_some() {
                return true;
            }
            *current = Some(executor.clone());
            false
        });
        assert!(
            !nested,
            "`coyield::rt::block_on` called inside `block_on`: it would block this \
             thread and every task on it until its future completes; `.await` the \
             future instead, or `spawn` it"
        );
        Entered(executor)
    }
}

impl Drop for Entered {
    fn drop(&mut self) {
        let _uninstall = Uninstall;
        // Dropping a task may spawn another (a destructor is user code), so
        // drain until no task is left; the executor stays installed until
        // then, so those calls find it.
        let mut tasks = Vec::new();
        let mut joiners = Vec::new();
        let mut panicked = None;
        loop {
            self.0
                .tasks
                .borrow_mut()
                .drain_running(&mut tasks, &mut joiners);
            if tasks.is_empty() && joiners.is_empty() {
                break;
            }
            // A destructor that panics must not end the shutdown early:
            // whoever awaits these tasks would not learn they were
            // cancelled, and tasks spawned meanwhile would stay in the slab,
            // dropped with it after the executor is uninstalled (where a
            // `spawn` in their destructors panics in turn), or never if they
            // hold a handle, hence the executor. Its panic waits for the end.
            for task in tasks.drain(..) {
                let dropped = panic::catch_unwind(AssertUnwindSafe(|| drop(task)));
                if let Err(payload) = dropped {
                    // The first panic is the one passed on; later ones are
                    // dropped.
                    panicked.get_or_insert(payload);
                }
            }
            // Whoever still awaits one of them learns it was cancelled.
            for joiner in joiners.drain(..) {
                joiner.wake();
            }
        }
        self.0.shared.close();
        let timers = self.0.timers.borrow_mut().take_all();
        drop(timers);
        // While `future`'s panic unwinds, a second one here would abort
        // the process; that first panic is the one to report.
        if let Some(payload) = panicked {
            if !std::thread::panicking() {
                panic::resume_unwind(payload);
            }
        }
    }
}

impl Executor {
    /// Polls `main` and the tasks until `main` completes.
    ///
    /// `main`'s poll gets `block_on`'s caller, so `block_on(handle)` of a
    /// stale handle (or a misused timer) reports the user's line.
    #[track_caller]
    fn run<T>(&self, mut main: Pin<&mut impl Future<Output = T>>) -> T {
        let main_waker = Waker::from(Arc::new(TaskWaker::new(MAIN, self.shared.clone())));
        let mut batch = std::vec![MAIN];
        let mut remote = Vec::new();
        let mut due = Vec::new();
        loop {
            for index in batch.drain(..) {
                if index == MAIN {
                    self.main_queued.set(false);
                    let mut cx = Context::from_waker(&main_waker);
                    if let Poll::Ready(output) = main.as_mut().poll(&mut cx) {
                        return output;
                    }
                } else {
                    self.poll_task(index);
                }
            }
            self.fire_timers(&mut due);
            std::mem::swap(&mut batch, &mut *self.ready.borrow_mut());
            self.shared.take_remote(&mut remote, |index| {
                if self.mark_queued(index) {
                    batch.push(index);
                }
            });
            if batch.is_empty() {
                let deadline = self.timers.borrow().next_deadline();
                self.shared.park(deadline);
            }
        }
    }

    /// Marks a task (or the main future) as queued; `false` if it was
    /// already. If the slab is busy (it never is while user code runs), the
    /// task is queued again: a spurious poll is harmless, a lost wake is not.
    fn mark_queued(&self, index: usize) -> bool {
        if index == MAIN {
            !self.main_queued.replace(true)
        } else {
            self.tasks
                .try_borrow_mut()
                .map_or(true, |mut tasks| tasks.mark_queued(index))
        }
    }

    fn poll_task(&self, index: usize) {
        let Some((mut task, waker)) = self.tasks.borrow_mut().start_poll(index) else {
            return;
        };
        let ended = task
            .as_mut()
            .poll(&mut Context::from_waker(&waker))
            .is_ready();
        let (ended, joiner) = self.tasks.borrow_mut().end_poll(index, task, waker, ended);
        drop(ended);
        if let Some(joiner) = joiner {
            joiner.wake();
        }
    }

    /// Wakes the timers that are due.
    fn fire_timers(&self, due: &mut Vec<Waker>) {
        {
            let mut timers = self.timers.borrow_mut();
            if timers.is_empty() {
                return;
            }
            timers.expire(Instant::now(), due);
        }
        for waker in due.drain(..) {
            waker.wake();
        }
    }

    /// Adds a task and queues it.
    pub(crate) fn spawn(&self, task: BoxTask) -> TaskId {
        let id = self.tasks.borrow_mut().insert(task);
        self.ready.borrow_mut().push(id.index);
        id
    }
}

/// Runs `f` with the executor of the `block_on` running on this thread;
/// `None` if there is none.
pub(crate) fn with_current<R>(f: impl FnOnce(&Rc<Executor>) -> R) -> Option<R> {
    CURRENT
        .try_with(|current| current.try_borrow().ok()?.as_ref().map(f))
        .ok()
        .flatten()
}

/// Queues `index` on the executor owning `shared` if that executor runs on
/// this thread; `false` otherwise.
pub(crate) fn wake_local(shared: &Arc<Shared>, index: usize) -> bool {
    with_current(|executor| {
        if !Arc::ptr_eq(&executor.shared, shared) {
            return false;
        }
        let Ok(mut ready) = executor.ready.try_borrow_mut() else {
            return false;
        };
        if executor.mark_queued(index) {
            ready.push(index);
        }
        true
    })
    .unwrap_or(false)
}

/// The panic of an rt function used where no executor runs.
#[cold]
#[track_caller]
pub(crate) fn outside_block_on(what: &str) -> ! {
    panic!(
        "`coyield::rt::{what}` called outside `coyield::rt::block_on`; run this inside `block_on(...)`"
    )
}
