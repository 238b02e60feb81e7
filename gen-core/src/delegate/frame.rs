//! [`YieldFromFrame`]: the future of `yield_from!` for a coyield generator,
//! which runs its delegate in place or in a chain (see the module docs of
//! `delegate`).

use core::future::Future;
use core::marker::PhantomData;
use core::mem;
use core::pin::Pin;
use core::ptr::NonNull;
use core::task::{Context, Poll};

use pin_project_lite::pin_project;

use super::chain::{Chain, Link, join_outer_chain};
use super::{Frame, FrameOwner, StartArg, start};
use crate::transport::{Co, Scope};

/// The handle of a generator that delegates to a frame owned by `D`.
pub(super) type FrameCo<D> = Co<Yield<D>, Resume<D>>;
type Yield<D> = <<D as FrameOwner>::Frame as Frame>::Yield;
type Resume<D> = <<D as FrameOwner>::Frame as Frame>::Resume;
type Return<D> = <<D as FrameOwner>::Frame as Frame>::Return;

/// How a [`YieldFromFrame`] runs its delegate.
enum Mode<Y, R> {
    /// Not yet polled.
    NotStarted,
    /// Polling the delegate's body in place, each time we are polled (a
    /// delegate without `yield_from!` of its own).
    InPlace,
    /// Resuming the chain that runs the delegate, each time we are polled.
    OwnsChain(Chain<Y, R>),
    /// The delegate joined the chain that polls us, through this link; the
    /// chain polls us again when the delegate completed. The link stays
    /// here, unmoved and untouched by us, until then (see `Link`).
    InOuterChain(Link<Y, R>),
    /// The delegate returned.
    Done,
}

pin_project! {
    /// The future of `yield_from!` for a coyield generator; `S` is its
    /// [`StartArg`]. Not public API.
    #[doc(hidden)]
    #[must_use = "a delegation does nothing unless awaited"]
    pub struct YieldFromFrame<D, S>
    where
        D: FrameOwner,
    {
        #[pin]
        delegate: D,
        mode: Mode<Yield<D>, Resume<D>>,
        co: FrameCo<D>,
        _start: PhantomData<S>,
    }

    impl<D, S> PinnedDrop for YieldFromFrame<D, S>
    where
        D: FrameOwner,
    {
        fn drop(this: Pin<&mut Self>) {
            // Python's `close()` of the delegating generator closes the
            // delegate too. A chain closes its generators innermost first,
            // the delegate last; a borrowed delegate is closed here, so that
            // its owner finds it finished; an owned one is dropped with this
            // future, right after this (its state is gone with it, so nothing
            // needs writing there, which keeps the hot loop free of stores on
            // its unwind paths).
            let this = this.project();
            match mem::replace(this.mode, Mode::Done) {
                Mode::Done => {}
                // SAFETY: the chain is running (it did not complete: we
                // are not `Done`), and its generators are ours to close.
                Mode::OwnsChain(chain) if <D::Frame as Frame>::DELEGATES => unsafe { chain.close() },
                _ if D::OWNED => {}
                _ => this.delegate.frame().close(),
            }
        }
    }
}

impl<D: FrameOwner, S> YieldFromFrame<D, S> {
    pub(super) fn new(delegate: D) -> Self {
        YieldFromFrame {
            delegate,
            mode: Mode::NotStarted,
            co: Co::new(),
            _start: PhantomData,
        }
    }
}

impl<D: FrameOwner, S: StartArg<Resume<D>>> Future for YieldFromFrame<D, S> {
    type Output = Return<D>;

    #[inline(always)]
    #[track_caller]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if <D::Frame as Frame>::DELEGATES {
            self.poll_chain(cx)
        } else {
            self.poll_in_place(cx)
        }
    }
}

impl<D: FrameOwner, S: StartArg<Resume<D>>> YieldFromFrame<D, S> {
    /// A delegate without `yield_from!` of its own: polled in place, all of
    /// it inlined, so the compiler can fuse the two bodies into one loop.
    #[inline(always)]
    #[track_caller]
    fn poll_in_place(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Return<D>> {
        let mut this = self.project();
        match this.mode {
            Mode::InPlace => {}
            Mode::NotStarted => {
                let needs = this.delegate.as_mut().frame().needs_start_arg();
                // SAFETY: only `yield_from` hands this future out, and its
                // contract is that it is awaited in the body of a generator
                // whose handle has our `co`'s types: `cx` is that body's
                // context.
                start::<S, _, _>(unsafe { this.co.slot(cx) }, needs);
                this.delegate.as_mut().frame().start_in_place();
                *this.mode = Mode::InPlace;
            }
            Mode::Done => polled_after_completion(),
            Mode::OwnsChain(_) | Mode::InOuterChain(_) => {
                unreachable!("a delegate without `yield_from!` is polled in place")
            }
        }
        // SAFETY: `cx` is the context of a body whose slot has `co`'s types
        // (as above), which are the delegate's (`co` is a `FrameCo<D>`); the
        // delegate was started when the mode became `InPlace`, and the mode
        // leaves `InPlace` for good when a poll returns `Ready`.
        let poll = unsafe { this.delegate.frame().poll_in_place(cx, !D::OWNED) };
        if poll.is_ready() {
            *this.mode = Mode::Done;
        }
        poll
    }

    /// A delegate that may delegate further: it runs in a chain, which we
    /// hold (the resume of a running chain is inlined), or which polls us.
    #[inline(always)]
    #[track_caller]
    fn poll_chain(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Return<D>> {
        loop {
            let this = self.as_mut().project();
            let Mode::OwnsChain(chain) = this.mode else {
                match self.as_mut().start_chain(cx) {
                    Some(poll) => return poll,
                    None => continue,
                }
            };
            // SAFETY: the chain is running (it is replaced when it
            // completes), and `cx` is the context of a body whose slot has the
            // chain's types (as in `poll_in_place`).
            if unsafe { chain.resume(cx) }.is_pending() {
                return Poll::Pending;
            }
            *this.mode = Mode::Done;
            return Poll::Ready(returned(this.delegate.frame()));
        }
    }

    /// `poll_chain` outside `Mode::OwnsChain`: starts the delegate in a
    /// chain of ours (`None`: poll it now), or in the chain that polls us,
    /// or takes its return value once that chain completed it. Out of line:
    /// it runs once per delegation.
    #[inline(never)]
    #[track_caller]
    fn start_chain(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Option<Poll<Return<D>>> {
        let mut this = self.project();
        match this.mode {
            Mode::NotStarted => {}
            Mode::InOuterChain(_) => {
                let delegate = this.delegate.as_mut().frame();
                if delegate.is_finished() {
                    *this.mode = Mode::Done;
                    return Some(Poll::Ready(returned(delegate)));
                }
                // The chain that ran the delegate is gone (its holder was
                // leaked while it borrowed this generator): run the delegate
                // anew from here, as if it started now.
            }
            Mode::OwnsChain(_) => unreachable!("`poll_chain` resumes a running chain"),
            Mode::InPlace => unreachable!("a delegate with `yield_from!` runs in a chain"),
            Mode::Done => polled_after_completion(),
        }
        let needs = this.delegate.as_mut().frame().needs_start_arg();
        // SAFETY: as in `poll_in_place`.
        start::<S, _, _>(unsafe { this.co.slot(cx) }, needs);
        let frame = this.delegate.frame().frame_ptr();
        if Scope::of(cx).chain().is_some() {
            // Join the chain that polls us: it polls the delegate directly
            // from now on, and us again when the delegate completes.
            *this.mode = Mode::InOuterChain(Link::new(frame));
            let Mode::InOuterChain(link) = this.mode else {
                unreachable!()
            };
            // SAFETY: `cx` is the context of a body of `co`'s types (as in
            // `poll_in_place`). The link stays in our mode, where it is now,
            // until the delegate completed (we are polled again only then)
            // or we are dropped, after the chain closed the delegate.
            unsafe { join_outer_chain(cx, NonNull::from(link)) };
            return Some(Poll::Pending);
        }
        // Kept in the mode before its first resume, so that a panic in it
        // still finds the chain to close.
        // SAFETY: the delegate is owned by `delegate`, which is pinned in this
        // future and lent to nothing else while we hold the chain: the chain
        // is closed in our `drop`, or completes first.
        *this.mode = Mode::OwnsChain(unsafe { Chain::new(frame) });
        None
    }
}

/// The return value of a delegate that completed in a chain.
fn returned<F: Frame + ?Sized>(delegate: Pin<&mut F>) -> F::Return {
    delegate
        .take_return()
        .expect("a generator of a chain only completes by returning")
}

#[cold]
#[track_caller]
pub(super) fn polled_after_completion() -> ! {
    panic!("`yield_from!` future polled after it completed")
}
