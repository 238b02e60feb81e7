//! The executor's task slots ([`TaskSlot`]): each spawned task lives in
//! one, with the slot's waker, from `spawn` until its handle took the
//! output or was dropped.
//!
//! Not to be confused with the yield transport's `Slot` (`transport.rs`),
//! where a yielded value crosses from a generator's body to its driver.

use std::any::Any;
use std::boxed::Box;
use std::mem;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};
use std::vec::Vec;

use super::wake::{Shared, TaskWaker};

/// A spawned future as the executor sees it: the future, then, once it
/// completed, its output, in one allocation (see `spawn.rs`).
pub(crate) trait Task {
    /// Polls the future; `Ready` once it completed or panicked (the
    /// output, or the panic, is kept for [`take_output`](Task::take_output)).
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()>;

    /// Moves the kept output into `out`, an `&mut Option<thread::Result<T>>`
    /// of the task's output type `T` (the handle knows it, the slab does not).
    fn take_output(self: Pin<&mut Self>, out: &mut dyn Any);
}

pub(crate) type BoxTask = Pin<Box<dyn Task>>;

/// Where a task lives: its slot, and which of the slot's successive tasks
/// it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TaskId {
    pub(crate) index: usize,
    pub(crate) generation: u32,
}

/// The stages of a [`TaskSlot`].
enum Entry {
    Vacant,
    /// `None` while the task is being polled: the executor took it out to
    /// poll it (see [`Tasks::start_poll`]).
    Running(Option<BoxTask>),
    /// Completed or panicked; the task holds the outcome for the handle.
    Finished(BoxTask),
    /// Aborted, or dropped when `block_on` returned, while the handle lives.
    Cancelled,
}

/// One place in the executor's slab: a task, or what is left of it for its
/// handle, and the waker the slot keeps across the tasks it holds.
struct TaskSlot {
    entry: Entry,
    /// Whoever awaits the task's handle.
    joiner: Option<Waker>,
    /// The handle is alive: the slot is kept for it when the task ends.
    has_handle: bool,
    /// The task aborted itself while being polled.
    aborted: bool,
    /// In the executor's queue: further wakes need not queue it again.
    queued: bool,
    /// `None` only while the task is being polled: the poll borrows it.
    waker: Option<Waker>,
    /// Bumped when the slot is freed, so a stale id is caught (in debug
    /// builds; a handle keeps its slot, so none should exist).
    generation: u32,
}

/// What a handle finds when it polls.
pub(crate) enum Join {
    Pending,
    Finished(BoxTask),
    Cancelled,
    /// The task is being polled right now, so the handle is polled from
    /// inside it: the task awaits itself, and waiting would never end.
    OwnTask,
}

/// A slab of task slots. Free slots are reused last-freed first, with their
/// wakers, so a steady stream of short tasks allocates no new wakers.
///
/// No method drops a task or a waker: those run user code, which may come
/// back here, so they are returned for the caller to drop after releasing
/// the slab.
pub(crate) struct Tasks {
    slots: Vec<TaskSlot>,
    free: Vec<usize>,
    shared: Arc<Shared>,
}

impl Tasks {
    pub(crate) fn new(shared: Arc<Shared>) -> Self {
        Tasks {
            slots: Vec::new(),
            free: Vec::new(),
            shared,
        }
    }

    /// Adds a task, with a handle, marked as queued (the caller queues it).
    pub(crate) fn insert(&mut self, task: BoxTask) -> TaskId {
        let index = match self.free.pop() {
            Some(index) => {
                let slot = &mut self.slots[index];
                slot.entry = Entry::Running(Some(task));
                slot.has_handle = true;
                slot.aborted = false;
                slot.queued = true;
                index
            }
            None => {
                let index = self.slots.len();
                let waker = Arc::new(TaskWaker::new(index, self.shared.clone()));
                self.slots.push(TaskSlot {
                    entry: Entry::Running(Some(task)),
                    joiner: None,
                    has_handle: true,
                    aborted: false,
                    queued: true,
                    waker: Some(Waker::from(waker)),
                    generation: 0,
                });
                index
            }
        };
        let slot = &self.slots[index];
        TaskId {
            index,
            generation: slot.generation,
        }
    }

    /// Marks the task at `index` as queued; `false` if it was already.
    pub(crate) fn mark_queued(&mut self, index: usize) -> bool {
        match self.slots.get_mut(index) {
            Some(slot) => !mem::replace(&mut slot.queued, true),
            None => false,
        }
    }

    /// Takes out the task at `index` to poll it, with its waker; `None` if
    /// it is not running (it ended after it was queued).
    pub(crate) fn start_poll(&mut self, index: usize) -> Option<(BoxTask, Waker)> {
        let slot = self.slots.get_mut(index)?;
        slot.queued = false;
        let Entry::Running(running) = &mut slot.entry else {
            return None;
        };
        let task = running.take()?;
        let waker = slot.waker.take().expect("a task slot lost its waker");
        Some((task, waker))
    }

    /// Puts back what [`start_poll`](Tasks::start_poll) took; `ended` if the
    /// poll returned `Ready`. Returns what to drop and the joiner to wake.
    pub(crate) fn end_poll(
        &mut self,
        index: usize,
        task: BoxTask,
        waker: Waker,
        ended: bool,
    ) -> (Option<BoxTask>, Option<Waker>) {
        let slot = &mut self.slots[index];
        slot.waker = Some(waker);
        if ended && slot.has_handle {
            slot.entry = Entry::Finished(task);
            (None, slot.joiner.take())
        } else if ended || slot.aborted {
            (Some(task), self.end(index))
        } else {
            slot.entry = Entry::Running(Some(task));
            (None, None)
        }
    }

    /// The handle's poll: the outcome, or `Pending` after registering
    /// `waker`. Frees the slot once the handle got the outcome.
    ///
    /// A task in the middle of its poll can only have its handle polled by
    /// itself: tasks run one at a time on one thread, and a handle cannot
    /// leave that thread. That is [`Join::OwnTask`], and nothing changes.
    pub(crate) fn join(&mut self, id: TaskId, waker: &Waker) -> Join {
        let slot = self.slot(id);
        match slot.entry {
            Entry::Running(None) => return Join::OwnTask,
            Entry::Running(Some(_)) => {
                match &mut slot.joiner {
                    Some(joiner) if joiner.will_wake(waker) => {}
                    joiner => *joiner = Some(waker.clone()),
                }
                return Join::Pending;
            }
            Entry::Vacant => unreachable!("a task slot was freed under its handle"),
            Entry::Finished(_) | Entry::Cancelled => {}
        }
        slot.has_handle = false;
        match self.free_slot(id.index) {
            Entry::Finished(task) => Join::Finished(task),
            _ => Join::Cancelled,
        }
    }

    /// Whether the task stopped: it completed, panicked or was cancelled.
    pub(crate) fn is_finished(&self, id: TaskId) -> bool {
        let slot = &self.slots[id.index];
        debug_assert_eq!(slot.generation, id.generation);
        !matches!(slot.entry, Entry::Running(_))
    }

    /// Cancels a running task: returns it to drop, with the joiner to wake.
    /// A task being polled (aborting itself) is cancelled when its poll
    /// returns.
    pub(crate) fn abort(&mut self, id: TaskId) -> (Option<BoxTask>, Option<Waker>) {
        let slot = self.slot(id);
        match &mut slot.entry {
            Entry::Running(None) => {
                slot.aborted = true;
                (None, None)
            }
            Entry::Running(task) => {
                let task = task.take();
                slot.entry = Entry::Cancelled;
                (task, slot.joiner.take())
            }
            _ => (None, None),
        }
    }

    /// The handle was dropped: a running task carries on detached, an ended
    /// one is freed. Returns what to drop: the ended task (with its output)
    /// and the waker of the handle's last poll.
    pub(crate) fn detach(&mut self, id: TaskId) -> (Option<BoxTask>, Option<Waker>) {
        let slot = self.slot(id);
        slot.has_handle = false;
        let joiner = slot.joiner.take();
        if let Entry::Running(_) = slot.entry {
            return (None, joiner);
        }
        match self.free_slot(id.index) {
            Entry::Finished(task) => (Some(task), joiner),
            _ => (None, joiner),
        }
    }

    /// Takes out every running task, for the executor to drop when it shuts
    /// down, with the wakers of whoever awaits them; their handles will
    /// report them cancelled. Finished tasks stay for their handles.
    pub(crate) fn drain_running(&mut self, tasks: &mut Vec<BoxTask>, joiners: &mut Vec<Waker>) {
        for index in 0..self.slots.len() {
            if let Entry::Running(task) = &mut self.slots[index].entry {
                tasks.extend(task.take());
                joiners.extend(self.end(index));
            }
        }
    }

    fn slot(&mut self, id: TaskId) -> &mut TaskSlot {
        let slot = &mut self.slots[id.index];
        debug_assert_eq!(slot.generation, id.generation, "a stale task id");
        slot
    }

    /// The task ended without an output for anyone: `Cancelled` if its
    /// handle will look, freed otherwise. Returns the joiner to wake.
    fn end(&mut self, index: usize) -> Option<Waker> {
        let slot = &mut self.slots[index];
        let joiner = slot.joiner.take();
        if slot.has_handle {
            slot.entry = Entry::Cancelled;
        } else {
            self.free_slot(index);
        }
        joiner
    }

    /// Frees a slot and returns what it held.
    fn free_slot(&mut self, index: usize) -> Entry {
        let slot = &mut self.slots[index];
        slot.generation = slot.generation.wrapping_add(1);
        slot.has_handle = false;
        slot.aborted = false;
        self.free.push(index);
        mem::replace(&mut slot.entry, Entry::Vacant)
    }
}
