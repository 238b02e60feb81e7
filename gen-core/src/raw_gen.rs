//! [`RawGen`]: one generator's state machine, which every generator type
//! wraps, and its driver: status, resume, close.
//!
//! A resume is one poll of the body (see `transport.rs` for how values cross
//! it). The driver knows nothing of delegation: a body that delegates polls
//! its delegates itself, in its own poll (see `delegate/`), through the
//! `unsafe` hooks at the end of this file.

use core::cell::UnsafeCell;
use core::marker::PhantomPinned;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};

use pin_project_lite::pin_project;

use crate::body::{Body, sealed::TOKEN};
use crate::coroutine::{CoroutineState, DefaultResume};
use crate::guard::OnUnwind;
use crate::transport::{Scope, Slot, Suspension};

pin_project! {
    /// A generator: its body and where it is in its life.
    ///
    /// Must be pinned before it is first resumed: the body may borrow its own
    /// locals across yields, and delegation chains point into pinned
    /// generators. Not public API.
    #[doc(hidden)]
    pub struct RawGen<B: Body> {
        #[pin]
        body: BodyCell<B>,
        // `Returned` or `Closed` from the moment the body returned or was
        // dropped, and never anything else again: every poll of the body
        // checks it first (`Status::start`), which is what makes
        // `Body::poll_body`'s contract hold.
        status: Status,
        // What the body returned, until taken.
        returned: Option<B::Return>,
        // The argument of a resume under way that no body has taken yet,
        // while the body waits on a future (async bodies only: an unbound
        // first argument, this generator's or that of a delegate it just
        // started, until a yield drops it). Each poll's slot lives on the
        // driver's stack (see `step`).
        pending: Option<B::Resume>,
        // Delegation chains address generators by pointer: never `Unpin`.
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

/// Where a generator is in its life. `Suspended`, the status of almost
/// every resume, is zero, so that checking for it is one test; the statuses
/// after it are in order.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Status {
    /// Suspended in a yield, between resumes (or running its body).
    Suspended,
    /// Created; nothing of the body has run.
    Unresumed,
    /// The last resume ended with the body waiting on a future that was not
    /// ready (async only): the next poll continues that resume, with no new
    /// argument.
    Awaiting,
    /// The body returned; the value is in `returned` until taken.
    Returned,
    /// Dropped before its end: closed, or unwound by a panic.
    Closed,
}

impl Status {
    /// Before a poll of the body: afterwards the status is `Suspended`, and
    /// the body may be polled.
    ///
    /// # Panics
    ///
    /// If the generator is finished.
    #[inline(always)]
    #[track_caller]
    fn start(&mut self) {
        if *self != Status::Suspended {
            cold();
            match *self {
                Status::Unresumed | Status::Awaiting => *self = Status::Suspended,
                _ => resumed_after_end(),
            }
        }
    }

    fn is_finished(self) -> bool {
        self >= Status::Returned
    }
}

/// What one resume of a root produced. Not public API.
#[doc(hidden)]
pub enum Resumed<Y, T> {
    /// The body yielded this value.
    Yielded(Y),
    /// The body waits on a future that is not ready (async generators).
    Awaiting,
    /// The body returned this value.
    Returned(T),
}

impl<B: Body> RawGen<B> {
    pub(crate) const fn new(body: B) -> Self {
        RawGen {
            body: BodyCell(UnsafeCell::new(body)),
            status: Status::Unresumed,
            returned: None,
            pending: None,
            _pinned: PhantomPinned,
        }
    }

    /// Whether the body ran to its end, was closed, or panicked.
    pub(crate) fn is_finished(&self) -> bool {
        self.status.is_finished()
    }

    /// Whether a delegator starting this generator must give it an argument:
    /// it is suspended in a yield, which completes with one, or it has not
    /// started and its body reads its first argument.
    pub(crate) fn needs_start_arg(&self) -> bool {
        match self.status {
            Status::Suspended => true,
            Status::Unresumed => B::READS_FIRST_RESUME,
            Status::Awaiting | Status::Returned | Status::Closed => false,
        }
    }

    /// Whether the last resume ended waiting on a future (async only).
    pub(crate) fn is_awaiting(&self) -> bool {
        self.status == Status::Awaiting
    }

    /// A short name of the state, for `Debug` output.
    pub(crate) fn state_name(&self) -> &'static str {
        match self.status {
            Status::Unresumed => "unresumed",
            Status::Suspended => "suspended",
            Status::Awaiting => "running",
            Status::Returned => "returned",
            Status::Closed => "closed",
        }
    }

    /// Resumes the generator: delivers `arg` (`None` to continue a resume
    /// that ended awaiting) and polls the body once, with a slot of its own,
    /// until it yields, waits on a future that is not ready (async only) or
    /// returns. This is the only place that polls a generator's body as a
    /// root, so the compiler can inline it into the caller's loop.
    ///
    /// The slot is a local of this function: what passes through it never
    /// touches the generator's memory, and when the caller's loop inlines the
    /// poll, the compiler keeps it in registers.
    ///
    /// # Panics
    ///
    /// If the generator is finished, and if the body panics. A panic leaves
    /// the generator closed: unwinding out of the body's poll drops the
    /// body's live locals, and with them every delegate it runs (each
    /// `yield_from!` future closes its delegate, or its chain, innermost
    /// first); what is left of the body is dropped with the generator.
    #[inline(always)]
    #[track_caller]
    pub(crate) fn resume(
        self: Pin<&mut Self>,
        arg: Option<B::Resume>,
        waker: &Waker,
    ) -> Resumed<B::Yield, B::Return> {
        let this = self.project();
        this.status.start();
        let status = OnUnwind::new(this.status, close_on_unwind);
        let slot = Slot::new(arg.or_else(|| this.pending.take()));
        let body = this.body.get();
        let (poll, slot) = Scope::enter(
            slot,
            waker,
            #[inline(always)]
            // SAFETY: `start` returned, so the status is not `Returned` or
            // `Closed`: the body has not returned and was not dropped.
            |cx| unsafe { body.poll_body(cx, TOKEN) },
        );
        let status = status.defuse();
        match poll {
            Poll::Ready(value) => {
                *status = Status::Returned;
                Resumed::Returned(value)
            }
            Poll::Pending => match slot.into_suspension() {
                Suspension::Yielded(value) => Resumed::Yielded(value),
                Suspension::Awaiting(untaken) => {
                    *status = Status::Awaiting;
                    *this.pending = untaken;
                    Resumed::Awaiting
                }
            },
        }
    }

    /// `send` of the sync generator types: resumes with `arg` until the next
    /// yield or the return.
    #[inline(always)]
    #[track_caller]
    pub(crate) fn send_sync(
        mut self: Pin<&mut Self>,
        arg: B::Resume,
    ) -> CoroutineState<B::Yield, B::Return> {
        match self.as_mut().resume(Some(arg), Waker::noop()) {
            Resumed::Yielded(value) => CoroutineState::Yielded(value),
            Resumed::Returned(value) => CoroutineState::Complete(value),
            Resumed::Awaiting => self.awaited_in_sync_body(),
        }
    }

    /// `next` of the sync generator types: `None` once finished; the return
    /// value is kept for [`take_return`](Self::take_return).
    #[inline(always)]
    #[track_caller]
    pub(crate) fn next_sync(mut self: Pin<&mut Self>) -> Option<B::Yield>
    where
        B::Resume: DefaultResume,
    {
        // `start`'s check, made here so that a finished generator gives
        // `None` instead of a panic: one compare in the hot path.
        if self.status != Status::Suspended {
            cold();
            if self.is_finished() {
                return None;
            }
        }
        match self
            .as_mut()
            .resume(Some(B::Resume::default()), Waker::noop())
        {
            Resumed::Yielded(value) => Some(value),
            Resumed::Returned(value) => {
                *self.project().returned = Some(value);
                None
            }
            Resumed::Awaiting => self.awaited_in_sync_body(),
        }
    }

    /// A sync body that waits on a future can never be woken: it is
    /// finished (its remains are dropped with the generator). Only a field
    /// is written here, so the generator's address does not escape the hot
    /// loop through this cold path.
    #[inline(always)]
    #[track_caller]
    fn awaited_in_sync_body(self: Pin<&mut Self>) -> ! {
        *self.project().status = Status::Closed;
        awaited_in_sync_body()
    }

    /// Keeps a value the body returned, for [`take_return`](Self::take_return).
    pub(crate) fn keep_return(self: Pin<&mut Self>, value: B::Return) {
        *self.project().returned = Some(value);
    }

    pub(crate) fn take_return(self: Pin<&mut Self>) -> Option<B::Return> {
        self.project().returned.take()
    }

    /// Drops the body where it is suspended, innermost delegate first
    /// (Python's `close()`: the `yield_from!` futures in the body close their
    /// delegates and chains). A returned body keeps its return value.
    ///
    /// If a destructor panics, the rest is still dropped while the panic
    /// unwinds, as drop glue does for the remaining fields of a struct.
    pub(crate) fn close(self: Pin<&mut Self>) {
        let this = self.project();
        if !this.status.is_finished() {
            *this.status = Status::Closed;
        }
        // Taken first and dropped last: an unwind from the body's
        // destructors drops it too.
        let _untaken = this.pending.take();
        this.body.get().drop_body(TOKEN);
    }

    /// Marks the generator running before a delegator polls it in place
    /// (with [`poll_in_place`](Self::poll_in_place)) until it returns.
    ///
    /// # Panics
    ///
    /// If the generator is finished.
    #[inline(always)]
    #[track_caller]
    pub(crate) fn start_in_place(self: Pin<&mut Self>) {
        self.project().status.start();
    }

    /// Polls the body as part of a delegator's: with the delegator's
    /// context, and so its slot. The return value comes back here instead of
    /// staying in the generator.
    ///
    /// If the body panics, a `borrowed` generator is marked finished, for its
    /// owner to see; an owned one is dropped with its delegator, which the
    /// panic closes (so its unwind path needs no store).
    ///
    /// # Safety
    ///
    /// `cx` must lead to a `Slot<B::Yield, B::Resume>` (the delegator's
    /// body is being polled with it, and has those types), and
    /// [`start_in_place`](Self::start_in_place) must have been called, with
    /// no poll since that returned `Ready`.
    #[inline(always)]
    pub(crate) unsafe fn poll_in_place(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        borrowed: bool,
    ) -> Poll<B::Return> {
        let this = self.project();
        let body = this.body.get();
        let poll = if borrowed {
            let status = OnUnwind::new(&mut *this.status, close_on_unwind);
            // SAFETY: the caller's promise: `start_in_place` checked that the
            // body neither returned nor was dropped, and it has not returned
            // since; nothing else drops it while it is polled in place (its
            // owner lent it to the delegator's body).
            let poll = unsafe { body.poll_body(cx, TOKEN) };
            status.defuse();
            poll
        } else {
            // SAFETY: as above (its owner is the delegator's body).
            unsafe { body.poll_body(cx, TOKEN) }
        };
        if poll.is_ready() {
            *this.status = Status::Returned;
        }
        poll
    }

    /// Polls the body as a frame of a chain: with the chain's context, which
    /// leads to the slot of the generator holding the chain. The return value
    /// is kept, for the frame's owner to take.
    ///
    /// # Safety
    ///
    /// `cx` must lead to a `Slot<B::Yield, B::Resume>`.
    ///
    /// # Panics
    ///
    /// If the generator is finished.
    #[inline(always)]
    pub(crate) unsafe fn poll_as_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.project();
        this.status.start();
        let status = OnUnwind::new(this.status, close_on_unwind);
        // SAFETY: `start` returned: the body neither returned nor was dropped.
        let poll = unsafe { this.body.get().poll_body(cx, TOKEN) };
        let status = status.defuse();
        match poll {
            Poll::Ready(value) => {
                *status = Status::Returned;
                *this.returned = Some(value);
                Poll::Ready(())
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

/// A poll of a body that unwinds leaves its generator finished: a body that
/// panicked is never polled again; what is left of it is dropped with the
/// generator.
fn close_on_unwind(status: &mut &mut Status) {
    **status = Status::Closed;
}

/// Marks the path that calls it as rarely taken, for the compiler's code
/// layout: the hot path of a resume tests the status once.
#[cold]
#[inline(never)]
fn cold() {}

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

/// The driver's interface, object-safe: what the generator types use,
/// whether the generator behind them is known statically (`RawGen<B>`) or
/// erased (`dyn ErasedGen`, see `erased.rs`, which the `alloc` feature
/// brings). Not public API.
#[doc(hidden)]
pub trait Resumable<Y, R, T> {
    /// See [`RawGen::resume`].
    #[track_caller]
    fn resume(self: Pin<&mut Self>, arg: Option<R>, waker: &Waker) -> Resumed<Y, T>;
    /// See [`RawGen::send_sync`].
    #[track_caller]
    fn send_sync(self: Pin<&mut Self>, arg: R) -> CoroutineState<Y, T>;
    /// See [`RawGen::next_sync`].
    fn next_sync(self: Pin<&mut Self>) -> Option<Y>
    where
        R: DefaultResume;
    /// See [`RawGen::is_finished`].
    fn is_finished(&self) -> bool;
    /// See [`RawGen::is_awaiting`].
    fn is_awaiting(&self) -> bool;
    /// See [`RawGen::needs_start_arg`].
    fn needs_start_arg(&self) -> bool;
    /// See [`RawGen::state_name`].
    fn state_name(&self) -> &'static str;
    /// See [`RawGen::take_return`].
    fn take_return(self: Pin<&mut Self>) -> Option<T>;
    /// See [`RawGen::keep_return`].
    fn keep_return(self: Pin<&mut Self>, value: T);
    /// See [`RawGen::close`].
    fn close(self: Pin<&mut Self>);
}

impl<B: Body> Resumable<B::Yield, B::Resume, B::Return> for RawGen<B> {
    #[inline(always)]
    #[track_caller]
    fn resume(
        self: Pin<&mut Self>,
        arg: Option<B::Resume>,
        waker: &Waker,
    ) -> Resumed<B::Yield, B::Return> {
        RawGen::resume(self, arg, waker)
    }

    #[inline(always)]
    #[track_caller]
    fn send_sync(self: Pin<&mut Self>, arg: B::Resume) -> CoroutineState<B::Yield, B::Return> {
        RawGen::send_sync(self, arg)
    }

    #[inline(always)]
    fn next_sync(self: Pin<&mut Self>) -> Option<B::Yield>
    where
        B::Resume: DefaultResume,
    {
        RawGen::next_sync(self)
    }

    #[inline(always)]
    fn is_finished(&self) -> bool {
        RawGen::is_finished(self)
    }

    #[inline(always)]
    fn is_awaiting(&self) -> bool {
        RawGen::is_awaiting(self)
    }

    fn needs_start_arg(&self) -> bool {
        RawGen::needs_start_arg(self)
    }

    fn state_name(&self) -> &'static str {
        RawGen::state_name(self)
    }

    #[inline(always)]
    fn take_return(self: Pin<&mut Self>) -> Option<B::Return> {
        RawGen::take_return(self)
    }

    #[inline(always)]
    fn keep_return(self: Pin<&mut Self>, value: B::Return) {
        RawGen::keep_return(self, value)
    }

    fn close(self: Pin<&mut Self>) {
        RawGen::close(self)
    }
}
