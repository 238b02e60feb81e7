//! `yield_from!`: delegating to another generator, any coroutine, an iterable
//! or (in async generators) a stream.
//!
//! # Picking the kind of delegate
//!
//! The macro cannot see types, so it picks the kind of delegate by
//! autoderef-based specialization (see `kinds.rs`): it calls
//! `__coyield_kind()` on a [`Probe`] that holds a reference to the delegate
//! and nothing else, and method resolution takes the first kind, from the
//! most specific receiver down, whose bounds hold. Only then is the kind
//! joined to the generator's handle, in [`yield_from`], an `unsafe fn` with a
//! fixed path whose bounds check the kind against the delegate, so a kind
//! picked by some other trait in scope can make nothing but a compile error.
//! Those bounds name the generator's `Yield` and `Resume` types, so a
//! mismatch is reported at the `yield_from!` argument as "expected `u64`,
//! found `String`".
//!
//! # Delegation without an O(depth) walk
//!
//! Resuming a chain `top → middle → bottom` of `yield_from!` naively polls
//! every level on every resume: O(depth) time per item and O(depth) stack,
//! which is what CPython pays. Here a delegate that contains no `yield_from!`
//! of its own (`!Body::DELEGATES`, known to the macros), and so cannot make
//! the chain any deeper, is polled in place by its delegator, with the same
//! context and so the same slot: a yielded value needs no copying, and the
//! compiler can inline the pair into one loop.
//!
//! A delegate that may delegate further runs in a [`Chain`] instead, held by
//! the `yield_from!` that delegated to it: the holder polls the innermost
//! delegate of the chain (its *leaf*) directly, with the holder's context,
//! so what the leaf yields is what the holder yields. Generators a chain
//! polls start no chains of their own: their delegates that may delegate
//! further join the holder's chain, through a [`Link`] kept in the
//! `yield_from!` future, which remembers the generator that delegated (its
//! *parent*), polled again when the delegate completes. So each resume polls
//! a bounded number of bodies, and building, running or tearing down a chain
//! of any depth uses a bounded amount of stack.
//!
//! The chain reaches its generators through [`FramePtr`]s: type-erased
//! pointers to pinned generators. Each is owned by its parent's body (through
//! the `yield_from!` future), so it stays in place while it is in a chain;
//! the holder closes its chain, innermost generator first, before any of
//! them can be dropped.

mod chain;
mod coroutine;
mod frame;
pub(crate) mod frame_ptr;
mod iter;
mod kinds;
pub(crate) mod owners;
mod stream;

pub use coroutine::YieldFromCoroutine;
pub use frame::YieldFromFrame;
pub use iter::YieldFromIter;
pub use kinds::*;
#[cfg(feature = "alloc")]
pub(crate) use owners::frame_owners;
pub use owners::{AsyncFrameOwner, Frame, FrameOwner, SyncFrameOwner};
pub use stream::YieldFromStream;

pub(crate) use frame_ptr::FramePtr;

use crate::transport::Slot;

/// How a `yield_from!` starts a delegate that needs an argument (see
/// [`Frame::needs_start_arg`]) when the delegating body already took the
/// argument of the resume under way (Python then sends `None`). Not public
/// API.
#[doc(hidden)]
pub trait StartArg<R> {
    /// The argument to start with in that case, if there is one to make.
    fn arg() -> Option<R>;
}

/// A resume type without `Default` (as far as the delegating body's types
/// show): a delegate is started with no argument. One that needs one panics
/// where it reads it, saying so. Not public API.
#[doc(hidden)]
pub struct NoStartArg;

impl<R> StartArg<R> for NoStartArg {
    #[inline(always)]
    fn arg() -> Option<R> {
        None
    }
}

/// A resume type with `Default`: a delegate that needs an argument starts
/// with `R::default()`. Not public API.
#[doc(hidden)]
pub struct DefaultStartArg;

impl<R: Default> StartArg<R> for DefaultStartArg {
    #[inline(always)]
    fn arg() -> Option<R> {
        Some(R::default())
    }
}

/// PEP 380 starts the delegate right away, with the argument that resumed
/// the delegator if its body did not take it, else, if the delegate `needs`
/// one, with what `S` makes. The delegate runs in the delegator's slot: it
/// reads it there.
#[inline(always)]
fn start<S: StartArg<R>, Y, R>(slot: &mut Slot<Y, R>, needs: bool) {
    if needs && !slot.has_resume() {
        if let Some(arg) = S::arg() {
            slot.put_resume(arg);
        }
    }
}
