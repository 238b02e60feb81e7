//! [`LocalBoxGen`], [`BoxGen`], [`LocalBoxAsyncGen`] and [`BoxAsyncGen`]:
//! generators whose body type is erased, to store them in a struct field,
//! name them in `type IntoIter = ...` or a trait's associated type, or
//! return different ones from one function, as futures' `BoxStream` does for
//! streams.
//!
//! Each holds its generator's state machine as a trait object, so a
//! generator that is already boxed converts without a new allocation. A
//! `yield_from!` of one runs it in a chain (its body may delegate: the type
//! cannot tell), which keeps delegation depth-independent.

// The erased types repeat the module's `#[cfg(feature = "alloc")]` on
// themselves, so that rustdoc shows the feature badge where the facade
// inlines them too.

use alloc::boxed::Box;
use core::future::{Future, poll_fn};
use core::iter::FusedIterator;
use core::pin::Pin;
use core::task::{Context, Poll};

use futures_core::{FusedStream, Stream};

use crate::async_gen::{poll_next, send_poll};
use crate::body::{BindsFirstResume, Body};
use crate::coroutine::{Coroutine, CoroutineState, DefaultResume};
use crate::delegate::owners::sealed::Sealed;
use crate::delegate::{Frame, FramePtr, frame_owners};
use crate::methods::generator_methods;
use crate::raw_gen::{RawGen, Resumable};
use crate::{AsyncGen, Gen, NoAllocAsyncGen, NoAllocGen};

/// A generator's state machine as a trait object: a `RawGen<B>` whose `B`
/// is forgotten, with what the generator types and `yield_from!` use. Not
/// public API.
#[doc(hidden)]
pub trait ErasedGen<Y, R, T>: Resumable<Y, R, T> {
    /// A pointer a chain can run the generator through (see `Frame`).
    fn frame_ptr(self: Pin<&mut Self>) -> FramePtr<Y, R>;
}

impl<B: Body> ErasedGen<B::Yield, B::Resume, B::Return> for RawGen<B> {
    fn frame_ptr(self: Pin<&mut Self>) -> FramePtr<B::Yield, B::Resume> {
        FramePtr::new(self)
    }
}

/// `yield_from!` of an erased generator: always in a chain, since its body
/// may delegate; and with a made-up first argument when the delegating body
/// took the resume's own, since its body may read one.
macro_rules! erased_frame {
    ($($send:tt)*) => {
        impl<'a, Y, R, T> Sealed for dyn ErasedGen<Y, R, T> $($send)* + 'a {}

        impl<'a, Y, R, T> Frame for dyn ErasedGen<Y, R, T> $($send)* + 'a {
            type Yield = Y;
            type Resume = R;
            type Return = T;
            const DELEGATES: bool = true;

            fn start_in_place(self: Pin<&mut Self>) {
                unreachable!("an erased generator runs in a chain")
            }

            unsafe fn poll_in_place(
                self: Pin<&mut Self>,
                _: &mut Context<'_>,
                _: bool,
            ) -> Poll<T> {
                unreachable!("an erased generator runs in a chain")
            }

            fn frame_ptr(self: Pin<&mut Self>) -> FramePtr<Y, R> {
                ErasedGen::frame_ptr(self)
            }

            fn is_finished(&self) -> bool {
                Resumable::is_finished(self)
            }

            fn needs_start_arg(&self) -> bool {
                Resumable::needs_start_arg(self)
            }

            fn take_return(self: Pin<&mut Self>) -> Option<T> {
                Resumable::take_return(self)
            }

            fn close(self: Pin<&mut Self>) {
                Resumable::close(self)
            }
        }

        impl<'a, Y, R, T> BindsFirstResume for dyn ErasedGen<Y, R, T> $($send)* + 'a {}
    };
}

erased_frame!();
erased_frame!(+ Send);

/// A generator of any body, boxed, with its `Yield`, `Resume` and `Return`
/// types as parameters: a generator you can name. `!Send`; see [`BoxGen`]
/// for the `Send` one.
///
/// Any sync generator converts into one with `.boxed_local()`, a boxed
/// one ([`Gen`]) without a new allocation. It is what its source was: an
/// [`Iterator`] and [`FusedIterator`] when `R: Default`, a [`Coroutine`],
/// with [`send`](Self::send), [`take_return`](Self::take_return),
/// [`close`](Self::close) and `Debug`; `yield_from!` takes it.
///
/// ```
/// use coyield::{LocalBoxGen, generator, yield_};
///
/// /// A struct holding a generator.
/// struct Countdown {
///     steps: LocalBoxGen<'static, u32>,
/// }
///
/// #[generator(yield = u32)]
/// fn down(from: u32) {
///     for i in (0..=from).rev() {
///         yield_!(i);
///     }
/// }
///
/// let mut c = Countdown { steps: down(2).boxed_local() };
/// assert_eq!(c.steps.by_ref().collect::<Vec<_>>(), [2, 1, 0]);
/// ```
#[cfg(feature = "alloc")]
#[cfg_attr(docsrs, doc(cfg(feature = "alloc")))]
#[must_use = "a generator does nothing until it is iterated or resumed: in a generator, delegate to it with `yield_from!(..)`; elsewhere, iterate it with a `for` loop"]
pub struct LocalBoxGen<'a, Y, R = (), T = ()> {
    raw: Pin<Box<dyn ErasedGen<Y, R, T> + 'a>>,
}

/// A [`LocalBoxGen`] that is `Send` (and `Sync`): any `Send` sync generator
/// converts into one with `.boxed()`.
///
/// ```
/// use coyield::{BoxGen, generator, yield_};
///
/// #[generator(yield = u32)]
/// fn evens(n: u32) {
///     for i in 0..n {
///         yield_!(2 * i);
///     }
/// }
///
/// let g: BoxGen<'static, u32> = evens(3).boxed();
/// let sum = std::thread::spawn(move || g.sum::<u32>()).join().unwrap();
/// assert_eq!(sum, 6);
/// ```
#[cfg(feature = "alloc")]
#[cfg_attr(docsrs, doc(cfg(feature = "alloc")))]
#[must_use = "a generator does nothing until it is iterated or resumed: in a generator, delegate to it with `yield_from!(..)`; elsewhere, iterate it with a `for` loop"]
pub struct BoxGen<'a, Y, R = (), T = ()> {
    raw: Pin<Box<dyn ErasedGen<Y, R, T> + Send + 'a>>,
}

/// An async generator of any body, boxed: [`LocalBoxGen`] for async
/// generators, a [`Stream`] with `next().await` and `send(v).await`.
/// `!Send`; see [`BoxAsyncGen`] for the `Send` one.
#[cfg(feature = "alloc")]
#[cfg_attr(docsrs, doc(cfg(feature = "alloc")))]
#[must_use = "an async generator does nothing until it is polled: in a generator, delegate to it with `yield_from!(..)`; elsewhere, `while let Some(x) = g.next().await`"]
pub struct LocalBoxAsyncGen<'a, Y, R = (), T = ()> {
    raw: Pin<Box<dyn ErasedGen<Y, R, T> + 'a>>,
}

/// A [`LocalBoxAsyncGen`] that is `Send` (and `Sync`): any `Send` async
/// generator converts into one with `.boxed()`. What a trait whose async
/// generator methods must be `Send` can return, for one.
///
/// ```
/// use coyield::{BoxAsyncGen, generator, rt, yield_};
///
/// #[generator(yield = u32)]
/// async fn ticks(n: u32) {
///     for i in 0..n {
///         rt::yield_now().await;
///         yield_!(i);
///     }
/// }
///
/// let mut g: BoxAsyncGen<'static, u32> = ticks(3).boxed();
/// let all = std::thread::spawn(move || {
///     rt::block_on(async move {
///         let mut all = Vec::new();
///         while let Some(i) = g.next().await {
///             all.push(i);
///         }
///         all
///     })
/// });
/// assert_eq!(all.join().unwrap(), [0, 1, 2]);
/// ```
#[cfg(feature = "alloc")]
#[cfg_attr(docsrs, doc(cfg(feature = "alloc")))]
#[must_use = "an async generator does nothing until it is polled: in a generator, delegate to it with `yield_from!(..)`; elsewhere, `while let Some(x) = g.next().await`"]
pub struct BoxAsyncGen<'a, Y, R = (), T = ()> {
    raw: Pin<Box<dyn ErasedGen<Y, R, T> + Send + 'a>>,
}

// SAFETY: a shared reference to these gives access to nothing but the
// generator's status (`is_finished`, `Debug`), a plain value written only
// through `&mut`; the body, and every value of `Y`, `R` or `T` it holds, is
// reached only through `&mut`. So sharing one across threads shares nothing
// that is not `Sync`, whatever the body holds.
unsafe impl<Y, R, T> Sync for BoxGen<'_, Y, R, T> {}
// SAFETY: as for `BoxGen`.
unsafe impl<Y, R, T> Sync for BoxAsyncGen<'_, Y, R, T> {}

generator_methods!(boxed LocalBoxGen ['a, Y, R, T] LocalBoxGen<'a, Y, R, T>, dyn ErasedGen<Y, R, T> + 'a, returns T);
generator_methods!(boxed BoxGen ['a, Y, R, T] BoxGen<'a, Y, R, T>, dyn ErasedGen<Y, R, T> + Send + 'a, returns T);
generator_methods!(boxed LocalBoxAsyncGen ['a, Y, R, T] LocalBoxAsyncGen<'a, Y, R, T>, dyn ErasedGen<Y, R, T> + 'a, returns T);
generator_methods!(boxed BoxAsyncGen ['a, Y, R, T] BoxAsyncGen<'a, Y, R, T>, dyn ErasedGen<Y, R, T> + Send + 'a, returns T);

frame_owners!(boxed ['a, Y, R, T] LocalBoxGen<'a, Y, R, T>, dyn ErasedGen<Y, R, T> + 'a, SyncFrameOwner);
frame_owners!(boxed ['a, Y, R, T] BoxGen<'a, Y, R, T>, dyn ErasedGen<Y, R, T> + Send + 'a, SyncFrameOwner);
frame_owners!(boxed ['a, Y, R, T] LocalBoxAsyncGen<'a, Y, R, T>, dyn ErasedGen<Y, R, T> + 'a, AsyncFrameOwner);
frame_owners!(boxed ['a, Y, R, T] BoxAsyncGen<'a, Y, R, T>, dyn ErasedGen<Y, R, T> + Send + 'a, AsyncFrameOwner);

/// The sync generator API of an erased generator, for each flavour.
macro_rules! sync_erased {
    ($Erased:ident) => {
        impl<Y, R, T> $Erased<'_, Y, R, T> {
            /// Resumes the generator with `arg`, like Python's `send(arg)`:
            /// see [`Gen::send`].
            ///
            /// # Panics
            ///
            /// If the generator already finished, and if its body panics.
            #[inline]
            #[track_caller]
            pub fn send(&mut self, arg: R) -> CoroutineState<Y, T> {
                self.raw.as_mut().send_sync(arg)
            }

            /// The next yielded value, or `None` once the body ended:
            /// [`Iterator::next`]; see [`Gen::next`].
            #[inline]
            #[allow(clippy::should_implement_trait)] // It does, when `R: Default`.
            pub fn next(&mut self) -> Option<Y>
            where
                R: DefaultResume,
            {
                self.raw.as_mut().next_sync()
            }
        }

        impl<Y, R, T> Coroutine<R> for $Erased<'_, Y, R, T> {
            type Yield = Y;
            type Return = T;

            #[inline]
            #[track_caller]
            fn resume(self: Pin<&mut Self>, arg: R) -> CoroutineState<Y, T> {
                self.get_mut().send(arg)
            }
        }

        impl<Y, R: DefaultResume, T> Iterator for $Erased<'_, Y, R, T> {
            type Item = Y;

            #[inline]
            fn next(&mut self) -> Option<Y> {
                self.raw.as_mut().next_sync()
            }
        }

        impl<Y, R: DefaultResume, T> FusedIterator for $Erased<'_, Y, R, T> {}
    };
}

sync_erased!(LocalBoxGen);
sync_erased!(BoxGen);

/// The async generator API of an erased generator, for each flavour.
macro_rules! async_erased {
    ($Erased:ident) => {
        impl<Y, R, T> $Erased<'_, Y, R, T> {
            /// Resumes the generator with `arg` (Python's `asend`): see
            /// [`AsyncGen::send`].
            ///
            /// # Panics
            ///
            /// When polled, as [`AsyncGen::send`]'s future.
            pub fn send(&mut self, arg: R) -> impl Future<Output = CoroutineState<Y, T>> + '_ {
                let mut arg = Some(arg);
                poll_fn(move |cx| send_poll(self.raw.as_mut(), &mut arg, cx.waker()))
            }

            /// The next yielded value, or `None` once the body ended: see
            /// [`AsyncGen::next`].
            #[allow(clippy::should_implement_trait)] // A stream's `next`.
            pub fn next(&mut self) -> impl Future<Output = Option<Y>> + '_
            where
                R: DefaultResume,
            {
                poll_fn(move |cx| poll_next(self.raw.as_mut(), cx))
            }
        }

        impl<Y, R: DefaultResume, T> Stream for $Erased<'_, Y, R, T> {
            type Item = Y;

            fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Y>> {
                poll_next(self.raw.as_mut(), cx)
            }
        }

        impl<Y, R: DefaultResume, T> FusedStream for $Erased<'_, Y, R, T> {
            fn is_terminated(&self) -> bool {
                self.raw.is_finished()
            }
        }
    };
}

async_erased!(LocalBoxAsyncGen);
async_erased!(BoxAsyncGen);

/// Flavour conversions, without a new allocation.
impl<'a, Y, R, T> From<BoxGen<'a, Y, R, T>> for LocalBoxGen<'a, Y, R, T> {
    fn from(generator: BoxGen<'a, Y, R, T>) -> Self {
        LocalBoxGen { raw: generator.raw }
    }
}

impl<'a, Y, R, T> From<BoxAsyncGen<'a, Y, R, T>> for LocalBoxAsyncGen<'a, Y, R, T> {
    fn from(generator: BoxAsyncGen<'a, Y, R, T>) -> Self {
        LocalBoxAsyncGen { raw: generator.raw }
    }
}

/// `.boxed()` and `.boxed_local()` of a generator type: `$raw` turns the
/// value into the `Pin<Box<RawGen<B>>>` the erased types hold.
macro_rules! boxing {
    ($Gen:ident, $Local:ident, $Send:ident, |$this:ident| $raw:expr, $cost:literal) => {
        #[cfg(feature = "alloc")]
        #[cfg_attr(docsrs, doc(cfg(feature = "alloc")))]
        impl<B: Body> $Gen<B> {
            #[doc = concat!("Erases the body's type: a [`", stringify!($Local), "`] to store or name. ", $cost)]
            pub fn boxed_local<'a>(self) -> $Local<'a, B::Yield, B::Resume, B::Return>
            where
                B: 'a,
            {
                let $this = self;
                $Local { raw: $raw }
            }

            #[doc = concat!("Erases the body's type: a [`", stringify!($Send), "`] to store, name, or send to another thread. ", $cost)]
            pub fn boxed<'a>(self) -> $Send<'a, B::Yield, B::Resume, B::Return>
            where
                RawGen<B>: Send,
                B: 'a,
            {
                let $this = self;
                $Send { raw: $raw }
            }
        }
    };
}

boxing!(
    Gen,
    LocalBoxGen,
    BoxGen,
    |this| this.into_raw(),
    "No new allocation: the generator is boxed already."
);
boxing!(
    AsyncGen,
    LocalBoxAsyncGen,
    BoxAsyncGen,
    |this| this.into_raw(),
    "No new allocation: the generator is boxed already."
);
boxing!(
    NoAllocGen,
    LocalBoxGen,
    BoxGen,
    |this| Box::pin(this.into_raw()),
    "It allocates once, for the generator's state."
);
boxing!(
    NoAllocAsyncGen,
    LocalBoxAsyncGen,
    BoxAsyncGen,
    |this| Box::pin(this.into_raw()),
    "It allocates once, for the generator's state."
);
