//! `yield_from!`: delegating to another generator, any coroutine, an iterable
//! or (in async generators) a stream.
//!
//! The macro cannot see types, so it picks the kind of delegate by
//! autoderef-based specialization: it calls `kind()` on `&&&&Tag`, and
//! method resolution takes the first impl, from the most specific receiver
//! down, whose bounds hold. Each kind then builds its own future with bounds
//! that name the generator's `Yield` and `Resume` types, so a mismatch is
//! reported at the `yield_from!` argument as "expected `u64`, found `String`".
//!
//! Generators are delegated to as frames (see `frame.rs`), which keeps the
//! cost per item independent of the depth of delegation.

use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::{Context, Poll};

use futures_core::Stream;
use pin_project_lite::pin_project;

use crate::body::Body;
use crate::coroutine::{Coroutine, CoroutineState};
use crate::frame::{MAX_DIRECT_DEPTH, RawGen, Step};
use crate::transport::{Co, Out};

/// A generator value `yield_from!` can run as a frame: the generator types,
/// `&mut` to the boxed ones and `Pin<&mut _>` to the inline ones.
///
/// Not public API.
#[doc(hidden)]
pub trait FrameOwner {
    /// The delegate's body.
    type Body: Body;
    /// The delegate's state machine, pinned.
    fn raw_frame(self: Pin<&mut Self>) -> Pin<&mut RawGen<Self::Body>>;
}

/// The [`FrameOwner`]s whose bodies never await: the ones a sync generator
/// may delegate to. Not public API.
#[doc(hidden)]
pub trait SyncFrameOwner: FrameOwner {}

#[cfg(feature = "alloc")]
impl<B: Body> FrameOwner for crate::Gen<B> {
    type Body = B;
    fn raw_frame(self: Pin<&mut Self>) -> Pin<&mut RawGen<B>> {
        self.get_mut().raw()
    }
}
#[cfg(feature = "alloc")]
impl<B: Body> SyncFrameOwner for crate::Gen<B> {}

#[cfg(feature = "alloc")]
impl<B: Body> FrameOwner for &mut crate::Gen<B> {
    type Body = B;
    fn raw_frame(self: Pin<&mut Self>) -> Pin<&mut RawGen<B>> {
        self.get_mut().raw()
    }
}
#[cfg(feature = "alloc")]
impl<B: Body> SyncFrameOwner for &mut crate::Gen<B> {}

impl<B: Body> FrameOwner for crate::NoAllocGen<B> {
    type Body = B;
    fn raw_frame(self: Pin<&mut Self>) -> Pin<&mut RawGen<B>> {
        self.raw()
    }
}
impl<B: Body> SyncFrameOwner for crate::NoAllocGen<B> {}

impl<B: Body> FrameOwner for Pin<&mut crate::NoAllocGen<B>> {
    type Body = B;
    fn raw_frame(self: Pin<&mut Self>) -> Pin<&mut RawGen<B>> {
        self.get_mut().as_mut().raw()
    }
}
impl<B: Body> SyncFrameOwner for Pin<&mut crate::NoAllocGen<B>> {}

#[cfg(feature = "alloc")]
impl<B: Body> FrameOwner for crate::AsyncGen<B> {
    type Body = B;
    fn raw_frame(self: Pin<&mut Self>) -> Pin<&mut RawGen<B>> {
        self.get_mut().raw()
    }
}

#[cfg(feature = "alloc")]
impl<B: Body> FrameOwner for &mut crate::AsyncGen<B> {
    type Body = B;
    fn raw_frame(self: Pin<&mut Self>) -> Pin<&mut RawGen<B>> {
        self.get_mut().raw()
    }
}

impl<B: Body> FrameOwner for crate::NoAllocAsyncGen<B> {
    type Body = B;
    fn raw_frame(self: Pin<&mut Self>) -> Pin<&mut RawGen<B>> {
        self.raw()
    }
}

impl<B: Body> FrameOwner for Pin<&mut crate::NoAllocAsyncGen<B>> {
    type Body = B;
    fn raw_frame(self: Pin<&mut Self>) -> Pin<&mut RawGen<B>> {
        self.get_mut().as_mut().raw()
    }
}

/// The argument of a `yield_from!`, borrowed to pick its kind. Not public API.
#[doc(hidden)]
pub struct Tag<'a, D, Y, R> {
    _delegate: PhantomData<&'a D>,
    _co: PhantomData<Co<Y, R>>,
}

impl<'a, D, Y, R> Tag<'a, D, Y, R> {
    /// Ties the delegate to the types of the generator delegating to it.
    #[inline(always)]
    pub fn new(_delegate: &'a D, _co: Co<Y, R>) -> Self {
        Tag {
            _delegate: PhantomData,
            _co: PhantomData,
        }
    }
}

/// The argument of a `yield_from!` in an async generator. Not public API.
#[doc(hidden)]
pub struct AsyncTag<'a, D, Y, R>(PhantomData<Tag<'a, D, Y, R>>);

impl<'a, D, Y, R> AsyncTag<'a, D, Y, R> {
    /// Ties the delegate to the types of the generator delegating to it.
    #[inline(always)]
    pub fn new(_delegate: &'a D, _co: Co<Y, R>) -> Self {
        AsyncTag(PhantomData)
    }
}

/// The kinds of delegate, from the most to the least specific.
pub mod kind {
    use super::*;

    /// A coyield generator. Not public API.
    #[doc(hidden)]
    pub trait ViaFrame {
        /// Picks this kind.
        fn __coyield_kind(&self) -> FrameKind {
            FrameKind
        }
    }
    impl<D: SyncFrameOwner, Y, R> ViaFrame for &&Tag<'_, D, Y, R> {}
    impl<D: FrameOwner, Y, R> ViaFrame for &&&AsyncTag<'_, D, Y, R> {}

    /// Any other `Coroutine` with the generator's resume type. Not public API.
    #[doc(hidden)]
    pub trait ViaCoroutine {
        /// Picks this kind.
        fn __coyield_kind(&self) -> CoroutineKind {
            CoroutineKind
        }
    }
    impl<D: Coroutine<R>, Y, R> ViaCoroutine for &Tag<'_, D, Y, R> {}
    impl<D: Coroutine<R>, Y, R> ViaCoroutine for &&AsyncTag<'_, D, Y, R> {}

    /// A `Stream` (async generators only). Not public API.
    #[doc(hidden)]
    pub trait ViaStream {
        /// Picks this kind.
        fn __coyield_kind(&self) -> StreamKind {
            StreamKind
        }
    }
    impl<D: Stream, Y, R> ViaStream for &AsyncTag<'_, D, Y, R> {}

    /// Anything else: it had better be iterable. Not public API.
    #[doc(hidden)]
    pub trait ViaIter {
        /// Picks this kind.
        fn __coyield_kind(&self) -> IterKind {
            IterKind
        }
    }
    impl<D, Y, R> ViaIter for Tag<'_, D, Y, R> {}
    impl<D, Y, R> ViaIter for AsyncTag<'_, D, Y, R> {}
}

/// `yield_from!` of a coyield generator. Not public API.
#[doc(hidden)]
pub struct FrameKind;

impl FrameKind {
    /// The future of the delegation.
    #[inline(always)]
    pub fn delegate<D, Y, R>(self, delegate: D, co: Co<Y, R>) -> YieldFromFrame<D, Y, R>
    where
        D: FrameOwner,
        D::Body: Body<Yield = Y, Resume = R>,
        R: StartDelegate,
    {
        YieldFromFrame {
            delegate,
            mode: Mode::Start,
            co,
        }
    }
}

/// `yield_from!` of any other coroutine. Not public API.
#[doc(hidden)]
pub struct CoroutineKind;

impl CoroutineKind {
    /// The future of the delegation.
    #[inline(always)]
    pub fn delegate<D, Y, R>(self, delegate: D, co: Co<Y, R>) -> YieldFromCoroutine<D, Y, R>
    where
        D: Coroutine<R, Yield = Y>,
        R: StartDelegate,
    {
        YieldFromCoroutine { delegate, co }
    }
}

/// `yield_from!` of a stream. Not public API.
#[doc(hidden)]
pub struct StreamKind;

impl StreamKind {
    /// The future of the delegation.
    #[inline(always)]
    pub fn delegate<D, Y, R>(self, delegate: D, co: Co<Y, R>) -> YieldFromStream<D, Y, R>
    where
        D: Stream<Item = Y>,
    {
        YieldFromStream { delegate, co }
    }
}

/// `yield_from!` of an iterable. Not public API.
#[doc(hidden)]
pub struct IterKind;

impl IterKind {
    /// The future of the delegation.
    #[inline(always)]
    pub fn delegate<D, Y, R>(self, delegate: D, co: Co<Y, R>) -> YieldFromIter<D::IntoIter, Y, R>
    where
        D: Delegate<Y>,
    {
        YieldFromIter {
            iter: delegate.into_iter(),
            co,
        }
    }
}

/// What `yield_from!` accepts besides generators and coroutines.
#[diagnostic::on_unimplemented(
    message = "`yield_from!` cannot delegate to `{Self}`",
    label = "not a generator, a `Coroutine` with this generator's resume type, or an iterable of `{Y}`",
    note = "`yield_from!` takes a coyield generator, any `Coroutine<R, Yield = {Y}>` where `R` is this generator's resume type, an `IntoIterator<Item = {Y}>`, or (in async generators) a `Stream<Item = {Y}>`"
)]
#[doc(hidden)]
pub trait Delegate<Y>: IntoIterator<Item = Y> {}

impl<I: IntoIterator<Item = Y>, Y> Delegate<Y> for I {}

/// What `yield_from!` starts a delegate with when the argument of the
/// current resume was already taken by the delegating body (Python sends
/// `None`).
#[diagnostic::on_unimplemented(
    message = "`yield_from!` in a generator with resume type `{Self}` needs `{Self}: Default`",
    label = "the delegate's first resume gets `Default::default()` when this resume's argument was already taken",
    note = "derive or implement `Default` for `{Self}` (Python starts a delegate with `None`)"
)]
#[doc(hidden)]
pub trait StartDelegate: Default {}

impl<R: Default> StartDelegate for R {}

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
    pub struct YieldFromFrame<D, Y, R>
    where
        D: FrameOwner,
    {
        #[pin]
        delegate: D,
        mode: Mode,
        co: Co<Y, R>,
    }

    impl<D, Y, R> PinnedDrop for YieldFromFrame<D, Y, R>
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

impl<D, Y, R> Future for YieldFromFrame<D, Y, R>
where
    D: FrameOwner,
    D::Body: Body<Yield = Y, Resume = R>,
    R: Default,
{
    type Output = <D::Body as Body>::Return;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let mut delegate = this.delegate.raw_frame();
        let (scope, slot) = this.co.slot(cx);
        loop {
            match *this.mode {
                Mode::Start => {
                    if delegate.has_chain() {
                        *this.mode = Mode::Rooted;
                        continue;
                    }
                    // PEP 380 starts the delegate right away, with the
                    // argument that resumed us if the body did not take it.
                    let arg = slot.resume.take().unwrap_or_default();
                    delegate.as_mut().deliver(arg);
                    if scope.depth() + 1 < MAX_DIRECT_DEPTH {
                        *this.mode = Mode::Direct;
                    } else {
                        *this.mode = Mode::Trampolined;
                        slot.out = Out::Delegated(delegate.as_mut().frame_ref());
                        return Poll::Pending;
                    }
                }
                Mode::Direct => {
                    if let Some(arg) = slot.resume.take() {
                        delegate.as_mut().deliver(arg);
                    }
                    return match delegate.as_mut().step(scope.waker(), scope.depth() + 1) {
                        Step::Yielded(value) => {
                            slot.out = Out::Yielded(value);
                            Poll::Pending
                        }
                        Step::Delegated(frame) => {
                            slot.out = Out::Delegated(frame);
                            Poll::Pending
                        }
                        Step::Pending => Poll::Pending,
                        Step::Complete => {
                            *this.mode = Mode::Done;
                            Poll::Ready(delegate.take_return().expect("the delegate just returned"))
                        }
                    };
                }
                Mode::Trampolined => {
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
                Mode::Rooted => {
                    let arg = if delegate.is_mid_resume() {
                        None
                    } else {
                        Some(slot.resume.take().unwrap_or_default())
                    };
                    return match delegate.as_mut().drive(arg, scope.waker()) {
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
    pub struct YieldFromCoroutine<D, Y, R> {
        #[pin]
        delegate: D,
        co: Co<Y, R>,
    }
}

impl<D, Y, R> Future for YieldFromCoroutine<D, Y, R>
where
    D: Coroutine<R, Yield = Y>,
    R: Default,
{
    type Output = D::Return;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<D::Return> {
        let this = self.project();
        let (_, slot) = this.co.slot(cx);
        // Each poll is a resume: the driver delivered its argument, except on
        // the first poll when the body already took it.
        let arg = slot.resume.take().unwrap_or_default();
        match this.delegate.resume(arg) {
            CoroutineState::Yielded(value) => {
                slot.out = Out::Yielded(value);
                Poll::Pending
            }
            CoroutineState::Complete(value) => Poll::Ready(value),
        }
    }
}

pin_project! {
    /// The future of `yield_from!` for a stream. Not public API.
    #[doc(hidden)]
    #[must_use = "a delegation does nothing unless awaited"]
    pub struct YieldFromStream<D, Y, R> {
        #[pin]
        delegate: D,
        co: Co<Y, R>,
    }
}

impl<D, Y, R> Future for YieldFromStream<D, Y, R>
where
    D: Stream<Item = Y>,
{
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

pin_project! {
    /// The future of `yield_from!` for an iterator. Not public API.
    #[doc(hidden)]
    #[must_use = "a delegation does nothing unless awaited"]
    pub struct YieldFromIter<I, Y, R> {
        iter: I,
        co: Co<Y, R>,
    }
}

impl<I, Y, R> Future for YieldFromIter<I, Y, R>
where
    I: Iterator<Item = Y>,
{
    type Output = ();

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.project();
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
