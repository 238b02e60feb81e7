//! The runtime of [coyield](https://docs.rs/coyield): the [`Coroutine`] trait,
//! the generator types, the yield transport and the executor.
//!
//! Use it through the `coyield` crate, which adds the macros and documents
//! the whole. This crate is `#![no_std]`: without the `alloc` feature only
//! the `no_alloc` generator types exist; `std` adds nothing to the generators;
//! `rt` (which needs `std`) adds the executor.

#![no_std]
#![warn(missing_docs)]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod async_gen;
mod body;
mod coroutine;
mod delegate;
#[cfg(feature = "alloc")]
mod generator;
mod guard;
mod macros;
mod methods;
mod no_alloc;
mod raw_gen;
#[cfg(feature = "rt")]
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
pub use generator::Gen;
pub use no_alloc::{NoAllocGen, PinBeforeIterating};
#[cfg(not(feature = "alloc"))]
pub use without_alloc::{AsyncGen, Gen, NeedsAllocFeature};

pub use coyield_macros::generator;

/// Items the macros' output refers to. Not public API: no stability promise.
///
/// The expansion reaches these through `extern crate coyield` written inside
/// the generated code (or a path the user names with `unsafe(crate = ...)`),
/// never through a path user code could redirect. Every item that reaches a
/// generator's slot is an `unsafe fn`.
#[doc(hidden)]
pub mod __private {
    pub use crate::body::{BodyFlags, BodyFn, Flags};
    pub use crate::delegate::*;
    pub use crate::raw_gen::RawGen;
    pub use crate::transport::{Co, FirstResumeFuture, YieldFuture, first_resume, yield_};
    pub use coyield_macros::{async_gen_block, gen_block};
}
