//! The futures `yield_from!` awaits, one per kind of delegate.
//!
//! Each takes its `Yield` (and `Resume`) types from the delegate, not from
//! the generator: the `delegate` functions in `mod.rs` check that the two
//! agree, once, so a mismatch is one error at the `yield_from!` argument and
//! the `.await` that follows still type-checks.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

use futures_core::Stream;
use pin_project_lite::pin_project;

use super::FrameOwner;
use crate::body::Body;
use crate::coroutine::{Coroutine, CoroutineState};
use crate::frame::{MAX_DIRECT_DEPTH, RawGen};
use crate::transport::{Co, Out};

/// The handle of a generator that delegates to a frame owned by `D`.
pub(super) type FrameCo<D> =
    Co<<<D as FrameOwner>::Body as Body>::Yield, <<D as FrameOwner>::Body as Body>::Resume>;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Not yet polled.
    Start,
    /// Polling the delegate's body from here, each time we are polled.
    Direct,
    /// The driver resumes the delegate directly; we wait for it to finish.
    Trampolined,
    /// The delegate runs its own chain (it was resumed as a root before
    /// being delegated to): we resume it as a whole.
    Rooted,
    /// The delegate returned.
    Done,
}

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
        mode: Mode,
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
            // delegate too, also when it is borrowed.
            let this = this.project();
            if *this.mode != Mode::Done {
                this.delegate.raw_frame().close();
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

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let mut delegate = this.delegate.raw_frame();
        if *this.mode == Mode::Direct {
            // The common case first, without the dispatch below.
            return poll_direct(this.mode, *this.co, cx, delegate);
        }
        loop {
            match *this.mode {
                Mode::Start => {
                    if delegate.has_chain() {
                        *this.mode = Mode::Rooted;
                        continue;
                    }
                    let (scope, slot) = this.co.slot(cx);
                    // PEP 380 starts the delegate right away, with the
                    // argument that resumed us if the body did not take it.
                    let arg = first_arg(&mut slot.resume, this.start_arg);
                    // A delegate without `yield_from!` of its own cannot make
                    // the chain any deeper: poll it here at any depth, which
                    // also keeps its address from escaping (the compiler can
                    // then keep the pair in registers).
                    if !<D::Body as Body>::DELEGATES || scope.depth() + 1 < MAX_DIRECT_DEPTH {
                        // The delegate will run in our slot: its first resume
                        // reads its argument there.
                        slot.resume = Some(arg);
                        *this.mode = Mode::Direct;
                    } else {
                        delegate.as_mut().deliver(arg);
                        *this.mode = Mode::Trampolined;
                        slot.out = Out::Delegated(delegate.as_mut().frame_ref());
                        return Poll::Pending;
                    }
                }
                Mode::Direct => return poll_direct(this.mode, *this.co, cx, delegate),
                Mode::Trampolined if !<D::Body as Body>::DELEGATES => {
                    unreachable!("a delegate without `yield_from!` is polled in place")
                }
                Mode::Trampolined => {
                    let (_, slot) = this.co.slot(cx);
                    if delegate.is_finished() {
                        *this.mode = Mode::Done;
                        let value = delegate.take_return();
                        return Poll::Ready(
                            value.expect("a delegate in a chain only finishes by returning"),
                        );
                    }
                    // The driver that ran the delegate is gone (its root was
                    // leaked while it borrowed this generator): hand the
                    // delegate to the driver resuming us now.
                    if let Some(arg) = slot.resume.take() {
                        delegate.as_mut().deliver(arg);
                    }
                    slot.out = Out::Delegated(delegate.as_mut().frame_ref());
                    return Poll::Pending;
                }
                Mode::Rooted if !<D::Body as Body>::DELEGATES => {
                    unreachable!("only a generator with `yield_from!` has a chain")
                }
                Mode::Rooted => {
                    let (scope, slot) = this.co.slot(cx);
                    let arg = if delegate.is_mid_resume() {
                        None
                    } else {
                        Some(first_arg(&mut slot.resume, this.start_arg))
                    };
                    return match delegate.as_mut().drive_async(arg, scope.waker()) {
                        Poll::Ready(Some(value)) => {
                            slot.out = Out::Yielded(value);
                            Poll::Pending
                        }
                        Poll::Ready(None) => {
                            *this.mode = Mode::Done;
                            Poll::Ready(delegate.take_return().expect("the delegate just returned"))
                        }
                        Poll::Pending => Poll::Pending,
                    };
                }
                Mode::Done => panic!("`yield_from!` future polled after it completed"),
            }
        }
    }
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

/// `YieldFromFrame` in `Mode::Direct`: the delegate's body, polled with our
/// slot, so what it yields is what we yield, with nothing to copy.
#[inline(always)]
fn poll_direct<B: Body>(
    mode: &mut Mode,
    co: Co<B::Yield, B::Resume>,
    cx: &Context<'_>,
    delegate: Pin<&mut RawGen<B>>,
) -> Poll<B::Return> {
    let poll = co.poll_in_place(cx, delegate);
    if poll.is_ready() {
        *mode = Mode::Done;
    }
    poll
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
