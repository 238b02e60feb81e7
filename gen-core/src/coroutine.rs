//! The `Coroutine` trait and `CoroutineState`, shaped like nightly's `core::ops::Coroutine`.

use core::pin::Pin;

/// A computation that can be suspended and resumed, with a value going in on
/// each resume and a value coming out on each suspension.
///
/// This mirrors nightly's `core::ops::Coroutine`, so code written against it
/// reads the same and can move to the standard trait once that is stable.
/// Every `#[generator]` implements it; so can hand-written types.
///
/// ```
/// use coyield::{Coroutine, CoroutineState, generator, yield_};
/// use core::pin::pin;
///
/// #[generator(yield = i32, resume = i32)]
/// fn doubler() -> &'static str {
///     let mut x = 0;
///     loop {
///         x = yield_!(x * 2);
///         if x < 0 {
///             return "negative";
///         }
///     }
/// }
///
/// let mut g = pin!(doubler());
/// assert_eq!(g.as_mut().resume(0), CoroutineState::Yielded(0));
/// assert_eq!(g.as_mut().resume(21), CoroutineState::Yielded(42));
/// assert_eq!(g.as_mut().resume(-1), CoroutineState::Complete("negative"));
/// ```
pub trait Coroutine<R = ()> {
    /// The type of value this coroutine yields.
    type Yield;
    /// The type of value this coroutine returns when it completes.
    type Return;

    /// Runs the coroutine until its next suspension point or its end.
    ///
    /// `arg` is the value the suspended `yield_!` evaluates to. On the first
    /// resume there is no such `yield_!`; see the crate docs for what happens
    /// to that first argument.
    ///
    /// # Panics
    ///
    /// May panic if called after the coroutine returned
    /// [`CoroutineState::Complete`] or after a previous resume panicked; all
    /// coyield generators do, with a message saying so.
    fn resume(self: Pin<&mut Self>, arg: R) -> CoroutineState<Self::Yield, Self::Return>;
}

/// What a [`Coroutine`] produced when it stopped running.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CoroutineState<Y, R> {
    /// The coroutine suspended with a value.
    Yielded(Y),
    /// The coroutine ran to its end with a return value.
    Complete(R),
}

impl<Y, R> CoroutineState<Y, R> {
    /// The yielded value, if the coroutine suspended.
    pub fn yielded(self) -> Option<Y> {
        match self {
            CoroutineState::Yielded(y) => Some(y),
            CoroutineState::Complete(_) => None,
        }
    }

    /// The return value, if the coroutine completed.
    pub fn complete(self) -> Option<R> {
        match self {
            CoroutineState::Yielded(_) => None,
            CoroutineState::Complete(r) => Some(r),
        }
    }
}

impl<G, R> Coroutine<R> for &mut G
where
    G: Coroutine<R> + Unpin + ?Sized,
{
    type Yield = G::Yield;
    type Return = G::Return;

    fn resume(mut self: Pin<&mut Self>, arg: R) -> CoroutineState<Self::Yield, Self::Return> {
        G::resume(Pin::new(&mut **self), arg)
    }
}

impl<P, R> Coroutine<R> for Pin<P>
where
    P: core::ops::DerefMut,
    P::Target: Coroutine<R>,
{
    type Yield = <P::Target as Coroutine<R>>::Yield;
    type Return = <P::Target as Coroutine<R>>::Return;

    fn resume(self: Pin<&mut Self>, arg: R) -> CoroutineState<Self::Yield, Self::Return> {
        <P::Target as Coroutine<R>>::resume(self.as_deref_mut(), arg)
    }
}

#[cfg(feature = "alloc")]
#[cfg_attr(docsrs, doc(cfg(feature = "alloc")))]
impl<G, R> Coroutine<R> for alloc::boxed::Box<G>
where
    G: Coroutine<R> + Unpin + ?Sized,
{
    type Yield = G::Yield;
    type Return = G::Return;

    fn resume(mut self: Pin<&mut Self>, arg: R) -> CoroutineState<Self::Yield, Self::Return> {
        G::resume(Pin::new(&mut **self), arg)
    }
}

/// The resume types that `next()` can resume with: every type with a
/// [`Default`] value, which plays the part of Python's `None` in `next(g)`.
///
/// A generator whose resume type has no default value is no [`Iterator`] or
/// `Stream`; resume it with a value instead: [`Gen::send`](crate::Gen::send),
/// or `send(value).await` for async generators.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no `Default` value for `next()` to resume the generator with",
    label = "the generator's resume type `{Self}` has no `Default`",
    note = "resume it with a value instead: `g.send(value)` (for an async generator, `g.send(value).await`), or implement `Default` for `{Self}`"
)]
pub trait DefaultResume: Default {}

#[diagnostic::do_not_recommend]
impl<T: Default> DefaultResume for T {}
