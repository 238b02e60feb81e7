//! `yield_from!`: delegating to another generator, any coroutine, an iterable
//! or (in async generators) a stream.
//!
//! The macro cannot see types, so it picks the kind of delegate by
//! autoderef-based specialization: it calls `__coyield_kind()` on `&&&&Tag`, and
//! method resolution takes the first impl, from the most specific receiver
//! down, whose bounds hold. Each kind then builds its own future with bounds
//! that name the generator's `Yield` and `Resume` types, so a mismatch is
//! reported at the `yield_from!` argument as "expected `u64`, found `String`".
//!
//! Generators are delegated to as frames (see `frame/mod.rs`), which keeps
//! the cost per item independent of the depth of delegation.

mod yield_from;

use core::marker::PhantomData;
use core::pin::Pin;

use futures_core::Stream;

use crate::body::Body;
use crate::coroutine::Coroutine;
use crate::frame::RawGen;
use crate::transport::Co;

pub use yield_from::{YieldFromCoroutine, YieldFromFrame, YieldFromIter, YieldFromStream};

/// A generator value `yield_from!` can run as a frame: the generator types,
/// `&mut` to the boxed ones and `Pin<&mut _>` to the inline ones.
///
/// Not public API.
#[doc(hidden)]
pub trait FrameOwner {
    /// The delegate's body.
    type Body: Body;
    /// Whether this value owns the delegate (and drops it with itself), or
    /// borrows it (and a `yield_from!` dropped early must close it).
    const OWNED: bool;
    /// The delegate's state machine, pinned.
    fn raw_frame(self: Pin<&mut Self>) -> Pin<&mut RawGen<Self::Body>>;
}

/// The [`FrameOwner`]s whose bodies never await: the ones a sync generator
/// may delegate to. Not public API.
#[doc(hidden)]
pub trait SyncFrameOwner: FrameOwner {}

/// The async generator types, which a sync generator cannot delegate to.
/// Not public API.
#[doc(hidden)]
pub trait AsyncFrameOwner: FrameOwner {}

/// Never implemented: reports a sync generator delegating to an async one.
#[diagnostic::on_unimplemented(
    message = "a sync generator cannot delegate to an async generator",
    label = "this is an async generator",
    note = "make the delegating generator an `async fn` too, or iterate the delegate's values some other way"
)]
#[doc(hidden)]
pub trait SyncDelegate {}

#[cfg(feature = "alloc")]
impl<B: Body> FrameOwner for crate::Gen<B> {
    type Body = B;
    const OWNED: bool = true;
    fn raw_frame(self: Pin<&mut Self>) -> Pin<&mut RawGen<B>> {
        self.get_mut().raw()
    }
}
#[cfg(feature = "alloc")]
impl<B: Body> SyncFrameOwner for crate::Gen<B> {}

#[cfg(feature = "alloc")]
impl<B: Body> FrameOwner for &mut crate::Gen<B> {
    type Body = B;
    const OWNED: bool = false;
    fn raw_frame(self: Pin<&mut Self>) -> Pin<&mut RawGen<B>> {
        self.get_mut().raw()
    }
}
#[cfg(feature = "alloc")]
impl<B: Body> SyncFrameOwner for &mut crate::Gen<B> {}

impl<B: Body> FrameOwner for crate::NoAllocGen<B> {
    type Body = B;
    const OWNED: bool = true;
    fn raw_frame(self: Pin<&mut Self>) -> Pin<&mut RawGen<B>> {
        self.raw()
    }
}
impl<B: Body> SyncFrameOwner for crate::NoAllocGen<B> {}

impl<B: Body> FrameOwner for Pin<&mut crate::NoAllocGen<B>> {
    type Body = B;
    const OWNED: bool = false;
    fn raw_frame(self: Pin<&mut Self>) -> Pin<&mut RawGen<B>> {
        self.get_mut().as_mut().raw()
    }
}
impl<B: Body> SyncFrameOwner for Pin<&mut crate::NoAllocGen<B>> {}

#[cfg(feature = "alloc")]
impl<B: Body> AsyncFrameOwner for crate::AsyncGen<B> {}
#[cfg(feature = "alloc")]
impl<B: Body> FrameOwner for crate::AsyncGen<B> {
    type Body = B;
    const OWNED: bool = true;
    fn raw_frame(self: Pin<&mut Self>) -> Pin<&mut RawGen<B>> {
        self.get_mut().raw()
    }
}

#[cfg(feature = "alloc")]
impl<B: Body> AsyncFrameOwner for &mut crate::AsyncGen<B> {}
#[cfg(feature = "alloc")]
impl<B: Body> FrameOwner for &mut crate::AsyncGen<B> {
    type Body = B;
    const OWNED: bool = false;
    fn raw_frame(self: Pin<&mut Self>) -> Pin<&mut RawGen<B>> {
        self.get_mut().raw()
    }
}

impl<B: Body> AsyncFrameOwner for crate::NoAllocAsyncGen<B> {}
impl<B: Body> FrameOwner for crate::NoAllocAsyncGen<B> {
    type Body = B;
    const OWNED: bool = true;
    fn raw_frame(self: Pin<&mut Self>) -> Pin<&mut RawGen<B>> {
        self.raw()
    }
}

impl<B: Body> AsyncFrameOwner for Pin<&mut crate::NoAllocAsyncGen<B>> {}
impl<B: Body> FrameOwner for Pin<&mut crate::NoAllocAsyncGen<B>> {
    type Body = B;
    const OWNED: bool = false;
    fn raw_frame(self: Pin<&mut Self>) -> Pin<&mut RawGen<B>> {
        self.get_mut().as_mut().raw()
    }
}

/// The argument of a `yield_from!`, with the handle of the generator
/// delegating to it; `M` is [`SyncBody`] or [`AsyncBody`]. Its type picks
/// the kind of delegation. Not public API.
#[doc(hidden)]
pub struct Tag<D, Y, R, M> {
    delegate: D,
    co: Co<Y, R>,
    _body: PhantomData<M>,
}

/// Marks a [`Tag`] from a sync generator's body. Not public API.
#[doc(hidden)]
pub struct SyncBody;

/// Marks a [`Tag`] from an async generator's body. Not public API.
#[doc(hidden)]
pub struct AsyncBody;

impl<D, Y, R, M> Tag<D, Y, R, M> {
    /// Ties the delegate to the types of the generator delegating to it.
    #[inline(always)]
    pub fn new(delegate: D, co: Co<Y, R>) -> Self {
        Tag {
            delegate,
            co,
            _body: PhantomData,
        }
    }
}

pub mod kind {
    //! The kinds of delegate, by receiver level, most specific first: in a sync body the macro
    //! calls `(&&&&tag).__coyield_kind()`, in an async one `(&&&&&tag)`.
    use super::*;

    /// A coyield generator. Not public API.
    #[doc(hidden)]
    pub trait ViaFrame {
        /// Picks this kind.
        fn __coyield_kind(&self) -> FrameKind {
            FrameKind
        }
    }
    impl<D: SyncFrameOwner, Y, R> ViaFrame for &&&Tag<D, Y, R, SyncBody> {}
    impl<D: FrameOwner, Y, R> ViaFrame for &&&&Tag<D, Y, R, AsyncBody> {}

    /// An async generator in a sync body: an error. Not public API.
    #[doc(hidden)]
    pub trait ViaAsyncFrame {
        /// Picks this kind.
        fn __coyield_kind(&self) -> AsyncFrameKind {
            AsyncFrameKind
        }
    }
    impl<D: AsyncFrameOwner, Y, R> ViaAsyncFrame for &&&Tag<D, Y, R, SyncBody> {}

    /// Any other `Coroutine` with the generator's resume type. Not public API.
    #[doc(hidden)]
    pub trait ViaCoroutine {
        /// Picks this kind.
        fn __coyield_kind(&self) -> CoroutineKind {
            CoroutineKind
        }
    }
    impl<D: Coroutine<R>, Y, R> ViaCoroutine for &&Tag<D, Y, R, SyncBody> {}
    impl<D: Coroutine<R>, Y, R> ViaCoroutine for &&&Tag<D, Y, R, AsyncBody> {}

    /// A `Stream` (async generators only). Not public API.
    #[doc(hidden)]
    pub trait ViaStream {
        /// Picks this kind.
        fn __coyield_kind(&self) -> StreamKind {
            StreamKind
        }
    }
    impl<D: Stream, Y, R> ViaStream for &&Tag<D, Y, R, AsyncBody> {}

    /// An iterable. Not public API.
    #[doc(hidden)]
    pub trait ViaIter {
        /// Picks this kind.
        fn __coyield_kind(&self) -> IterKind {
            IterKind
        }
    }
    impl<D: IntoIterator, Y, R> ViaIter for &Tag<D, Y, R, SyncBody> {}
    impl<D: IntoIterator, Y, R> ViaIter for &Tag<D, Y, R, AsyncBody> {}

    /// Anything else: an error. Not public API.
    #[doc(hidden)]
    pub trait ViaNothing {
        /// Picks this kind.
        fn __coyield_kind(&self) -> NothingKind {
            NothingKind
        }
    }
    impl<D, Y, R> ViaNothing for Tag<D, Y, R, SyncBody> {}
    impl<D, Y, R> ViaNothing for Tag<D, Y, R, AsyncBody> {}
}

/// `yield_from!` of a coyield generator. Not public API.
#[doc(hidden)]
pub struct FrameKind;

impl FrameKind {
    /// The future of the delegation.
    #[inline(always)]
    pub fn delegate<D, Y, R, M>(self, tag: Tag<D, Y, R, M>) -> YieldFromFrame<D>
    where
        D: FrameOwner,
        D::Body: Body<Yield = Y, Resume = R>,
        R: StartDelegate,
    {
        let Tag { delegate, co, .. } = tag;
        YieldFromFrame::new(delegate, co, R::default())
    }
}

/// `yield_from!` of an async generator in a sync generator. Not public API.
#[doc(hidden)]
pub struct AsyncFrameKind;

impl AsyncFrameKind {
    /// Reports the error; never callable.
    pub fn delegate<D, Y, R, M>(self, _tag: Tag<D, Y, R, M>) -> core::future::Pending<()>
    where
        D: SyncDelegate,
    {
        core::future::pending()
    }
}

/// `yield_from!` of any other coroutine. Not public API.
#[doc(hidden)]
pub struct CoroutineKind;

impl CoroutineKind {
    /// The future of the delegation.
    #[inline(always)]
    pub fn delegate<D, Y, R, M>(self, tag: Tag<D, Y, R, M>) -> YieldFromCoroutine<D, R>
    where
        D: Coroutine<R, Yield = Y>,
        R: StartDelegate,
    {
        let Tag { delegate, co, .. } = tag;
        YieldFromCoroutine::new(delegate, co, R::default())
    }
}

/// `yield_from!` of a stream. Not public API.
#[doc(hidden)]
pub struct StreamKind;

impl StreamKind {
    /// The future of the delegation.
    #[inline(always)]
    pub fn delegate<D, Y, R, M>(self, tag: Tag<D, Y, R, M>) -> YieldFromStream<D, R>
    where
        D: Stream<Item = Y>,
    {
        let Tag { delegate, co, .. } = tag;
        YieldFromStream::new(delegate, co)
    }
}

/// `yield_from!` of an iterable. Not public API.
#[doc(hidden)]
pub struct IterKind;

impl IterKind {
    /// The future of the delegation.
    #[inline(always)]
    pub fn delegate<D, Y, R, M>(self, tag: Tag<D, Y, R, M>) -> YieldFromIter<D::IntoIter, R>
    where
        D: IntoIterator<Item = Y>,
    {
        let Tag { delegate, co, .. } = tag;
        YieldFromIter::new(delegate.into_iter(), co)
    }
}

/// `yield_from!` of something that cannot be delegated to. Not public API.
#[doc(hidden)]
pub struct NothingKind;

impl NothingKind {
    /// Reports the error; never callable.
    pub fn delegate<D, Y, R, M>(self, _tag: Tag<D, Y, R, M>) -> core::future::Pending<()>
    where
        D: Delegable<Y>,
    {
        core::future::pending()
    }
}

/// Never implemented: reports a `yield_from!` argument of no usable kind.
#[diagnostic::on_unimplemented(
    message = "`yield_from!` cannot delegate to `{Self}`",
    label = "not a generator, a `Coroutine` with this generator's resume type, or an iterable",
    note = "`yield_from!` takes a coyield generator, any `Coroutine<R, Yield = {Y}>` where `R` is this generator's resume type, an `IntoIterator<Item = {Y}>`, or (in async generators) a `Stream<Item = {Y}>`"
)]
#[doc(hidden)]
pub trait Delegable<Y> {}

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

#[diagnostic::do_not_recommend]
impl<R: Default> StartDelegate for R {}
