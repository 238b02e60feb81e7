//! [`Gen`]: what a sync `#[generator]` function returns by default.

use alloc::boxed::Box;
use core::fmt;
use core::iter::FusedIterator;
use core::pin::Pin;

use crate::body::Body;
use crate::coroutine::{Coroutine, CoroutineState, DefaultResume};
use crate::frame::RawGen;

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
#[must_use = "generators do nothing unless resumed or iterated"]
pub struct Gen<B: Body> {
    raw: Pin<Box<RawGen<B>>>,
}

impl<B: Body> Gen<B> {
    /// Used by the macros. Nothing of the body runs until the first resume.
    #[doc(hidden)]
    #[inline(always)]
    pub fn new(body: B) -> Self {
        Gen {
            raw: Box::pin(RawGen::new(body)),
        }
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
    pub fn send(&mut self, arg: B::Resume) -> CoroutineState<B::Yield, B::Return> {
        self.raw.as_mut().send_sync(arg)
    }

    /// Takes the value the body returned, once, after it ended while being
    /// iterated (`next` only reports the end as `None`).
    ///
    /// Returns `None` before the end, after the value was taken, and if the
    /// end was reported by [`send`](Gen::send) or [`Coroutine::resume`] (they
    /// return the value themselves).
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
    pub fn take_return(&mut self) -> Option<B::Return> {
        self.raw.as_mut().take_return()
    }

    /// Whether the body returned, was closed, or panicked.
    pub fn is_finished(&self) -> bool {
        self.raw.is_finished()
    }

    /// Drops the body where it is suspended, like Python's `close()`: the
    /// destructors of its live locals run, innermost `yield_from!` delegate
    /// first. Afterwards the generator is finished. Does nothing if the body
    /// already returned. Dropping a generator closes it.
    pub fn close(&mut self) {
        self.raw.as_mut().close();
    }

    pub(crate) fn raw(&mut self) -> Pin<&mut RawGen<B>> {
        self.raw.as_mut()
    }
}

impl<B: Body> Coroutine<B::Resume> for Gen<B> {
    type Yield = B::Yield;
    type Return = B::Return;

    #[inline(always)]
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

impl<B: Body> fmt::Debug for Gen<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gen")
            .field("state", &self.raw.state_name())
            .finish_non_exhaustive()
    }
}
