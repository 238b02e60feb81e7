//! [`RawGen`]: the state machine every generator type wraps, the driver loop
//! that resumes it, and the delegation frames that keep `yield_from!` cheap at
//! any depth.
//!
//! # Delegation without an O(depth) walk
//!
//! Resuming a chain `top → middle → bottom` of `yield_from!` naively polls
//! every level on every resume: O(depth) time per item and O(depth) stack,
//! which is what CPython pays. Here a generator resumed by user code (the
//! *root*) keeps a pointer to the innermost delegate it is waiting on (its
//! *leaf*) and resumes that one directly; values the leaf yields are the
//! root's yields. When the leaf completes, the driver goes back to the frame
//! that delegated to it (its *parent*), whose `yield_from!` then sees the
//! delegate's return value.
//!
//! A delegate close to the frame the driver resumes (`depth` below
//! [`MAX_DIRECT_DEPTH`]) is polled by the `yield_from!` of its delegator, in
//! the delegator's slot (its yields need no copying, and the compiler can
//! inline the pair). One level further down, `yield_from!` hands the
//! delegate to the driver instead (`Out::Delegated`), which makes it the new
//! leaf. A delegate without `yield_from!` of its own is always polled in
//! place: it cannot make the chain deeper. So each resume polls a bounded
//! number of bodies, and building or tearing down a chain of any depth uses a
//! bounded amount of stack.
//!
//! A body without `yield_from!` (`!Body::DELEGATES`, known to the macros)
//! compiles without any of this: its resume is one poll of its body.
//!
//! Frames are addressed through [`FrameRef`]: a type-erased pointer to a
//! pinned `RawGen`. A frame is owned by its parent's body (through the
//! `yield_from!` future), so it stays in place while it is in a chain; the
//! root clears its chain before any frame in it can be dropped.

mod frame_ref;

use core::cell::UnsafeCell;
use core::marker::PhantomPinned;
use core::mem;
use core::pin::Pin;
use core::ptr::NonNull;
use core::task::{Poll, Waker};

use pin_project_lite::pin_project;

use crate::body::Body;
use crate::coroutine::{CoroutineState, DefaultResume};
use crate::transport::{Out, Scope, Slot};

pub(crate) use frame_ref::FrameRef;

/// How many frames may poll each other directly below the frame the driver
/// resumes before `yield_from!` hands its delegate to the driver. Two keeps a
/// single level of delegation fully inlinable while deep chains cost one
/// indirect call per resume.
pub(crate) const MAX_DIRECT_DEPTH: u32 = 2;

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
        slot: Slot<B::Yield, B::Resume>,
        // As a root: the innermost frame of its delegation chain, resumed
        // instead of the root's own body until it completes.
        leaf: Option<FrameRef<B::Yield, B::Resume>>,
        // As a frame in some root's chain: the frame to resume when this one
        // completes.
        parent: Option<FrameRef<B::Yield, B::Resume>>,
        // The last resume ended in `Pending` (an async body awaiting): the
        // next poll continues it without a new argument.
        mid_resume: bool,
        // Frames of a chain are addressed by pointer: never `Unpin`.
        #[pin]
        _pinned: PhantomPinned,
    }

    impl<B: Body> PinnedDrop for RawGen<B> {
        fn drop(this: Pin<&mut Self>) {
            this.close();
        }
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

/// What one poll of a frame's body produced.
pub(crate) enum Step<Y, R> {
    Yielded(Y),
    /// The body delegated to this frame: resume it from now on.
    Delegated(FrameRef<Y, R>),
    /// The body awaits a future that is not ready (async generators).
    Pending,
    /// The body returned; its value is in the frame's status.
    Complete,
}

impl<B: Body> RawGen<B> {
    pub(crate) const fn new(body: B) -> Self {
        RawGen {
            body: BodyCell(UnsafeCell::new(body)),
            status: Status::Unresumed,
            returned: None,
            slot: Slot::new(),
            leaf: None,
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

    /// Whether this generator has a delegation chain of its own, that is, it
    /// was resumed as a root and is waiting in a trampolined `yield_from!`.
    pub(crate) fn has_chain(&self) -> bool {
        B::DELEGATES && self.leaf.is_some()
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

    /// Puts `arg` where the body (or, in a chain, the leaf's body) reads its
    /// next resume argument.
    pub(crate) fn deliver(self: Pin<&mut Self>, arg: B::Resume) {
        let this = self.project();
        match *this.leaf {
            _ if !B::DELEGATES => this.slot.resume = Some(arg),
            None => this.slot.resume = Some(arg),
            // SAFETY: the chain's frames are alive and pinned while they are in
            // it (module docs); nothing else is borrowing them now.
            Some(leaf) => unsafe { leaf.deliver(arg) },
        }
    }

    /// Polls the body once: until it yields, delegates, awaits or returns.
    ///
    /// The caller delivered the resume argument first, if this poll starts a
    /// resume. Only the driver steps a frame, so it runs at depth 0 (a
    /// delegator polling its delegate uses `poll_in` instead).
    #[inline(always)]
    pub(crate) fn step(self: Pin<&mut Self>, waker: &Waker) -> Step<B::Yield, B::Resume> {
        let this = self.project();
        this.status.start();
        // A body that panicked is finished: no later resume may poll it again
        // (what is left of it is dropped with the generator).
        let mut finish_on_unwind = FinishOnUnwind {
            status: this.status,
            armed: true,
        };
        let slot = NonNull::from(&mut *this.slot);
        let poll = Scope::poll_body(this.body.get(), slot, waker, 0);
        finish_on_unwind.armed = false;
        match poll {
            Poll::Ready(value) => {
                *finish_on_unwind.status = Status::Returned;
                *this.returned = Some(value);
                // An argument no `yield_!` took (the first one, unbound) is
                // dropped before the resume returns.
                this.slot.resume = None;
                Step::Complete
            }
            Poll::Pending => match mem::replace(&mut this.slot.out, Out::Empty) {
                Out::Yielded(value) => {
                    this.slot.resume = None;
                    Step::Yielded(value)
                }
                Out::Delegated(frame) => Step::Delegated(frame),
                Out::Empty => Step::Pending,
            },
        }
    }

    /// Polls the body as part of a delegator's (see `Co::poll_in_place`):
    /// with the delegator's `slot`, which has the same types, at `depth`.
    /// The return value comes back here instead of staying in the status.
    #[inline(always)]
    pub(crate) fn poll_in(
        self: Pin<&mut Self>,
        slot: NonNull<Slot<B::Yield, B::Resume>>,
        waker: &Waker,
        depth: u32,
    ) -> Poll<B::Return> {
        let this = self.project();
        this.status.start();
        let mut finish_on_unwind = FinishOnUnwind {
            status: this.status,
            armed: true,
        };
        let poll = Scope::poll_body(this.body.get(), slot, waker, depth);
        finish_on_unwind.armed = false;
        if poll.is_ready() {
            *finish_on_unwind.status = Status::Returned;
        }
        poll
    }

    /// Resumes this generator as a root: delivers `arg` (if this starts a new
    /// resume) and runs the body, or its delegation chain, until the next
    /// yield (`Ready(Some)`), its return (`Ready(None)`; the value stays in the
    /// status) or a future that is not ready (`Pending`, async only).
    ///
    /// # Panics
    ///
    /// If the generator is finished, and if the body panics (after closing the
    /// generator and every delegate in its chain).
    #[inline(always)]
    pub(crate) fn drive(
        mut self: Pin<&mut Self>,
        mut arg: Option<B::Resume>,
        waker: &Waker,
    ) -> Poll<Option<B::Yield>> {
        if self.status != Status::Running && self.is_finished() {
            resumed_after_end()
        }
        loop {
            if B::DELEGATES && self.leaf.is_some() {
                // `None`: the chain ended and the root's `yield_from!` goes on.
                if let Some(result) = self.as_mut().drive_chain(arg.take(), waker) {
                    return result;
                }
            }
            // No chain: the resume is one step of this body. This is the only
            // place that polls a root's body, so the compiler can inline it
            // into the caller's loop. A body without `yield_from!`
            // (`!B::DELEGATES`) never gets further.
            if let Some(arg) = arg.take() {
                // `out` is always `Empty` between steps.
                self.as_mut().project().slot.resume = Some(arg);
            }
            let step = {
                let mut guard = CloseOnUnwind {
                    root: self.as_mut(),
                    armed: true,
                };
                let step = guard.root.as_mut().step(waker);
                guard.armed = false;
                step
            };
            return match step {
                Step::Yielded(value) => Poll::Ready(Some(value)),
                Step::Complete => Poll::Ready(None),
                Step::Pending => Poll::Pending,
                Step::Delegated(_) if !B::DELEGATES => {
                    unreachable!("a body without `yield_from!` delegated")
                }
                Step::Delegated(child) => {
                    // SAFETY: `child` was just handed over by its owner, which
                    // keeps it pinned until it completes or is closed.
                    unsafe { child.set_parent(None) };
                    *self.as_mut().project().leaf = Some(child);
                    continue;
                }
            };
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

    /// The part of `drive` for a generator with a delegation chain: resumes
    /// the innermost frame until something yields or waits (`Some`), or until
    /// the chain is gone and the root's own body is next (`None`).
    #[inline(never)]
    fn drive_chain(
        mut self: Pin<&mut Self>,
        arg: Option<B::Resume>,
        waker: &Waker,
    ) -> Option<Poll<Option<B::Yield>>> {
        if let Some(arg) = arg {
            self.as_mut().deliver(arg);
        }
        let mut guard = CloseOnUnwind {
            root: self,
            armed: true,
        };
        let result = loop {
            let root = guard.root.as_mut().project();
            let Some(leaf) = *root.leaf else {
                break None;
            };
            // SAFETY: the leaf is alive and pinned while it is in the chain.
            match unsafe { leaf.step(waker) } {
                Step::Yielded(value) => break Some(Poll::Ready(Some(value))),
                Step::Pending => break Some(Poll::Pending),
                Step::Delegated(child) => {
                    // SAFETY: `child` was just handed over by its owner, which
                    // keeps it pinned until it completes or is closed.
                    unsafe { child.set_parent(Some(leaf)) };
                    *root.leaf = Some(child);
                }
                // The delegate is done; its parent's `yield_from!` takes its
                // return value when the parent is stepped next.
                // SAFETY: the leaf stays alive until its parent resumes.
                Step::Complete => *root.leaf = unsafe { leaf.parent() },
            }
        };
        guard.armed = false;
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
    /// (Python's `close()`). A returned body keeps its return value.
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

/// Marks a frame finished if the poll of its body unwinds.
struct FinishOnUnwind<'a> {
    status: &'a mut Status,
    /// Cleared once the poll returned normally.
    armed: bool,
}

impl Drop for FinishOnUnwind<'_> {
    fn drop(&mut self) {
        if self.armed {
            *self.status = Status::Closed;
        }
    }
}

/// Closes a root and its whole chain when a resume unwinds.
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
        while let (true, Some(leaf)) = (B::DELEGATES, *this.leaf) {
            // SAFETY: the frames of the chain are alive until their parents'
            // bodies are dropped, which happens after, in this loop.
            unsafe {
                *this.leaf = leaf.parent();
                leaf.close();
            }
        }
        // With its locals and (through them) its delegates.
        this.body.get().drop_body();
        *this.slot = Slot::new();
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
