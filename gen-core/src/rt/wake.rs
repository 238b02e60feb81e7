//! Wake-ups: how the [`Waker`](std::task::Waker) of a task reaches its
//! executor, from the executor's own thread or from any other, and how the
//! executor sleeps until one arrives without ever missing it.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::Wake;
use std::thread::{self, Thread};
use std::time::Instant;
use std::vec::Vec;

use super::executor;

/// The index that stands for the future passed to `block_on` itself.
pub(crate) const MAIN: usize = usize::MAX;

/// The part of an executor that other threads reach: wake-ups that come
/// from outside the executor's thread, and the thread to unpark.
pub(crate) struct Shared {
    remote: Mutex<Remote>,
    /// Whether `remote.woken` may be non-empty, so that the executor's turn
    /// only takes the lock when another thread woke something.
    has_remote: AtomicBool,
    thread: Thread,
}

struct Remote {
    woken: Vec<Arc<TaskWaker>>,
    /// The executor is parked, or about to be: the next wake-up unparks it.
    parked: bool,
    /// The executor shut down: wake-ups are dropped (queued, they would
    /// keep `Shared` alive through their own reference to it).
    closed: bool,
}

impl Shared {
    /// The shared half of an executor running on the current thread.
    pub(crate) fn new() -> Self {
        Shared {
            remote: Mutex::new(Remote {
                woken: Vec::new(),
                parked: false,
                closed: false,
            }),
            has_remote: AtomicBool::new(false),
            thread: thread::current(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Remote> {
        // The queue is valid at every step, so a panic elsewhere (out of
        // memory in `push`) cannot leave it broken.
        self.remote.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Queues a wake-up from another thread, and unparks the executor if it
    /// sleeps.
    fn wake_remote(&self, waker: Arc<TaskWaker>) {
        let mut remote = self.lock();
        if remote.closed {
            return;
        }
        remote.woken.push(waker);
        self.has_remote.store(true, Ordering::Release);
        let parked = std::mem::replace(&mut remote.parked, false);
        drop(remote);
        if parked {
            self.thread.unpark();
        }
    }

    /// Calls `queue` with the index of every task woken from another thread
    /// since the last call, in the order they were woken.
    pub(crate) fn take_remote(
        &self,
        spare: &mut Vec<Arc<TaskWaker>>,
        mut queue: impl FnMut(usize),
    ) {
        if !self.has_remote.load(Ordering::Acquire) {
            return;
        }
        {
            let mut remote = self.lock();
            self.has_remote.store(false, Ordering::Relaxed);
            std::mem::swap(spare, &mut remote.woken);
        }
        for waker in spare.drain(..) {
            // A swap, not a store: the poll that follows must see what the
            // thread did before a wake that found the flag still set.
            waker.remote_queued.swap(false, Ordering::AcqRel);
            queue(waker.index);
        }
    }

    /// Stops queueing wake-ups, when the executor shuts down.
    pub(crate) fn close(&self) {
        let woken = {
            let mut remote = self.lock();
            remote.closed = true;
            std::mem::take(&mut remote.woken)
        };
        drop(woken);
    }

    /// Parks the executor's thread until a wake-up arrives from another
    /// thread or `deadline` passes (spurious returns are possible).
    ///
    /// No wake-up is lost: `parked` is set under the same lock wakers take,
    /// and a waker that finds it set unparks the thread, which makes a
    /// `park` that has not started yet return at once.
    pub(crate) fn park(&self, deadline: Option<Instant>) {
        {
            let mut remote = self.lock();
            if !remote.woken.is_empty() {
                return;
            }
            remote.parked = true;
        }
        match deadline {
            Some(deadline) => {
                let now = Instant::now();
                if deadline > now {
                    thread::park_timeout(deadline - now);
                }
            }
            None => thread::park(),
        }
        self.lock().parked = false;
    }
}

/// The waker of one task slot (or of `block_on`'s own future).
///
/// On the executor's thread a wake queues the slot's index directly (the
/// executor skips it if it is queued already). From another thread it goes
/// through [`Shared`], at most once until the executor takes it, so a busy
/// producer thread cannot flood the queue.
///
/// A slot keeps its waker when its task ends, and the next task in that
/// slot reuses it: a waker someone kept from an old task can only cause a
/// spurious poll of a newer one, which every future tolerates.
pub(crate) struct TaskWaker {
    index: usize,
    /// In the remote queue, not yet taken by the executor.
    remote_queued: AtomicBool,
    shared: Arc<Shared>,
}

impl TaskWaker {
    pub(crate) fn new(index: usize, shared: Arc<Shared>) -> Self {
        TaskWaker {
            index,
            remote_queued: AtomicBool::new(false),
            shared,
        }
    }
}

impl Wake for TaskWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        if !executor::wake_local(&self.shared, self.index)
            && !self.remote_queued.swap(true, Ordering::AcqRel)
        {
            self.shared.wake_remote(self.clone());
        }
    }
}
