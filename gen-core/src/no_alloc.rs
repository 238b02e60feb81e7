//! [`NoAllocGen`]: what a sync `#[generator(no_alloc)]` function returns.

use core::iter::FusedIterator;
use core::pin::Pin;

use pin_project_lite::pin_project;

use crate::body::Body;
use crate::coroutine::{Coroutine, CoroutineState, DefaultResume};
use crate::methods::generator_methods;
use crate::raw_gen::RawGen;

pin_project! {
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
    #[must_use = "generators do nothing unless resumed or iterated"]
    pub struct NoAllocGen<B: Body> {
        #[pin]
        raw: RawGen<B>,
    }
}

generator_methods!(inline NoAllocGen);

impl<B: Body> NoAllocGen<B> {
    /// Used by the macros. Nothing of the body runs until the first resume.
    #[doc(hidden)]
    #[inline(always)]
    pub const fn new(body: B) -> Self {
        NoAllocGen {
            raw: RawGen::new(body),
        }
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
