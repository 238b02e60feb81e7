//! The futures `yield_from!` awaits, one per kind of delegate.
//!
//! Each takes its `Yield` (and `Resume`) types from the delegate, not from
//! the generator: the `delegate` functions in `mod.rs` check that the two
//! agree, once, so a mismatch is one error at the `yield_from!` argument and
//! the `.await` that follows still type-checks.

use core::future::Future;
use core::mem;
use core::pin::Pin;
use core::task::{Context, Poll};

use futures_core::Stream;
use pin_project_lite::pin_project;

use super::FrameOwner;
use crate::body::Body;
use crate::coroutine::{Coroutine, CoroutineState};
use crate::frame::{Chain, RawGen};
use crate::transport::{Co, Out};

/// The handle of a generator that delegates to a frame owned by `D`.
pub(super) type FrameCo<D> =
    Co<<<D as FrameOwner>::Body as Body>::Yield, <<D as FrameOwner>::Body as Body>::Resume>;

/// How a [`YieldFromFrame`] runs its delegate (see `frame/mod.rs`).
enum Mode<Y, R> {
    /// Not yet polled.
    Start,
    /// Polling the delegate's body in place, each time we are polled (a
    /// delegate without `yield_from!` of its own).
    Direct,
    /// Resuming the chain that runs the delegate, each time we are polled.
    Holding(Chain<Y, R>),
    /// The delegate joined the chain that polls us; we are polled again when
    /// it completed.
    Joined,
    /// The delegate returned.
    Done,
}

/// The `Mode` of a `yield_from!` of a frame owned by `D`.
type FrameMode<D> =
    Mode<<<D as FrameOwner>::Body as Body>::Yield, <<D as FrameOwner>::Body as Body>::Resume>;

pin_project! {
    /// The future of `yield_from!` for a coyield generator. Not public API.
    #[doc(hidden)]
    #[must_use = "a delegation does nothing unless awaited"]
    pub struct YieldFromFrame<D>
    where
        D: FrameOwner,
    {
        #[pin]
        delegate: D,
        mode: FrameMode<D>,
        co: FrameCo<D>,
        // `R::default()`, for a start after the body took this resume's
        // argument (made up front: the bound that allows it is checked where
        // the delegation is made, not here).
        start_arg: Option<<D::Body as Body>::Resume>,
    }

    impl<D> PinnedDrop for YieldFromFrame<D>
    where
        D: FrameOwner,
    {
        fn drop(this: Pin<&mut Self>) {
            // Python's `close()` of the delegating generator closes the
            // delegate too. A chain closes its frames innermost first, the
            // delegate last, in a loop; a borrowed delegate is closed here,
            // so that its owner finds it finished; an owned one is dropped
            // with this future, right after this (its state is gone with it,
            // so nothing needs writing there, which keeps the hot loop free
            // of stores on its unwind paths).
            let this = this.project();
            match mem::replace(this.mode, Mode::Done) {
                Mode::Done => {}
                // SAFETY: the chain is running (it did not complete: we
                // are not `Done`), and its frames are ours to close.
                Mode::Holding(chain) if <D::Body as Body>::DELEGATES => unsafe { chain.close() },
                _ if D::OWNED => {}
                _ => this.delegate.raw_frame().close(),
            }
        }
    }
}

impl<D: FrameOwner> YieldFromFrame<D> {
    pub(super) fn new(delegate: D, co: FrameCo<D>, start_arg: <D::Body as Body>::Resume) -> Self {
        YieldFromFrame {
            delegate,
            mode: Mode::Start,
            co,
            start_arg: Some(start_arg),
        }
    }
}

impl<D: FrameOwner> Future for YieldFromFrame<D> {
    type Output = <D::Body as Body>::Return;

    #[inline(always)]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if <D::Body as Body>::DELEGATES {
            self.poll_chain(cx)
        } else {
            self.poll_in_place(cx)
        }
    }
}

impl<D: FrameOwner> YieldFromFrame<D> {
    /// A delegate without `yield_from!` of its own: polled in place, all of
    /// it inlined, so the compiler can fuse the two bodies into one loop.
    #[inline(always)]
    fn poll_in_place(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<<D::Body as Body>::Return> {
        let mut this = self.project();
        match this.mode {
            Mode::Direct => {}
            Mode::Start => {
                // PEP 380 starts the delegate right away, with the argument
                // that resumed us if the body did not take it. The delegate
                // runs in our slot: it reads the argument there.
                let (_, slot) = this.co.slot(cx);
                slot.resume = Some(first_arg(&mut slot.resume, this.start_arg));
                this.delegate.as_mut().raw_frame().start_in_place();
                *this.mode = Mode::Direct;
            }
            Mode::Done => polled_after_completion(),
            Mode::Holding(_) | Mode::Joined => {
                unreachable!("a delegate without `yield_from!` is polled in place")
            }
        }
        let poll = this
            .co
            .poll_in_place(cx, this.delegate.raw_frame(), !D::OWNED);
        if poll.is_ready() {
            *this.mode = Mode::Done;
        }
        poll
    }

    /// A delegate that may delegate further: it runs in a chain, which we
    /// hold (the resume of a running chain is inlined), or which polls us.
    #[inline(always)]
    fn poll_chain(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<<D::Body as Body>::Return> {
        loop {
            let this = self.as_mut().project();
            let Mode::Holding(chain) = this.mode else {
                match self.as_mut().start_chain(cx) {
                    Some(poll) => return poll,
                    None => continue,
                }
            };
            let (slot, waker) = this.co.chain_slot(cx);
            // SAFETY: the chain is running (it is dropped when it completes),
            // and the slot is the one we are polled with.
            if unsafe { chain.resume(slot, waker) }.is_pending() {
                return Poll::Pending;
            }
            *this.mode = Mode::Done;
            return Poll::Ready(returned(this.delegate.raw_frame()));
        }
    }

    /// `poll_chain` outside `Mode::Holding`: starts the delegate in a chain
    /// of ours (`None`: poll it now), or in the chain that polls us, or takes
    /// its return value once that chain completed it. Out of line: it runs
    /// once per delegation.
    #[inline(never)]
    fn start_chain(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Option<Poll<<D::Body as Body>::Return>> {
        let mut this = self.project();
        let (scope, slot) = this.co.slot(cx);
        match this.mode {
            // PEP 380 starts the delegate right away, with the argument that
            // resumed us if the body did not take it. The delegate runs in
            // our slot (the chain polls it with it): it reads it there.
            Mode::Start => slot.resume = Some(first_arg(&mut slot.resume, this.start_arg)),
            Mode::Joined => {
                let delegate = this.delegate.as_mut().raw_frame();
                if delegate.is_finished() {
                    *this.mode = Mode::Done;
                    return Some(Poll::Ready(returned(delegate)));
                }
                // The chain that ran the delegate is gone (its holder was
                // leaked while it borrowed this generator): run the delegate
                // anew from here, with this resume's argument if there is one.
            }
            Mode::Holding(_) => unreachable!("`poll_chain` resumes a running chain"),
            Mode::Direct => unreachable!("a delegate with `yield_from!` runs in a chain"),
            Mode::Done => polled_after_completion(),
        }
        let frame = this.delegate.raw_frame().frame_ref();
        if scope.in_chain() {
            // Join the chain that polls us: it polls the delegate directly
            // from now on, and us again when the delegate completes.
            *this.mode = Mode::Joined;
            slot.out = Out::Delegated(frame);
            return Some(Poll::Pending);
        }
        // Kept in the mode before its first resume, so that a panic in it
        // still finds the chain to close.
        // SAFETY: the frame is owned by `delegate`, which is pinned in this
        // future and lent to nothing else while we hold the chain: the chain
        // is closed in our `drop`, or completes first.
        *this.mode = Mode::Holding(unsafe { Chain::new(frame) });
        None
    }
}

/// The return value of a delegate that completed in a chain.
fn returned<B: Body>(delegate: Pin<&mut RawGen<B>>) -> B::Return {
    delegate
        .take_return()
        .expect("a frame of a chain only completes by returning")
}

#[cold]
#[track_caller]
fn polled_after_completion() -> ! {
    panic!("`yield_from!` future polled after it completed")
}

pin_project! {
    /// The future of `yield_from!` for a coroutine. Not public API.
    #[doc(hidden)]
    #[must_use = "a delegation does nothing unless awaited"]
    pub struct YieldFromCoroutine<D, R>
    where
        D: Coroutine<R>,
    {
        #[pin]
        delegate: D,
        co: Co<D::Yield, R>,
        // `R::default()`, for a start after the body took this resume's
        // argument (see `YieldFromFrame`).
        start_arg: Option<R>,
    }
}

impl<D: Coroutine<R>, R> YieldFromCoroutine<D, R> {
    pub(super) fn new(delegate: D, co: Co<D::Yield, R>, start_arg: R) -> Self {
        YieldFromCoroutine {
            delegate,
            co,
            start_arg: Some(start_arg),
        }
    }
}

impl<D: Coroutine<R>, R> Future for YieldFromCoroutine<D, R> {
    type Output = D::Return;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<D::Return> {
        let this = self.project();
        let (_, slot) = this.co.slot(cx);
        // Each poll is a resume: the driver delivered its argument, except on
        // the first poll when the body already took it.
        let arg = first_arg(&mut slot.resume, this.start_arg);
        match this.delegate.resume(arg) {
            CoroutineState::Yielded(value) => {
                slot.out = Out::Yielded(value);
                Poll::Pending
            }
            CoroutineState::Complete(value) => Poll::Ready(value),
        }
    }
}

/// The argument to resume a delegate with: the one the driver delivered, or
/// at the start, when the body took that one, the default made up front.
#[inline(always)]
fn first_arg<R>(delivered: &mut Option<R>, start: &mut Option<R>) -> R {
    match delivered.take() {
        Some(arg) => {
            // Drop the unused default at the first resume; later it is gone.
            *start = None;
            arg
        }
        None => start
            .take()
            .expect("coyield bug: a delegate resumed without an argument"),
    }
}

pin_project! {
    /// The future of `yield_from!` for a stream. Not public API.
    #[doc(hidden)]
    #[must_use = "a delegation does nothing unless awaited"]
    pub struct YieldFromStream<D, R>
    where
        D: Stream,
    {
        #[pin]
        delegate: D,
        co: Co<D::Item, R>,
    }
}

impl<D: Stream, R> YieldFromStream<D, R> {
    pub(super) fn new(delegate: D, co: Co<D::Item, R>) -> Self {
        YieldFromStream { delegate, co }
    }
}

impl<D: Stream, R> Future for YieldFromStream<D, R> {
    type Output = ();

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.project();
        let (scope, slot) = this.co.slot(cx);
        match this
            .delegate
            .poll_next(&mut Context::from_waker(scope.waker()))
        {
            Poll::Ready(Some(value)) => {
                slot.out = Out::Yielded(value);
                Poll::Pending
            }
            Poll::Ready(None) => Poll::Ready(()),
            Poll::Pending => Poll::Pending,
        }
    }
}

/// The future of `yield_from!` for an iterator. Not public API.
#[doc(hidden)]
#[must_use = "a delegation does nothing unless awaited"]
pub struct YieldFromIter<I: Iterator, R> {
    iter: I,
    co: Co<I::Item, R>,
}

impl<I: Iterator, R> YieldFromIter<I, R> {
    pub(super) fn new(iter: I, co: Co<I::Item, R>) -> Self {
        YieldFromIter { iter, co }
    }
}

// The iterator is never pinned.
impl<I: Iterator, R> Unpin for YieldFromIter<I, R> {}

impl<I: Iterator, R> Future for YieldFromIter<I, R> {
    type Output = ();

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.get_mut();
        let (_, slot) = this.co.slot(cx);
        // Iterators take no resume arguments; the driver drops them.
        match this.iter.next() {
            Some(value) => {
                slot.out = Out::Yielded(value);
                Poll::Pending
            }
            None => Poll::Ready(()),
        }
    }
}
