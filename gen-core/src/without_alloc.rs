//! Stand-ins for the boxed generator types when the `alloc` feature is off,
//! so that a `#[generator]` without `no_alloc` says what to do instead of
//! "cannot find type `Gen`".

use core::marker::PhantomData;

use crate::body::Body;

/// Never implemented: reports a boxed generator in a build without `alloc`.
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "this generator needs an allocation, and coyield's `alloc` feature is off",
    label = "a boxed generator",
    note = "write #[generator(no_alloc, ...)] (then pin the generator before use), or enable the `alloc` feature of coyield"
)]
pub trait NeedsAllocFeature {}

/// Stands in for the boxed `Gen` without the `alloc` feature; cannot be made.
#[doc(hidden)]
pub struct Gen<B: Body>(PhantomData<B>);

impl<B: Body> Gen<B> {
    #[doc(hidden)]
    pub fn new(_body: B) -> Self
    where
        B: NeedsAllocFeature,
    {
        unreachable!("`NeedsAllocFeature` has no implementations")
    }
}

/// Stands in for the boxed `AsyncGen` without the `alloc` feature; cannot be
/// made.
#[doc(hidden)]
pub struct AsyncGen<B: Body>(PhantomData<B>);

impl<B: Body> AsyncGen<B> {
    #[doc(hidden)]
    pub fn new(_body: B) -> Self
    where
        B: NeedsAllocFeature,
    {
        unreachable!("`NeedsAllocFeature` has no implementations")
    }
}
