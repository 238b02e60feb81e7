//! [`NoAllocGen`]: what a sync `#[generator(no_alloc)]` function returns.

use core::iter::FusedIterator;
use core::pin::Pin;

use crate::body::Body;
use crate::coroutine::{Coroutine, CoroutineState, DefaultResume};
use crate::methods::generator_methods;
use crate::raw_gen::RawGen;

/// A generator that allocates nothing: what a sync
/// `#[generator(no_alloc)]` function returns. Works without `alloc`.
///
/// It holds its body inline, so it is `!Unpin`: pin it before use, and
/// `Pin<&mut NoAllocGen<_>>` is the [`Iterator`] and [`Coroutine`].
///
/// ```
/// use coyield::{generator, yield_};
/// use core::pin::pin;
///
/// #[generator(yield = u32, no_alloc)]
/// fn squares(n: u32) {
///     for i in 1..=n {
///         yield_!(i * i);
///     }
/// }
///
/// let g = pin!(squares(4));
/// assert_eq!(g.collect::<Vec<_>>(), [1, 4, 9, 16]);
/// ```
///
/// A recursive generator needs the default (boxed) form: an inline body
/// cannot contain itself.
#[must_use = "a generator does nothing until it is iterated or resumed: in a generator, delegate to it with `yield_from!(..)`; elsewhere, iterate it with a `for` loop"]
pub struct NoAllocGen<B: Body> {
    // Structurally pinned (see `generator_methods!`); `RawGen` is `!Unpin`,
    // so this type is too.
    raw: RawGen<B>,
}

generator_methods!(inline NoAllocGen [B: Body] NoAllocGen<B>, RawGen<B>, returns B::Return);

impl<B: Body> NoAllocGen<B> {
    /// Used by the macros. Nothing of the body runs until the first resume.
    #[doc(hidden)]
    #[inline(always)]
    pub const fn new(body: B) -> Self {
        NoAllocGen {
            raw: RawGen::new(body),
        }
    }

    /// The state machine, by value (never pinned yet: `self` is), for the
    /// erased types.
    #[cfg(feature = "alloc")]
    pub(crate) fn into_raw(self) -> RawGen<B> {
        self.raw
    }

    /// Resumes the generator with `arg`, like Python's `send(arg)`: returns
    /// the next yielded value, or the return value if the body ended.
    ///
    /// # Panics
    ///
    /// If the generator already finished, and if its body panics (the panic
    /// passes through, and the generator is finished afterwards).
    #[inline(always)]
    #[track_caller]
    pub fn send(self: Pin<&mut Self>, arg: B::Resume) -> CoroutineState<B::Yield, B::Return> {
        self.raw().send_sync(arg)
    }
}

impl<B: Body> Coroutine<B::Resume> for NoAllocGen<B> {
    type Yield = B::Yield;
    type Return = B::Return;

    #[inline(always)]
    #[track_caller]
    fn resume(self: Pin<&mut Self>, arg: B::Resume) -> CoroutineState<B::Yield, B::Return> {
        self.send(arg)
    }
}

impl<B: Body> Iterator for Pin<&mut NoAllocGen<B>>
where
    B::Resume: DefaultResume,
{
    type Item = B::Yield;

    #[inline(always)]
    fn next(&mut self) -> Option<B::Yield> {
        self.as_mut().raw().next_sync()
    }
}

impl<B: Body> FusedIterator for Pin<&mut NoAllocGen<B>> where B::Resume: DefaultResume {}

/// The iterator methods users reach for first, on an unpinned
/// `NoAllocGen`: each is a compile error that says to pin it (the bound is
/// never met), where without them the call would be "method exists but its
/// trait bounds were not satisfied". Each returns a type that lets the rest
/// of the expression type-check, so that the one mistake is one error.
impl<B: Body> NoAllocGen<B> {
    #[doc(hidden)]
    #[allow(clippy::should_implement_trait)] // Standing in for it.
    pub fn next(&mut self) -> Option<B::Yield>
    where
        B: PinBeforeIterating,
    {
        unreachable!("`PinBeforeIterating` has no implementations")
    }

    #[doc(hidden)]
    pub fn collect<C>(self) -> C
    where
        B: PinBeforeIterating,
    {
        unreachable!("`PinBeforeIterating` has no implementations")
    }

    #[doc(hidden)]
    pub fn map<T, F: FnMut(B::Yield) -> T>(self, _f: F) -> core::iter::Empty<T>
    where
        B: PinBeforeIterating,
    {
        unreachable!("`PinBeforeIterating` has no implementations")
    }

    #[doc(hidden)]
    pub fn filter<P: FnMut(&B::Yield) -> bool>(self, _p: P) -> core::iter::Empty<B::Yield>
    where
        B: PinBeforeIterating,
    {
        unreachable!("`PinBeforeIterating` has no implementations")
    }

    #[doc(hidden)]
    pub fn take(self, _n: usize) -> core::iter::Empty<B::Yield>
    where
        B: PinBeforeIterating,
    {
        unreachable!("`PinBeforeIterating` has no implementations")
    }

    #[doc(hidden)]
    pub fn for_each<F: FnMut(B::Yield)>(self, _f: F)
    where
        B: PinBeforeIterating,
    {
        unreachable!("`PinBeforeIterating` has no implementations")
    }

    #[doc(hidden)]
    pub fn sum<S>(self) -> S
    where
        B: PinBeforeIterating,
    {
        unreachable!("`PinBeforeIterating` has no implementations")
    }

    #[doc(hidden)]
    pub fn count(self) -> usize
    where
        B: PinBeforeIterating,
    {
        unreachable!("`PinBeforeIterating` has no implementations")
    }
}

/// Iterating a `NoAllocGen` without pinning it is a compile error that says
/// to pin it: this bound is never met.
#[doc(hidden)]
impl<B: Body> Iterator for NoAllocGen<B>
where
    B: PinBeforeIterating,
{
    type Item = B::Yield;

    fn next(&mut self) -> Option<B::Yield> {
        unreachable!("`PinBeforeIterating` has no implementations")
    }
}

/// Never implemented: the bound that turns iterating an unpinned
/// [`NoAllocGen`] into an error that says what to do.
#[diagnostic::on_unimplemented(
    message = "a `no_alloc` generator must be pinned before it is iterated",
    label = "not pinned",
    note = "pin it first: `let g = core::pin::pin!(...);` then iterate `g` (or `g.as_mut()`); `Pin<&mut NoAllocGen<_>>` is the iterator"
)]
pub trait PinBeforeIterating {}
