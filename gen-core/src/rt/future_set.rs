//! A set of futures polled together, each only when it was woken: the
//! machinery of [`join_all`](super::join_all()) and
//! [`as_completed`](super::as_completed()).
//!
//! Every future gets its own waker, which records the future's index and
//! wakes whoever polls the set, so a poll of the set costs what the woken
//! futures cost, not what all of them do (polling all of them on every
//! wake-up would make `n` futures that complete one by one cost `n²`).

use std::boxed::Box;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll, Wake, Waker};
use std::vec::Vec;

pub(crate) struct FutureSet<F> {
    children: Vec<Child<F>>,
    /// How many children have not completed.
    remaining: usize,
    /// Indices to poll in this round, and how far the round got.
    batch: Vec<usize>,
    cursor: usize,
    woken: Arc<Woken>,
}

struct Child<F> {
    /// `None` once it completed.
    future: Option<Pin<Box<F>>>,
    flag: Arc<ChildWaker>,
    waker: Waker,
}

/// The indices of woken children, and the waker of whoever polls the set.
#[derive(Default)]
struct Woken {
    state: Mutex<WokenState>,
}

#[derive(Default)]
struct WokenState {
    indices: Vec<usize>,
    parent: Option<Waker>,
    /// The parent was woken since its last poll: further wakes need not.
    parent_woken: bool,
}

impl Woken {
    fn lock(&self) -> MutexGuard<'_, WokenState> {
        // The state is valid at every step, so a panic elsewhere cannot
        // leave it broken.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

struct ChildWaker {
    index: usize,
    /// Set when queued, cleared just before the child is polled.
    scheduled: AtomicBool,
    woken: Arc<Woken>,
}

impl Wake for ChildWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        if self.scheduled.swap(true, Ordering::AcqRel) {
            return;
        }
        let mut state = self.woken.lock();
        state.indices.push(self.index);
        let parent = if state.parent_woken {
            None
        } else {
            state.parent_woken = true;
            state.parent.clone()
        };
        drop(state);
        // Woken outside the lock: a waker may run arbitrary code.
        if let Some(parent) = parent {
            parent.wake();
        }
    }
}

impl<F: Future> FutureSet<F> {
    pub(crate) fn new(futures: impl IntoIterator<Item = F>) -> Self {
        let woken = Arc::new(Woken::default());
        let children: Vec<Child<F>> = futures
            .into_iter()
            .enumerate()
            .map(|(index, future)| {
                let flag = Arc::new(ChildWaker {
                    index,
                    // Every child is in the first round already.
                    scheduled: AtomicBool::new(true),
                    woken: woken.clone(),
                });
                Child {
                    future: Some(Box::pin(future)),
                    waker: Waker::from(flag.clone()),
                    flag,
                }
            })
            .collect();
        FutureSet {
            remaining: children.len(),
            batch: (0..children.len()).collect(),
            cursor: 0,
            children,
            woken,
        }
    }

    /// A future that owns the set and completes with it and the result of
    /// [`poll_next`](FutureSet::poll_next).
    ///
    /// What an async generator awaits instead of a `poll_fn` borrowing the
    /// set: a borrow of the body's own local, held across the await, is a
    /// self-reference the generator's driver would have to respect.
    pub(crate) fn into_next(self) -> TakeNext<F> {
        TakeNext(Some(self))
    }

    /// The number of futures in the set.
    pub(crate) fn len(&self) -> usize {
        self.children.len()
    }

    /// Polls the woken children, in the order they were woken, until one
    /// completes: `Ready(Some((index, output)))`; `Ready(None)` once all
    /// did. Takes at most one new round of wake-ups per call, so a child
    /// that keeps waking itself cannot hold the caller forever.
    ///
    /// Passes its caller on to the children's polls, so that the misuse
    /// panic of a timer or `JoinHandle` in the set reports the user's line.
    #[track_caller]
    pub(crate) fn poll_next(&mut self, cx: &mut Context<'_>) -> Poll<Option<(usize, F::Output)>> {
        let mut refilled = false;
        loop {
            while let Some(&index) = self.batch.get(self.cursor) {
                self.cursor += 1;
                let child = &mut self.children[index];
                let Some(future) = &mut child.future else {
                    continue;
                };
                child.flag.scheduled.swap(false, Ordering::AcqRel);
                if let Poll::Ready(output) =
                    future.as_mut().poll(&mut Context::from_waker(&child.waker))
                {
                    child.future = None;
                    self.remaining -= 1;
                    return Poll::Ready(Some((index, output)));
                }
            }
            if self.remaining == 0 {
                return Poll::Ready(None);
            }
            if refilled {
                // Children woken during this round woke the caller already.
                return Poll::Pending;
            }
            self.batch.clear();
            self.cursor = 0;
            let mut state = self.woken.lock();
            std::mem::swap(&mut self.batch, &mut state.indices);
            state.parent_woken = false;
            match &mut state.parent {
                Some(parent) if parent.will_wake(cx.waker()) => {}
                parent => *parent = Some(cx.waker().clone()),
            }
            drop(state);
            if self.batch.is_empty() {
                return Poll::Pending;
            }
            refilled = true;
        }
    }
}

/// The future of [`FutureSet::into_next`].
pub(crate) struct TakeNext<F>(Option<FutureSet<F>>);

impl<F: Future> Future for TakeNext<F> {
    type Output = (FutureSet<F>, Option<(usize, F::Output)>);

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let set = self
            .0
            .as_mut()
            .expect("`TakeNext` polled after it completed");
        match set.poll_next(cx) {
            Poll::Ready(next) => Poll::Ready((self.0.take().expect("checked above"), next)),
            Poll::Pending => Poll::Pending,
        }
    }
}
