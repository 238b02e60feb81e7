//! The runtime of [coyield](https://docs.rs/coyield): the [`Coroutine`] trait,
//! the generator types, the yield transport and the executor.
//!
//! Use it through the `coyield` crate, which adds the macros and documents
//! the whole. This crate is `#![no_std]`: without the `alloc` feature only
//! the `no_alloc` generator types exist; `std` adds nothing to the generators;
//! `rt` (which needs `std`) adds the executor.

#![no_std]
#![warn(missing_docs)]
// docs.rs builds with `--cfg docsrs` (see Cargo.toml): feature badges.
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod async_gen;
mod body;
mod coroutine;
mod delegate;
#[cfg(feature = "alloc")]
mod erased;
#[cfg(feature = "alloc")]
mod generator;
mod guard;
mod macros;
mod methods;
mod no_alloc;
mod raw_gen;
#[cfg(feature = "rt")]
#[cfg_attr(docsrs, doc(cfg(feature = "rt")))]
pub mod rt;
mod transport;
#[cfg(not(feature = "alloc"))]
mod without_alloc;

#[cfg(feature = "alloc")]
pub use async_gen::AsyncGen;
pub use async_gen::{NextFuture, NoAllocAsyncGen, SendFuture};
pub use body::{BindsFirstResume, Body};
pub use coroutine::{Coroutine, CoroutineState, DefaultResume};
#[cfg(feature = "alloc")]
pub use erased::{BoxAsyncGen, BoxGen, LocalBoxAsyncGen, LocalBoxGen};
#[cfg(feature = "alloc")]
pub use generator::Gen;
pub use no_alloc::{NoAllocGen, PinBeforeIterating};
#[cfg(not(feature = "alloc"))]
pub use without_alloc::{AsyncGen, Gen, NeedsAllocFeature};

pub use coyield_macros::generator;

/// A generator expression, like nightly's `gen move { }` block: evaluates to
/// a [`Gen`] running the statements inside, which capture their environment
/// by move (like a `move` closure).
///
/// The yield type is inferred from the `yield_!`s; the resume type is `()`.
/// Arguments of `#[generator]` go in an inner attribute:
/// `#![generator(yield = T, resume = R, first_resume = x, no_alloc)]`. A
/// block that never yields needs `yield = T`.
///
/// ```
/// use coyield::{gen_, yield_};
///
/// let words = ["a", "bb", "ccc"];
/// let lengths = gen_! {
///     for w in words {
///         yield_!(w.len());
///     }
/// };
/// assert_eq!(lengths.collect::<Vec<_>>(), [1, 2, 3]);
///
/// let mut echo = gen_! {
///     #![generator(yield = String, resume = &'static str, first_resume = first)]
///     let mut said = first;
///     loop {
///         said = yield_!(said.to_uppercase());
///     }
/// };
/// assert_eq!(echo.send("hi").yielded().as_deref(), Some("HI"));
/// assert_eq!(echo.send("ho").yielded().as_deref(), Some("HO"));
/// ```
pub use coyield_macros::gen_;

/// An async generator expression, like nightly's `async gen move { }` block:
/// evaluates to an [`AsyncGen`]. See [`gen_!`] for the arguments.
///
/// ```
/// use coyield::{async_gen_, rt, yield_};
///
/// let numbers = async_gen_! {
///     for i in 0..3 {
///         rt::yield_now().await;
///         yield_!(i * 10);
///     }
/// };
/// let collected = rt::block_on(async move {
///     let mut numbers = numbers;
///     let mut all = Vec::new();
///     while let Some(n) = numbers.next().await {
///         all.push(n);
///     }
///     all
/// });
/// assert_eq!(collected, [0, 10, 20]);
/// ```
pub use coyield_macros::async_gen_;

/// A generator expression that borrows, like nightly's `gen { }` block (not
/// `gen move`): [`gen_!`] with the captures of a closure that is not `move`,
/// so that the generator borrows what it uses by reference, and the owner
/// keeps it.
///
/// ```
/// use coyield::{gen_ref, yield_};
///
/// let words = vec![String::from("a"), String::from("bb")];
/// let lengths = gen_ref! {
///     for w in &words {
///         yield_!(w.len());
///     }
/// };
/// assert_eq!(lengths.collect::<Vec<_>>(), [1, 2]);
/// // `gen_!` would have moved `words` into the generator.
/// assert_eq!(words.len(), 2);
/// ```
pub use coyield_macros::gen_ref;

/// An async generator expression that borrows: [`async_gen_!`] with the
/// captures of [`gen_ref!`].
pub use coyield_macros::async_gen_ref;

/// Items the macros' output refers to. Not public API: no stability promise.
///
/// The expansion reaches these through `extern crate coyield` written inside
/// the generated code (or a path the user names with `unsafe(crate = ...)`),
/// never through a path user code could redirect. Every item that reaches a
/// generator's slot is an `unsafe fn`.
#[doc(hidden)]
pub mod __private {
    pub use crate::body::{BodyFlags, BodyFn, Flags, borrowing_body};
    pub use crate::delegate::*;
    #[cfg(feature = "alloc")]
    pub use crate::erased::ErasedGen;
    pub use crate::raw_gen::{RawGen, Resumable, Resumed};
    pub use crate::transport::{
        Co, FirstResumeFuture, YieldFuture, YieldUnitFuture, first_resume, yield_, yield_unit,
    };
}
