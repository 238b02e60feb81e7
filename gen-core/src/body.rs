//! [`Body`]: the code of a generator, as the macros hand it to the generator
//! types, and [`BodyFn`], the one implementation of it.

use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::{Context, Poll};

use pin_project_lite::pin_project;

use crate::transport::Co;

/// The body of a generator: the code between the braces of a `#[generator]`
/// function or a `gen_!` block, compiled to a future.
///
/// It appears in the return types the macros write, such as
/// `Gen<impl Body<Yield = u64, Resume = (), Return = ()>>`, so the yield,
/// resume and return types show in signatures and documentation. The body
/// value holds all the state of the generator's code, so the generator is
/// `Send`, `Sync` or `Unpin` exactly when it is. Only the macros can create
/// one: the trait is sealed, and only coyield can call its methods.
pub trait Body: sealed::Sealed {
    /// What `yield_!` takes.
    type Yield;
    /// What `yield_!` evaluates to, and what each resume passes in.
    type Resume;
    /// What the body returns at its end.
    type Return;

    /// Runs the body until it suspends or returns. Not public API: the
    /// token cannot be made outside coyield.
    ///
    /// # Safety
    ///
    /// The body has not returned `Ready` and `drop_body` has not been called
    /// (the generator's status says so: see `raw_gen.rs`).
    #[doc(hidden)]
    unsafe fn poll_body(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        _: sealed::Token,
    ) -> Poll<Self::Return>;

    /// Drops the body's state where it is: its captures, or its suspended
    /// locals. Not public API.
    #[doc(hidden)]
    fn drop_body(self: Pin<&mut Self>, _: sealed::Token);

    /// Whether the body contains a `yield_from!`, and so may delegate
    /// further when it is delegated to; `false` lets its delegator poll it in
    /// place (see `delegate/`). Not public API.
    #[doc(hidden)]
    const DELEGATES: bool;

    /// Whether the body reads its first resume's argument
    /// (`first_resume = name`), whatever its type shows: `yield_from!`
    /// makes one up for it when the delegating body took the resume's own.
    /// Not public API.
    #[doc(hidden)]
    const READS_FIRST_RESUME: bool;
}

/// The bodies of generators declared with `first_resume = name`, which read
/// the argument of their first resume.
///
/// Such a generator's signature says so
/// (`Gen<impl Body<..> + BindsFirstResume>`), because delegating to it
/// differs: when the delegating body already took the argument of the
/// resume under way, [`yield_from!`](crate::yield_from) starts this delegate
/// with `R::default()` (Python sends `None`), and so requires
/// `R: Default`. A delegate without `first_resume` starts with no argument
/// at all, whatever its resume type.
pub trait BindsFirstResume {}

pub(crate) mod sealed {
    pub trait Sealed {}

    /// What only coyield can pass to the hidden methods of [`Body`](super::Body).
    #[derive(Clone, Copy)]
    pub struct Token(pub(crate) ());

    pub(crate) const TOKEN: Token = Token(());
}

pin_project! {
    /// A [`Body`]: the future of a generator's `async` body, built (but not
    /// polled) when the generator is created. `F` is a [`Flags`] type. Not
    /// public API.
    #[doc(hidden)]
    pub struct BodyFn<Fut, Y, R, F> {
        // `None` once returned or dropped by `drop_body`.
        #[pin]
        future: Option<Fut>,
        _types: PhantomData<fn(Y, R, F) -> (Y, R, F)>,
    }
}

impl<Fut, Y, R, F> BodyFn<Fut, Y, R, F>
where
    Fut: Future,
{
    /// Builds the body's future from the closure the macros generate,
    /// handing it this body's [`Co`]. Nothing of the body runs: an `async`
    /// block starts at its first poll.
    ///
    /// The macros pass the closure inline, so that its parameter type comes
    /// from the bound (elided lifetimes in `Y` then stay inference
    /// variables) and its `async` block's output type from `Ret` (so `?` in
    /// the body knows its target).
    #[inline(always)]
    pub fn new<Ret>(start: impl FnOnce(Co<Y, R>) -> Fut) -> Self
    where
        Fut: Future<Output = Ret>,
    {
        BodyFn {
            future: Some(start(Co::new())),
            _types: PhantomData,
        }
    }
}

/// The body of a borrowing generator block (`gen_ref!`): an async closure
/// that borrows from its environment what it uses (as a closure does),
/// called once with the body's [`Co`]: the future of that call holds the
/// closure, and so its borrows. Not public API.
///
/// The macros pass the closure inline, for the same reasons as to
/// [`BodyFn::new`].
#[doc(hidden)]
#[inline(always)]
pub fn borrowing_body<Y, R, F, Ret, S>(start: S) -> BodyFn<impl Future<Output = Ret>, Y, R, F>
where
    S: AsyncFnOnce(Co<Y, R>) -> Ret,
{
    BodyFn {
        future: Some(start(Co::new())),
        _types: PhantomData,
    }
}

impl<Fut: Future, Y, R, F: Flags> sealed::Sealed for BodyFn<Fut, Y, R, F> {}

impl<Fut: Future, Y, R, F: Flags> Body for BodyFn<Fut, Y, R, F> {
    type Yield = Y;
    type Resume = R;
    type Return = Fut::Output;
    const DELEGATES: bool = F::DELEGATES;
    const READS_FIRST_RESUME: bool = F::READS_FIRST_RESUME;

    #[inline(always)]
    unsafe fn poll_body(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        _: sealed::Token,
    ) -> Poll<Fut::Output> {
        let mut future = self.project().future;
        // SAFETY: the caller's promise: the future is still there (it is
        // `None` only once it returned or was dropped). The check it saves
        // is one the generator's status makes already, on every resume.
        let running = unsafe { future.as_mut().as_pin_mut().unwrap_unchecked() };
        let poll = running.poll(cx);
        if poll.is_ready() {
            // Its locals are gone; what is left (nothing, for an `async`
            // block) is dropped now, not with the generator.
            future.set(None);
        }
        poll
    }

    #[inline]
    fn drop_body(self: Pin<&mut Self>, _: sealed::Token) {
        // If a destructor panics, `set` still leaves `None` in place, so
        // nothing is dropped twice.
        self.project().future.set(None);
    }
}

impl<Fut: Future, Y, R, const DELEGATES: bool> BindsFirstResume
    for BodyFn<Fut, Y, R, BodyFlags<DELEGATES, true>>
{
}

/// What the macros know about a body and the types cannot tell: whether it
/// contains a `yield_from!`, and whether it binds its first resume's
/// argument. Not public API.
#[doc(hidden)]
pub trait Flags {
    /// See [`Body::DELEGATES`].
    const DELEGATES: bool;
    /// See [`Body::READS_FIRST_RESUME`].
    const READS_FIRST_RESUME: bool;
}

/// The [`Flags`] of a body. Not public API.
#[doc(hidden)]
pub struct BodyFlags<const DELEGATES: bool, const BINDS_FIRST_RESUME: bool>;

impl<const DELEGATES: bool, const BINDS_FIRST_RESUME: bool> Flags
    for BodyFlags<DELEGATES, BINDS_FIRST_RESUME>
{
    const DELEGATES: bool = DELEGATES;
    const READS_FIRST_RESUME: bool = BINDS_FIRST_RESUME;
}
