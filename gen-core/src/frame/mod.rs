//! [`RawGen`]: the state machine every generator type wraps and the driver
//! that resumes it, and the delegation chains that keep `yield_from!` cheap
//! at any depth.
//!
//! # Delegation without an O(depth) walk
//!
//! Resuming a chain `top → middle → bottom` of `yield_from!` naively polls
//! every level on every resume: O(depth) time per item and O(depth) stack,
//! which is what CPython pays. Here a delegate that contains no `yield_from!`
//! of its own (`!Body::DELEGATES`, known to the macros), and so cannot make
//! the chain any deeper, is polled in place by its delegator, with the same
//! context and so the same slot: a yielded value needs no copying, and the
//! compiler can inline the pair into one loop.
//!
//! A delegate that may delegate further runs in a [`Chain`] instead, held by
//! the `yield_from!` that delegated to it: the holder keeps a pointer to the
//! innermost delegate of the chain (its *leaf*) and polls that one directly,
//! with the holder's slot, so what the leaf yields is what the holder yields.
//! Frames a chain polls start no chains of their own: their delegates that
//! may delegate further join the holder's chain (`Out::Delegated`), each
//! remembering the frame that delegated to it (its *parent*), which the chain
//! polls again when it completes. So each resume polls a bounded number of
//! bodies, and building, running or tearing down a chain of any depth uses a
//! bounded amount of stack.
//!
//! The driver knows nothing of chains: its resume is one poll of the root's
//! body, whether that body delegates or not.
//!
//! Frames are addressed through [`FrameRef`]: a type-erased pointer to a
//! pinned `RawGen`. A frame is owned by its parent's body (through the
//! `yield_from!` future), so it stays in place while it is in a chain; the
//! holder closes its chain, innermost frame first, before any frame in it
//! can be dropped.

mod chain;
mod frame_ref;

use core::cell::UnsafeCell;
use core::marker::PhantomPinned;
use core::mem;
use core::pin::Pin;
use core::ptr::NonNull;
use core::task::{Context, Poll, Waker};

use pin_project_lite::pin_project;

use crate::body::Body;
use crate::coroutine::{CoroutineState, DefaultResume};
use crate::transport::{Out, Scope, Slot};

pub(crate) use chain::Chain;
pub(crate) use frame_ref::FrameRef;

pin_project! {
    /// A generator: its body, its slot and its place in a delegation chain.
    ///
    /// Must be pinned before it is first resumed: the body may borrow its own
    /// locals across yields, and delegation chains point into pinned frames.
    /// Not public API.
    #[doc(hidden)]
    pub struct RawGen<B: Body> {
        #[pin]
        body: BodyCell<B>,
        status: Status,
        // What the body returned, until taken.
        returned: Option<B::Return>,
        // The argument of a resume under way that no body has taken yet,
        // while the body waits on a future (async bodies only: an unbound
        // first argument, this generator's or that of a delegate it just
        // started, until a yield drops it). Each poll's slot lives on the
        // driver's stack (see `step`).
        pending: Option<B::Resume>,
        // As a frame in a chain: the frame to poll when this one completes
        // (`None` for the chain's first frame).
        parent: Option<FrameRef<B::Yield, B::Resume>>,
        // The last resume ended in `Pending` (an async body awaiting): the
        // next poll continues it without a new argument.
        mid_resume: bool,
        // Frames of a chain are addressed by pointer: never `Unpin`.
        #[pin]
        _pinned: PhantomPinned,
    }
}

/// The body, behind an `UnsafeCell`.
///
/// A suspended body may hold `&mut` borrows of its own locals. A shared
/// reference covering those bytes (as `is_finished(&self)` makes of the
/// whole generator) asserts, under Rust's aliasing rules, that nothing
/// mutates them, which would invalidate those borrows. Bytes in an
/// `UnsafeCell` are exempt; the cell itself is only used through `Pin<&mut>`.
struct BodyCell<B>(UnsafeCell<B>);

// SAFETY: `&BodyCell` gives no access to the body at all. Requiring
// `B: Sync` anyway keeps the generator `Sync` exactly when its state is.
unsafe impl<B: Sync> Sync for BodyCell<B> {}

impl<B> BodyCell<B> {
    #[inline(always)]
    fn get(self: Pin<&mut Self>) -> Pin<&mut B> {
        // SAFETY: the body is structurally pinned in the cell: it is never
        // moved out, and only dropped in place.
        unsafe { self.map_unchecked_mut(|cell| cell.0.get_mut()) }
    }
}

/// Where a generator is in its life, in order.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Status {
    /// Created; nothing of the body has run.
    Unresumed,
    /// Suspended in its body (or running it).
    Running,
    /// The body returned; the value is in `returned` until taken.
    Returned,
    /// Dropped before its end: closed, or unwound by a panic.
    Closed,
}

impl Status {
    /// Before a poll of the body: `Running` from now on. Written so the
    /// check in the hot path is one compare, which `next` shares.
    #[inline(always)]
    fn start(&mut self) {
        if *self != Status::Running {
            match *self {
                Status::Unresumed => *self = Status::Running,
                _ => resumed_after_end(),
            }
        }
    }
}

/// What one poll of a root's body produced.
enum Step<Y> {
    Yielded(Y),
    /// The body awaits a future that is not ready (async generators).
    Pending,
    /// The body returned; its value is in `returned`.
    Complete,
}

impl<B: Body> RawGen<B> {
    pub(crate) const fn new(body: B) -> Self {
        RawGen {
            body: BodyCell(UnsafeCell::new(body)),
            status: Status::Unresumed,
            returned: None,
            pending: None,
            parent: None,
            mid_resume: false,
            _pinned: PhantomPinned,
        }
    }

    /// Whether the body ran to its end, was closed, or panicked.
    pub(crate) fn is_finished(&self) -> bool {
        self.status >= Status::Returned
    }

    /// Whether the last resume ended waiting on a future (async only).
    pub(crate) fn is_mid_resume(&self) -> bool {
        self.mid_resume
    }

    /// A short name of the state, for `Debug` output.
    pub(crate) fn state_name(&self) -> &'static str {
        match self.status {
            Status::Unresumed => "unresumed",
            Status::Running if self.mid_resume => "running",
            Status::Running => "suspended",
            Status::Returned => "returned",
            Status::Closed => "closed",
        }
    }

    /// Polls the body once: until it yields, awaits or returns. `arg` is
    /// the argument of a new resume, `None` to go on with one that waited.
    ///
    /// The slot of the poll is a local of this function: what passes through
    /// it never touches the generator's memory, and when the caller's loop
    /// inlines the poll, the compiler keeps it in registers. Only the driver
    /// steps a frame (a delegator polling its delegate in place uses
    /// `poll_with`, a chain its frames `poll_chained`, both with the slot of
    /// the generator they run in).
    #[inline(always)]
    fn step(self: Pin<&mut Self>, arg: Option<B::Resume>, waker: &Waker) -> Step<B::Yield> {
        let this = self.project();
        let polling = Polling::start(this.status);
        let mut slot = Slot::new(arg.or_else(|| this.pending.take()));
        let poll = Scope::poll_body(this.body.get(), NonNull::from(&mut slot), waker, false);
        polling.end(poll.is_ready());
        // An argument no `yield_!` took (the first one, unbound) is dropped
        // with the slot, before the resume returns, unless the body waits.
        match poll {
            Poll::Ready(value) => {
                *this.returned = Some(value);
                Step::Complete
            }
            Poll::Pending => match slot.out {
                Out::Yielded(value) => Step::Yielded(value),
                // Outside a chain every `yield_from!` polls its delegate in
                // place or holds a chain of its own.
                Out::Delegated(_) => unreachable!("coyield bug: a delegate was handed to a driver"),
                Out::Empty => {
                    *this.pending = slot.resume;
                    Step::Pending
                }
            },
        }
    }

    /// Polls the body as part of a delegator's (see `Co::poll_in_place`):
    /// with the delegator's context, and so its slot, which has the same
    /// types. The return value comes back here instead of staying in the
    /// generator.
    ///
    /// The delegator calls [`start_in_place`](Self::start_in_place) first,
    /// once. If the body panics, a `borrowed` generator is marked finished,
    /// for its owner to see; an owned one is dropped with its delegator,
    /// which the panic closes (so its unwind path needs no store).
    #[inline(always)]
    pub(crate) fn poll_with(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        borrowed: bool,
    ) -> Poll<B::Return> {
        let this = self.project();
        if borrowed {
            let polling = Polling(this.status);
            let poll = this.body.get().poll_body(cx);
            polling.end(poll.is_ready());
            poll
        } else {
            let poll = this.body.get().poll_body(cx);
            if poll.is_ready() {
                *this.status = Status::Returned;
            }
            poll
        }
    }

    /// Marks the generator running before a delegator polls it in place
    /// (with `poll_with`) until it returns.
    ///
    /// # Panics
    ///
    /// If the generator is finished.
    #[inline(always)]
    pub(crate) fn start_in_place(self: Pin<&mut Self>) {
        self.project().status.start();
    }

    /// Polls the body as a chain does (see `chain.rs`): with the holder's
    /// `slot`, which has the same types, in a scope that makes the body's
    /// delegates that may delegate further join the chain. The return value
    /// is kept, as `step` keeps it.
    #[inline(always)]
    pub(crate) fn poll_chained(
        self: Pin<&mut Self>,
        slot: NonNull<Slot<B::Yield, B::Resume>>,
        waker: &Waker,
    ) -> Poll<()> {
        let this = self.project();
        let polling = Polling::start(this.status);
        let poll = Scope::poll_body(this.body.get(), slot, waker, true);
        polling.end(poll.is_ready());
        match poll {
            Poll::Ready(value) => {
                *this.returned = Some(value);
                Poll::Ready(())
            }
            Poll::Pending => Poll::Pending,
        }
    }

    /// Resumes this generator as a root: delivers `arg` (if this starts a new
    /// resume) and polls the body until the next yield (`Ready(Some)`), its
    /// return (`Ready(None)`; the value stays in the status) or a future that
    /// is not ready (`Pending`, async only). This is the only place that
    /// polls a root's body, so the compiler can inline it into the caller's
    /// loop.
    ///
    /// # Panics
    ///
    /// If the generator is finished, and if the body panics (after closing the
    /// generator and every delegate it runs).
    #[inline(always)]
    pub(crate) fn drive(
        mut self: Pin<&mut Self>,
        arg: Option<B::Resume>,
        waker: &Waker,
    ) -> Poll<Option<B::Yield>> {
        if self.status != Status::Running && self.is_finished() {
            resumed_after_end()
        }
        let step = {
            let mut guard = CloseOnUnwind {
                root: self.as_mut(),
                armed: true,
            };
            let step = guard.root.as_mut().step(arg, waker);
            guard.armed = false;
            step
        };
        match step {
            Step::Yielded(value) => Poll::Ready(Some(value)),
            Step::Complete => Poll::Ready(None),
            Step::Pending => Poll::Pending,
        }
    }

    /// [`drive`](Self::drive) for async callers, which need to know whether
    /// the last resume ended waiting (sync bodies never wait).
    #[inline(always)]
    pub(crate) fn drive_async(
        mut self: Pin<&mut Self>,
        arg: Option<B::Resume>,
        waker: &Waker,
    ) -> Poll<Option<B::Yield>> {
        let result = self.as_mut().drive(arg, waker);
        *self.project().mid_resume = result.is_pending();
        result
    }

    /// `send` of the sync generator types: resumes with `arg` until the next
    /// yield or the return.
    #[inline(always)]
    pub(crate) fn send_sync(
        mut self: Pin<&mut Self>,
        arg: B::Resume,
    ) -> CoroutineState<B::Yield, B::Return> {
        match self.as_mut().drive(Some(arg), Waker::noop()) {
            Poll::Ready(Some(value)) => CoroutineState::Yielded(value),
            Poll::Ready(None) => {
                CoroutineState::Complete(self.take_return().expect("the body just returned"))
            }
            Poll::Pending => self.awaited_in_sync_body(),
        }
    }

    /// `next` of the sync generator types: `None` once finished.
    #[inline(always)]
    pub(crate) fn next_sync(mut self: Pin<&mut Self>) -> Option<B::Yield>
    where
        B::Resume: DefaultResume,
    {
        if self.status != Status::Running && self.is_finished() {
            return None;
        }
        match self
            .as_mut()
            .drive(Some(B::Resume::default()), Waker::noop())
        {
            Poll::Ready(value) => value,
            Poll::Pending => self.awaited_in_sync_body(),
        }
    }

    /// A sync body that waits on a future can never be woken: it is
    /// finished (its remains are dropped with the generator). Only a field is
    /// written here, so the generator's address does not escape the hot loop
    /// through this cold path.
    #[inline(always)]
    #[track_caller]
    fn awaited_in_sync_body(self: Pin<&mut Self>) -> ! {
        *self.project().status = Status::Closed;
        awaited_in_sync_body()
    }

    pub(crate) fn take_return(self: Pin<&mut Self>) -> Option<B::Return> {
        self.project().returned.take()
    }

    /// Drops the body where it is suspended, innermost delegate first
    /// (Python's `close()`: the `yield_from!` futures in the body close their
    /// delegates and chains). A returned body keeps its return value.
    ///
    /// If a destructor panics, the rest is still closed while the panic
    /// unwinds, as drop glue does for the remaining fields of a struct.
    pub(crate) fn close(self: Pin<&mut Self>) {
        let mut rest = CloseRest(self);
        rest.run();
    }

    /// A type-erased handle to this (pinned) frame.
    pub(crate) fn frame_ref(self: Pin<&mut Self>) -> FrameRef<B::Yield, B::Resume> {
        FrameRef::new(self)
    }
}

/// A poll of a body under way: the generator is running, and finished if
/// the poll unwinds (a body that panicked is never polled again; what is left
/// of it is dropped with the generator).
struct Polling<'a>(&'a mut Status);

impl<'a> Polling<'a> {
    /// # Panics
    ///
    /// If the generator is finished.
    #[inline(always)]
    fn start(status: &'a mut Status) -> Self {
        status.start();
        Polling(status)
    }

    /// The poll returned; `ready` if the body returned.
    #[inline(always)]
    fn end(self, ready: bool) {
        let mut this = mem::ManuallyDrop::new(self);
        if ready {
            *this.0 = Status::Returned;
        }
    }
}

impl Drop for Polling<'_> {
    fn drop(&mut self) {
        // Only while unwinding: `end` forgets the guard.
        *self.0 = Status::Closed;
    }
}

/// Closes a root, and with it every delegate it runs, when a resume unwinds.
struct CloseOnUnwind<'a, B: Body> {
    root: Pin<&'a mut RawGen<B>>,
    /// Cleared once the resume returned normally.
    armed: bool,
}

impl<B: Body> Drop for CloseOnUnwind<'_, B> {
    fn drop(&mut self) {
        if self.armed {
            self.root.as_mut().close();
        }
    }
}

/// The work of `close`; runs again from where it stopped if it unwinds.
struct CloseRest<'a, B: Body>(Pin<&'a mut RawGen<B>>);

impl<B: Body> CloseRest<'_, B> {
    fn run(&mut self) {
        let this = self.0.as_mut().project();
        if *this.status < Status::Returned {
            *this.status = Status::Closed;
        }
        // With its locals and (through them) its delegates.
        this.body.get().drop_body();
        *this.pending = None;
        *this.mid_resume = false;
    }
}

impl<B: Body> Drop for CloseRest<'_, B> {
    fn drop(&mut self) {
        // After a normal `run` this finds nothing left to do.
        self.run();
    }
}

#[cold]
#[track_caller]
fn awaited_in_sync_body() -> ! {
    panic!(
        "a sync generator's body awaited a future that was not ready \
         (an `.await` inside a macro?); only `async fn` generators may await"
    )
}

#[cold]
#[track_caller]
pub(crate) fn resumed_after_end() -> ! {
    panic!(
        "resumed a generator that already finished (it returned, was closed or panicked); \
         check `is_finished()` first, or iterate it: `next()` returns `None` once it is done"
    )
}
