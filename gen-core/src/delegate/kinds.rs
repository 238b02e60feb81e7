//! The kinds of delegate `yield_from!` takes, how the macros pick one from
//! the delegate alone ([`Probe`]) and prepare its future from the delegate
//! and the generator's types ([`Prepared`]), and [`yield_from`], which hands
//! that future to the generator's body.

use core::future::{Pending, pending};
use core::marker::PhantomData;

use futures_core::Stream;

use super::{
    AsyncFrameOwner, DefaultStartArg, Frame, FrameOwner, NoStartArg, SyncFrameOwner,
    YieldFromCoroutine, YieldFromFrame, YieldFromIter, YieldFromStream,
};
use crate::body::BindsFirstResume;
use crate::coroutine::Coroutine;
use crate::transport::{Co, Invariant};

/// Marks a `yield_from!` in a sync generator's body. Not public API.
#[doc(hidden)]
pub struct SyncBody;

/// Marks a `yield_from!` in an async generator's body. Not public API.
#[doc(hidden)]
pub struct AsyncBody;

/// The types of the generator a `yield_from!` is in (`M` is [`SyncBody`]
/// or [`AsyncBody`]), as a value: what the kind selection and the
/// preparation of a delegation get instead of the handle. Not public API.
#[doc(hidden)]
pub struct Types<M, Y, R>(PhantomData<fn(M) -> M>, Invariant<Y, R>);

impl<M, Y, R> Clone for Types<M, Y, R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<M, Y, R> Copy for Types<M, Y, R> {}

impl<M, Y, R> Types<M, Y, R> {
    /// The types of the generator whose handle is `co`.
    #[inline(always)]
    pub fn of(_co: Co<Y, R>) -> Self {
        Types(PhantomData, PhantomData)
    }
}

/// What the macros pick the kind of delegate with: a reference to the
/// delegate, and the types of the generator delegating to it. It holds no
/// handle: whatever method a `__coyield_kind()` call resolves to, it reaches
/// nothing of the generator. Not public API.
#[doc(hidden)]
pub struct Probe<'a, D, M, Y, R> {
    _delegate: &'a D,
    _types: Types<M, Y, R>,
}

impl<'a, D, M, Y, R> Probe<'a, D, M, Y, R> {
    /// The probe of `delegate`, in a generator of these types.
    #[inline(always)]
    pub fn new(delegate: &'a D, types: Types<M, Y, R>) -> Self {
        Probe {
            _delegate: delegate,
            _types: types,
        }
    }
}

/// The future of a delegation, made by the `__coyield_prepare` method of a
/// kind, whose bounds check the delegate against the generator's types `Y`
/// and `R`. Only [`yield_from`] takes the future out. Not public API.
#[doc(hidden)]
#[must_use = "a delegation does nothing unless awaited"]
pub struct Prepared<F, Y, R> {
    future: F,
    _types: Invariant<Y, R>,
}

impl<F, Y, R> Prepared<F, Y, R> {
    #[inline(always)]
    fn new(future: F) -> Self {
        Prepared {
            future,
            _types: PhantomData,
        }
    }
}

/// The future `yield_from!` awaits. Not public API.
///
/// Only coyield makes a [`Prepared`], and only for a delegate that fits a
/// generator yielding `Y` and taking `R`: whatever `__coyield_kind()` and
/// `__coyield_prepare()` resolved to, the future is one of coyield's, of
/// these types.
///
/// # Safety
///
/// The future must be awaited directly in the body of the generator that
/// made `co`, and nowhere else.
#[doc(hidden)]
#[inline(always)]
pub unsafe fn yield_from<F, Y, R>(prepared: Prepared<F, Y, R>, _co: Co<Y, R>) -> F {
    prepared.future
}

/// The kinds of delegate, as the method each picks at its receiver level:
/// `(&&&&&&&probe).__coyield_kind()` tries them from the most specific level
/// down.
pub mod kind {
    use super::*;

    macro_rules! kind_trait {
        ($(#[$doc:meta])* $Trait:ident -> $Kind:ident) => {
            $(#[$doc])*
            #[doc(hidden)]
            pub trait $Trait<M, Y, R> {
                /// Picks this kind.
                #[inline(always)]
                fn __coyield_kind(&self) -> $Kind<M, Y, R> {
                    $Kind(Types(PhantomData, PhantomData))
                }
            }
        };
    }

    kind_trait!(
        /// A coyield generator that binds its first resume's argument.
        ViaFrameBindingArg -> FrameBindingArgKind
    );
    kind_trait!(
        /// Any other coyield generator (for a sync body: a sync one), in a
        /// generator whose resume type has a default.
        ViaFrameDefaultArg -> FrameDefaultArgKind
    );
    kind_trait!(
        /// Any other coyield generator (for a sync body: a sync one).
        ViaFrame -> FrameKind
    );
    kind_trait!(
        /// An async generator in a sync body: an error.
        ViaAsyncFrame -> AsyncFrameKind
    );
    kind_trait!(
        /// Any other `Coroutine` with the generator's resume type.
        ViaCoroutine -> CoroutineKind
    );
    kind_trait!(
        /// A `Stream` (async generators only).
        ViaStream -> StreamKind
    );
    kind_trait!(
        /// An iterable.
        ViaIter -> IterKind
    );
    kind_trait!(
        /// Anything else: an error.
        ViaNothing -> NothingKind
    );

    type P<'a, D, Y, R, M> = Probe<'a, D, M, Y, R>;

    // Receiver levels, most specific first: seven references, then fewer.
    impl<D: SyncFrameOwner, Y, R> ViaFrameBindingArg<SyncBody, Y, R> for &&&&&&P<'_, D, Y, R, SyncBody> where
        D::Frame: BindsFirstResume
    {
    }
    impl<D: FrameOwner, Y, R> ViaFrameBindingArg<AsyncBody, Y, R> for &&&&&&P<'_, D, Y, R, AsyncBody> where
        D::Frame: BindsFirstResume
    {
    }
    impl<D: SyncFrameOwner, Y, R: Default> ViaFrameDefaultArg<SyncBody, Y, R>
        for &&&&&P<'_, D, Y, R, SyncBody>
    {
    }
    impl<D: FrameOwner, Y, R: Default> ViaFrameDefaultArg<AsyncBody, Y, R>
        for &&&&&P<'_, D, Y, R, AsyncBody>
    {
    }
    impl<D: SyncFrameOwner, Y, R> ViaFrame<SyncBody, Y, R> for &&&&P<'_, D, Y, R, SyncBody> {}
    impl<D: FrameOwner, Y, R> ViaFrame<AsyncBody, Y, R> for &&&&P<'_, D, Y, R, AsyncBody> {}
    impl<D: AsyncFrameOwner, Y, R> ViaAsyncFrame<SyncBody, Y, R> for &&&&P<'_, D, Y, R, SyncBody> {}
    impl<D: Coroutine<R>, M, Y, R> ViaCoroutine<M, Y, R> for &&&P<'_, D, Y, R, M> {}
    impl<D: Stream, Y, R> ViaStream<AsyncBody, Y, R> for &&P<'_, D, Y, R, AsyncBody> {}
    impl<D: IntoIterator, M, Y, R> ViaIter<M, Y, R> for &P<'_, D, Y, R, M> {}
    impl<D, M, Y, R> ViaNothing<M, Y, R> for P<'_, D, Y, R, M> {}
}

macro_rules! kinds {
    ($($(#[$doc:meta])* $Kind:ident;)*) => {$(
        $(#[$doc])*
        #[doc(hidden)]
        pub struct $Kind<M, Y, R>(Types<M, Y, R>);
    )*};
}

kinds! {
    /// `yield_from!` of a coyield generator that binds its first resume's
    /// argument. Not public API.
    FrameBindingArgKind;
    /// `yield_from!` of any other coyield generator, in a generator whose
    /// resume type has a default. Not public API.
    FrameDefaultArgKind;
    /// `yield_from!` of any other coyield generator. Not public API.
    FrameKind;
    /// `yield_from!` of an async generator in a sync generator. Not public API.
    AsyncFrameKind;
    /// `yield_from!` of any other coroutine. Not public API.
    CoroutineKind;
    /// `yield_from!` of a stream. Not public API.
    StreamKind;
    /// `yield_from!` of an iterable. Not public API.
    IterKind;
    /// `yield_from!` of something that cannot be delegated to. Not public API.
    NothingKind;
}

// Each kind's `__coyield_prepare` makes the future of the delegation; its
// bounds check the delegate against the generator's types, so a mismatch is
// reported at the `yield_from!` argument.

impl<M, Y, R> FrameBindingArgKind<M, Y, R> {
    /// Prepares the delegation. Not public API.
    #[inline(always)]
    pub fn __coyield_prepare<D>(
        self,
        delegate: D,
    ) -> Prepared<YieldFromFrame<D, DefaultStartArg>, Y, R>
    where
        D: FrameOwner,
        D::Frame: Frame<Yield = Y, Resume = R>,
        R: StartDelegate,
    {
        Prepared::new(YieldFromFrame::new(delegate))
    }
}

impl<M, Y, R> FrameDefaultArgKind<M, Y, R> {
    /// Prepares the delegation. Not public API.
    #[inline(always)]
    pub fn __coyield_prepare<D>(
        self,
        delegate: D,
    ) -> Prepared<YieldFromFrame<D, DefaultStartArg>, Y, R>
    where
        D: FrameOwner,
        D::Frame: Frame<Yield = Y, Resume = R>,
        R: Default,
    {
        Prepared::new(YieldFromFrame::new(delegate))
    }
}

impl<M, Y, R> FrameKind<M, Y, R> {
    /// Prepares the delegation. Not public API.
    #[inline(always)]
    pub fn __coyield_prepare<D>(self, delegate: D) -> Prepared<YieldFromFrame<D, NoStartArg>, Y, R>
    where
        D: FrameOwner,
        D::Frame: Frame<Yield = Y, Resume = R>,
    {
        Prepared::new(YieldFromFrame::new(delegate))
    }
}

impl<M, Y, R> AsyncFrameKind<M, Y, R> {
    /// Reports the error; never callable. Not public API.
    pub fn __coyield_prepare<D>(self, _: D) -> Prepared<Pending<()>, Y, R>
    where
        D: SyncDelegate,
    {
        Prepared::new(pending())
    }
}

impl<M, Y, R> CoroutineKind<M, Y, R> {
    /// Prepares the delegation. Not public API.
    #[inline(always)]
    pub fn __coyield_prepare<D>(self, delegate: D) -> Prepared<YieldFromCoroutine<D, R>, Y, R>
    where
        D: Coroutine<R, Yield = Y>,
        R: StartDelegate,
    {
        Prepared::new(YieldFromCoroutine::new(delegate))
    }
}

impl<M, Y, R> StreamKind<M, Y, R> {
    /// Prepares the delegation. Not public API.
    #[inline(always)]
    pub fn __coyield_prepare<D>(self, delegate: D) -> Prepared<YieldFromStream<D, R>, Y, R>
    where
        D: Stream<Item = Y>,
    {
        Prepared::new(YieldFromStream::new(delegate))
    }
}

impl<M, Y, R> IterKind<M, Y, R> {
    /// Prepares the delegation. Not public API.
    #[inline(always)]
    pub fn __coyield_prepare<D>(self, delegate: D) -> Prepared<YieldFromIter<D::IntoIter, R>, Y, R>
    where
        D: IntoIterator<Item = Y>,
    {
        Prepared::new(YieldFromIter::new(delegate.into_iter()))
    }
}

impl<M, Y, R> NothingKind<M, Y, R> {
    /// Reports the error; never callable. Not public API.
    pub fn __coyield_prepare<D>(self, _: D) -> Prepared<Pending<()>, Y, R>
    where
        D: Delegable<Y>,
    {
        Prepared::new(pending())
    }
}

/// Never implemented: reports a sync generator delegating to an async one.
#[diagnostic::on_unimplemented(
    message = "a sync generator cannot delegate to an async generator",
    label = "this is an async generator",
    note = "make the delegating generator an `async fn` too, or iterate the delegate's values some other way"
)]
#[doc(hidden)]
pub trait SyncDelegate {}

/// Never implemented: reports a `yield_from!` argument of no usable kind.
#[diagnostic::on_unimplemented(
    message = "`yield_from!` cannot delegate to `{Self}`",
    label = "not a generator, a `Coroutine` with this generator's resume type, or an iterable",
    note = "`yield_from!` takes a coyield generator, any `Coroutine<R, Yield = {Y}>` where `R` is this generator's resume type, an `IntoIterator<Item = {Y}>`, or (in async generators) a `Stream<Item = {Y}>`"
)]
#[doc(hidden)]
pub trait Delegable<Y> {}

/// What `yield_from!` starts a delegate that reads its first argument with,
/// when the argument of the current resume was already taken by the
/// delegating body (Python sends `None`).
#[diagnostic::on_unimplemented(
    message = "`yield_from!` in a generator with resume type `{Self}` needs `{Self}: Default` for this delegate",
    label = "this delegate reads its first resume's argument, which gets `Default::default()` when this resume's argument was already taken",
    note = "derive or implement `Default` for `{Self}` (Python starts a delegate with `None`), or delegate to a generator without `first_resume`"
)]
#[doc(hidden)]
pub trait StartDelegate: Default {}

#[diagnostic::do_not_recommend]
impl<R: Default> StartDelegate for R {}
