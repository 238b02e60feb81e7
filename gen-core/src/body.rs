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

    /// Runs the body until it suspends or returns, starting it on the first
    /// call. Not public API.
    #[doc(hidden)]
    fn poll_body(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Return>;

    /// Drops the body's state where it is: its captures, or its suspended
    /// locals. Afterwards `poll_body` must not be called. Not public API.
    #[doc(hidden)]
    fn drop_body(self: Pin<&mut Self>);

    /// Whether the body contains a `yield_from!`, and so may build a
    /// delegation chain; `false` lets the driver leave the chain out
    /// entirely. Not public API.
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
    /// A [`Body`] made of a closure that builds the body's future from its
    /// handle, and then of that future. Not public API.
    #[doc(hidden)]
    pub struct BodyFn<F, Fut, Y, R, D> {
        #[pin]
        state: BodyState<F, Fut>,
        _types: PhantomData<fn(Y, R, D) -> (Y, R, D)>,
    }
}

pin_project! {
    #[project = BodyStateProj]
    #[project_replace = BodyStateTake]
    enum BodyState<F, Fut> {
        /// Not yet polled: only the captures exist.
        Unresumed { start: F },
        /// The body's future, suspended or running.
        Running { #[pin] future: Fut },
        /// Returned, or dropped by `drop_body`.
        Dropped,
    }
}

impl<F, Fut, Y, R, D> BodyFn<F, Fut, Y, R, D>
where
    F: FnOnce(Co<Y, R>) -> Fut,
    Fut: Future,
{
    /// Wraps the closure the macros generate for a generator body.
    ///
    /// The macros pass the closure inline, so that its parameter type comes
    /// from the bound (elided lifetimes in `Y` then stay inference
    /// variables) and its `async` block's output type from `Ret` (so `?` in
    /// the body knows its target).
    #[inline(always)]
    pub fn new<Ret>(_vouch: Vouch, start: F) -> Self
    where
        Fut: Future<Output = Ret>,
    {
        BodyFn {
            state: BodyState::Unresumed { start },
            _types: PhantomData,
        }
    }
}

impl<F, Fut, Y, R, D: Delegation> sealed::Sealed for BodyFn<F, Fut, Y, R, D>
where
    F: FnOnce(Co<Y, R>) -> Fut,
    Fut: Future,
{
}

impl<F, Fut, Y, R, D: Delegation> Body for BodyFn<F, Fut, Y, R, D>
where
    F: FnOnce(Co<Y, R>) -> Fut,
    Fut: Future,
{
    type Yield = Y;
    type Resume = R;
    type Return = Fut::Output;
    const DELEGATES: bool = D::DELEGATES;

    #[inline(always)]
    fn poll_body(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Fut::Output> {
        let mut state = self.project().state;
        if let BodyStateProj::Unresumed { .. } = state.as_mut().project() {
            // Moving the future into place is fine: it has not been polled.
            if let BodyStateTake::Unresumed { start } =
                state.as_mut().project_replace(BodyState::Dropped)
            {
                state.set(BodyState::Running {
                    future: start(Co::new()),
                });
            }
        }
        match state.as_mut().project() {
            BodyStateProj::Running { future } => {
                let poll = future.poll(cx);
                if poll.is_ready() {
                    // Its locals are gone; what is left is dropped now, not
                    // with the generator.
                    state.set(BodyState::Dropped);
                }
                poll
            }
            _ => unreachable!("a body is not polled after it returned or was dropped"),
        }
    }

    #[inline]
    fn drop_body(self: Pin<&mut Self>) {
        // If a destructor panics, `set` still leaves `Dropped` in place, so
        // nothing is dropped twice.
        self.project().state.set(BodyState::Dropped);
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
