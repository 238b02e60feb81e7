//! [`Body`]: the code of a generator, as the macros hand it to the generator types.

use core::future::Future;
use core::marker::PhantomData;

use crate::transport::Co;

/// The body of a generator: the code between the braces of a `#[generator]`
/// function or a `gen_!` block, compiled to a future.
///
/// It appears in the return types the macros write, such as
/// `Gen<impl Body<Yield = u64, Resume = (), Return = ()>>`, so the yield,
/// resume and return types show in signatures and documentation. Only the
/// macros can create one: the trait is sealed.
pub trait Body: sealed::Sealed {
    /// What `yield_!` takes.
    type Yield;
    /// What `yield_!` evaluates to, and what each resume passes in.
    type Resume;
    /// What the body returns at its end.
    type Return;

    #[doc(hidden)]
    type Future: Future<Output = Self::Return>;

    #[doc(hidden)]
    fn start(self, co: Co<Self::Yield, Self::Resume>) -> Self::Future;
}

mod sealed {
    pub trait Sealed {}
}

/// A [`Body`] made of a closure that builds the body's future from its handle.
///
/// Not public API.
#[doc(hidden)]
pub struct BodyFn<F, Y, R> {
    start: F,
    _types: PhantomData<fn(Y, R) -> (Y, R)>,
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

impl<F, Y, R> BodyFn<F, Y, R> {
    /// Wraps the closure the macros generate for a generator body.
    ///
    /// The macros pass the closure inline, so that its parameter type comes
    /// from the bound below (elided lifetimes in `Y` then stay inference
    /// variables) and its `async` block's output type from `Ret` (so `?` in
    /// the body knows its target).
    #[inline(always)]
    pub fn new<Fut, Ret>(_vouch: Vouch, start: F) -> Self
    where
        F: FnOnce(Co<Y, R>) -> Fut,
        Fut: Future<Output = Ret>,
    {
        BodyFn {
            start,
            _types: PhantomData,
        }
    }
}

impl<F, Fut, Y, R> sealed::Sealed for BodyFn<F, Y, R>
where
    F: FnOnce(Co<Y, R>) -> Fut,
    Fut: Future,
{
}

impl<F, Fut, Y, R> Body for BodyFn<F, Y, R>
where
    F: FnOnce(Co<Y, R>) -> Fut,
    Fut: Future,
{
    type Yield = Y;
    type Resume = R;
    type Return = Fut::Output;
    type Future = Fut;

    #[inline(always)]
    fn start(self, co: Co<Y, R>) -> Fut {
        (self.start)(co)
    }
}
