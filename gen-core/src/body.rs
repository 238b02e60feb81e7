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
/// one: the trait is sealed.
pub trait Body: sealed::Sealed {
    /// What `yield_!` takes.
    type Yield;
    /// What `yield_!` evaluates to, and what each resume passes in.
    type Resume;
    /// What the body returns at its end.
    type Return;

    /// Runs the body until it suspends or returns. Not public API.
    #[doc(hidden)]
    fn poll_body(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Return>;

    /// Drops the body's state where it is: its captures, or its suspended
    /// locals. Afterwards `poll_body` must not be called. Not public API.
    #[doc(hidden)]
    fn drop_body(self: Pin<&mut Self>);

    /// Whether the body contains a `yield_from!`, and so may delegate
    /// further when it is delegated to; `false` lets its delegator poll it in
    /// place (see `frame/mod.rs`). Not public API.
    #[doc(hidden)]
    const DELEGATES: bool;
}

mod sealed {
    pub trait Sealed {}
}

/// The macros' promise that the closure they pass to [`BodyFn::new`] uses
/// its [`Co`] as the transport requires. Not public API.
#[doc(hidden)]
pub struct Vouch(());

impl Vouch {
    /// # Safety
    ///
    /// The closure passed with this value to [`BodyFn::new`] must use the
    /// [`Co`] it receives only inside the future it returns, and only by
    /// awaiting the futures that `Co`'s methods return directly in that
    /// future's body: it must not move the `Co` anywhere else (into another
    /// future, closure, thread or generator). The yield transport relies on
    /// every such future being polled by this body's own generator.
    #[inline(always)]
    pub const unsafe fn new() -> Self {
        Vouch(())
    }
}

pin_project! {
    /// A [`Body`]: the future of a generator's `async` body, built (but not
    /// polled) when the generator is created. Not public API.
    #[doc(hidden)]
    pub struct BodyFn<Fut, Y, R, D> {
        // `None` once returned or dropped by `drop_body`.
        #[pin]
        future: Option<Fut>,
        _types: PhantomData<fn(Y, R, D) -> (Y, R, D)>,
    }
}

impl<Fut, Y, R, D> BodyFn<Fut, Y, R, D>
where
    Fut: Future,
{
    /// Builds the body's future from the closure the macros generate.
    /// Nothing of the body runs: an `async` block starts at its first poll.
    ///
    /// The macros pass the closure inline, so that its parameter type comes
    /// from the bound (elided lifetimes in `Y` then stay inference
    /// variables) and its `async` block's output type from `Ret` (so `?` in
    /// the body knows its target).
    #[inline(always)]
    pub fn new<Ret>(_vouch: Vouch, start: impl FnOnce(Co<Y, R>) -> Fut) -> Self
    where
        Fut: Future<Output = Ret>,
    {
        BodyFn {
            future: Some(start(Co::new())),
            _types: PhantomData,
        }
    }
}

impl<Fut: Future, Y, R, D: Delegation> sealed::Sealed for BodyFn<Fut, Y, R, D> {}

impl<Fut: Future, Y, R, D: Delegation> Body for BodyFn<Fut, Y, R, D> {
    type Yield = Y;
    type Resume = R;
    type Return = Fut::Output;
    const DELEGATES: bool = D::DELEGATES;

    #[inline(always)]
    fn poll_body(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Fut::Output> {
        let mut future = self.project().future;
        let Some(running) = future.as_mut().as_pin_mut() else {
            unreachable!("a body is not polled after it returned or was dropped")
        };
        let poll = running.poll(cx);
        if poll.is_ready() {
            // Its locals are gone; what is left (nothing, for an `async`
            // block) is dropped now, not with the generator.
            future.set(None);
        }
        poll
    }

    #[inline]
    fn drop_body(self: Pin<&mut Self>) {
        // If a destructor panics, `set` still leaves `None` in place, so
        // nothing is dropped twice.
        self.project().future.set(None);
    }
}

/// Whether a body contains `yield_from!`, as a type: [`MayDelegate`] or
/// [`NeverDelegates`] (the macros see it; the types cannot). Not public API.
#[doc(hidden)]
pub trait Delegation {
    /// See [`Body::DELEGATES`].
    const DELEGATES: bool;
}

/// A body with a `yield_from!`. Not public API.
#[doc(hidden)]
pub struct MayDelegate;

impl Delegation for MayDelegate {
    const DELEGATES: bool = true;
}

/// A body without `yield_from!`. Not public API.
#[doc(hidden)]
pub struct NeverDelegates;

impl Delegation for NeverDelegates {
    const DELEGATES: bool = false;
}
