//! [`Gen`]: what a sync `#[generator]` function returns by default.

use alloc::boxed::Box;
use core::iter::FusedIterator;
use core::pin::Pin;

use crate::body::Body;
use crate::coroutine::{Coroutine, CoroutineState, DefaultResume};
use crate::methods::generator_methods;
use crate::raw_gen::RawGen;

/// A generator: what a sync `#[generator]` function or a `gen_!` block
/// returns.
///
/// It is an [`Iterator`] (when the resume type implements [`Default`]: `next`
/// resumes with `Default::default()`, like Python's `next(g)`), a
/// [`Coroutine`], and `Unpin`, so it can be moved and used anywhere without
/// pinning. It is `Send` and `Sync` when the state of its body is. It
/// allocates once, when created; resuming never allocates.
///
/// ```
/// use coyield::{generator, yield_};
///
/// #[generator(yield = u64)]
/// fn fib() {
///     let (mut a, mut b) = (0, 1);
///     loop {
///         yield_!(a);
///         (a, b) = (b, a + b);
///     }
/// }
///
/// assert_eq!(fib().take(8).collect::<Vec<_>>(), [0, 1, 1, 2, 3, 5, 8, 13]);
/// ```
///
/// After the iterator ends, [`take_return`](Gen::take_return) gives back
/// what the body returned:
///
/// ```
/// use coyield::{generator, yield_};
///
/// #[generator(yield = u8)]
/// fn parse(s: &str) -> Result<(), String> {
///     for c in s.chars() {
///         yield_!(c.to_digit(10).ok_or(format!("not a digit: {c}"))? as u8);
///     }
///     Ok(())
/// }
///
/// let mut digits = parse("12x4");
/// assert_eq!(digits.by_ref().collect::<Vec<_>>(), [1, 2]);
/// assert_eq!(digits.take_return(), Some(Err("not a digit: x".to_string())));
/// ```
// `cfg` again on the item (the module has it) so that rustdoc shows the
// badge where the facade inlines it, too.
#[cfg(feature = "alloc")]
#[cfg_attr(docsrs, doc(cfg(feature = "alloc")))]
#[must_use = "a generator does nothing until it is iterated or resumed: in a generator, delegate to it with `yield_from!(..)`; elsewhere, iterate it with a `for` loop"]
pub struct Gen<B: Body> {
    raw: Pin<Box<RawGen<B>>>,
}

generator_methods!(boxed Gen [B: Body] Gen<B>, RawGen<B>, returns B::Return);

impl<B: Body> Gen<B> {
    /// Used by the macros. Nothing of the body runs until the first resume.
    #[doc(hidden)]
    #[inline(always)]
    pub fn new(body: B) -> Self {
        Gen {
            raw: Box::pin(RawGen::new(body)),
        }
    }

    /// The boxed state machine, for the erased types.
    pub(crate) fn into_raw(self) -> Pin<Box<RawGen<B>>> {
        self.raw
    }

    /// Resumes the generator with `arg`, like Python's `send(arg)`: returns
    /// the next yielded value, or the return value if the body ended.
    ///
    /// The same as [`Coroutine::resume`], without the `Pin`.
    ///
    /// ```
    /// use coyield::{CoroutineState, generator, yield_};
    ///
    /// #[generator(yield = i32, resume = i32)]
    /// fn running_total() -> i32 {
    ///     let mut total = 0;
    ///     while total < 10 {
    ///         total += yield_!(total);
    ///     }
    ///     total
    /// }
    ///
    /// let mut g = running_total();
    /// assert_eq!(g.send(0), CoroutineState::Yielded(0)); // starts the body
    /// assert_eq!(g.send(4), CoroutineState::Yielded(4));
    /// assert_eq!(g.send(7), CoroutineState::Complete(11));
    /// ```
    ///
    /// # Panics
    ///
    /// If the generator already finished, and if its body panics (the panic
    /// passes through, and the generator is finished afterwards).
    #[inline(always)]
    #[track_caller]
    pub fn send(&mut self, arg: B::Resume) -> CoroutineState<B::Yield, B::Return> {
        self.raw.as_mut().send_sync(arg)
    }
}

/// `next` and `collect` as inherent methods, beside the `Iterator` impl they
/// forward to: called on a generator whose resume type has no `Default`,
/// they are an error that says to `send` a value instead, not "method exists
/// but its trait bounds were not satisfied".
impl<B: Body> Gen<B> {
    /// The next yielded value, or `None` once the body ended:
    /// [`Iterator::next`], which resumes with `Default::default()` (Python's
    /// `next(g)`).
    #[inline(always)]
    #[allow(clippy::should_implement_trait)] // It does, when `R: Default`.
    pub fn next(&mut self) -> Option<B::Yield>
    where
        B::Resume: DefaultResume,
    {
        self.raw.as_mut().next_sync()
    }

    /// Collects every yielded value: [`Iterator::collect`].
    #[inline]
    pub fn collect<C: FromIterator<B::Yield>>(self) -> C
    where
        B::Resume: DefaultResume,
    {
        Iterator::collect(self)
    }
}

impl<B: Body> Coroutine<B::Resume> for Gen<B> {
    type Yield = B::Yield;
    type Return = B::Return;

    #[inline(always)]
    #[track_caller]
    fn resume(self: Pin<&mut Self>, arg: B::Resume) -> CoroutineState<B::Yield, B::Return> {
        self.get_mut().send(arg)
    }
}

impl<B: Body> Iterator for Gen<B>
where
    B::Resume: DefaultResume,
{
    type Item = B::Yield;

    #[inline(always)]
    fn next(&mut self) -> Option<B::Yield> {
        self.raw.as_mut().next_sync()
    }
}

impl<B: Body> FusedIterator for Gen<B> where B::Resume: DefaultResume {}
