//! [`FrameOwner`]: the generator values `yield_from!` runs as frames (see
//! the module docs of `delegate`).

use core::pin::Pin;

use crate::body::Body;
use crate::raw_gen::RawGen;

/// A generator value `yield_from!` can run as a frame: the generator types,
/// `&mut` to the boxed ones and `Pin<&mut _>` to the inline ones.
///
/// Sealed: the delegation futures trust `raw_frame` to return the same
/// generator every time, and `OWNED` to tell whether dropping the value
/// drops that generator. Not public API.
#[doc(hidden)]
pub trait FrameOwner: sealed::Sealed {
    /// The delegate's body.
    type Body: Body;
    /// Whether this value owns the delegate (and drops it with itself), or
    /// borrows it (and a `yield_from!` dropped early must close it).
    const OWNED: bool;
    /// The delegate's state machine, pinned.
    #[doc(hidden)]
    fn raw_frame(self: Pin<&mut Self>) -> Pin<&mut RawGen<Self::Body>>;
}

/// The [`FrameOwner`]s whose bodies never await: the ones a sync generator
/// may delegate to. Not public API.
#[doc(hidden)]
pub trait SyncFrameOwner: FrameOwner {}

/// The async generator types, which a sync generator cannot delegate to.
/// Not public API.
#[doc(hidden)]
pub trait AsyncFrameOwner: FrameOwner {}

mod sealed {
    pub trait Sealed {}
}

/// The four `FrameOwner` impls of a generator type: the value (owned) and
/// `&mut` to it (borrowed) for a boxed type, reaching its `RawGen` through
/// `raw()`; the value and `Pin<&mut _>` for an inline one.
macro_rules! frame_owners {
    (boxed $Gen:ident, $Marker:ident) => {
        frame_owners!(@impl [$Gen<B>] true, $Marker, |this| this.get_mut().raw());
        frame_owners!(@impl [&mut $Gen<B>] false, $Marker, |this| this.get_mut().raw());
    };
    (inline $Gen:ident, $Marker:ident) => {
        frame_owners!(@impl [$Gen<B>] true, $Marker, |this| this.raw());
        frame_owners!(@impl [Pin<&mut $Gen<B>>] false, $Marker, |this| this.get_mut().as_mut().raw());
    };
    (@impl [$Owner:ty] $owned:literal, $Marker:ident, |$this:ident| $raw:expr) => {
        impl<B: Body> sealed::Sealed for $Owner {}
        impl<B: Body> FrameOwner for $Owner {
            type Body = B;
            const OWNED: bool = $owned;
            #[inline(always)]
            fn raw_frame(self: Pin<&mut Self>) -> Pin<&mut RawGen<B>> {
                let $this = self;
                $raw
            }
        }
        impl<B: Body> $Marker for $Owner {}
    };
}

#[cfg(feature = "alloc")]
frame_owners!(boxed Gen, SyncFrameOwner);
#[cfg(feature = "alloc")]
frame_owners!(boxed AsyncGen, AsyncFrameOwner);
frame_owners!(inline NoAllocGen, SyncFrameOwner);
frame_owners!(inline NoAllocAsyncGen, AsyncFrameOwner);

#[cfg(feature = "alloc")]
use crate::{AsyncGen, Gen};
use crate::{NoAllocAsyncGen, NoAllocGen};
