//! What `yield_from!` runs as a frame (see the module docs of `delegate`): a
//! [`Frame`], the state machine of a coyield generator, reached through its
//! [`FrameOwner`], the generator value the delegating body holds.

use core::pin::Pin;
use core::task::{Context, Poll};

use super::FramePtr;
use crate::body::{BindsFirstResume, Body};
use crate::raw_gen::RawGen;

/// A coyield generator's state machine, as `yield_from!` drives it: known
/// statically (`RawGen<B>`), or behind an erased box (`dyn ErasedGen`).
///
/// Sealed: the delegation futures trust it to poll the body it says, with
/// the types it says. Not public API.
#[doc(hidden)]
pub trait Frame: sealed::Sealed {
    /// What the generator yields.
    type Yield;
    /// What each resume passes in.
    type Resume;
    /// What the body returns.
    type Return;
    /// Whether the body may delegate further (see `Body::DELEGATES`); an
    /// erased generator may.
    const DELEGATES: bool;

    /// See [`RawGen::start_in_place`].
    #[doc(hidden)]
    fn start_in_place(self: Pin<&mut Self>);

    /// See [`RawGen::poll_in_place`]; only called when `!DELEGATES`.
    ///
    /// # Safety
    ///
    /// As for [`RawGen::poll_in_place`].
    #[doc(hidden)]
    unsafe fn poll_in_place(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        borrowed: bool,
    ) -> Poll<Self::Return>;

    /// A pointer a chain can run the generator through.
    #[doc(hidden)]
    fn frame_ptr(self: Pin<&mut Self>) -> FramePtr<Self::Yield, Self::Resume>;

    /// See [`RawGen::is_finished`].
    #[doc(hidden)]
    fn is_finished(&self) -> bool;

    /// See [`RawGen::needs_start_arg`].
    #[doc(hidden)]
    fn needs_start_arg(&self) -> bool;

    /// See [`RawGen::take_return`].
    #[doc(hidden)]
    fn take_return(self: Pin<&mut Self>) -> Option<Self::Return>;

    /// See [`RawGen::close`].
    #[doc(hidden)]
    fn close(self: Pin<&mut Self>);
}

pub(crate) mod sealed {
    pub trait Sealed {}
}

impl<B: Body> sealed::Sealed for RawGen<B> {}

impl<B: Body> Frame for RawGen<B> {
    type Yield = B::Yield;
    type Resume = B::Resume;
    type Return = B::Return;
    const DELEGATES: bool = B::DELEGATES;

    #[inline(always)]
    #[track_caller]
    fn start_in_place(self: Pin<&mut Self>) {
        RawGen::start_in_place(self);
    }

    #[inline(always)]
    unsafe fn poll_in_place(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        borrowed: bool,
    ) -> Poll<B::Return> {
        // SAFETY: forwarded to the caller.
        unsafe { RawGen::poll_in_place(self, cx, borrowed) }
    }

    fn frame_ptr(self: Pin<&mut Self>) -> FramePtr<B::Yield, B::Resume> {
        FramePtr::new(self)
    }

    #[inline(always)]
    fn is_finished(&self) -> bool {
        RawGen::is_finished(self)
    }

    fn needs_start_arg(&self) -> bool {
        RawGen::needs_start_arg(self)
    }

    #[inline(always)]
    fn take_return(self: Pin<&mut Self>) -> Option<B::Return> {
        RawGen::take_return(self)
    }

    fn close(self: Pin<&mut Self>) {
        RawGen::close(self);
    }
}

/// A generator whose body binds its first resume's argument (or may: an
/// erased one): `yield_from!` must make one up when the delegating body took
/// the resume's own.
impl<B: Body + BindsFirstResume> BindsFirstResume for RawGen<B> {}

/// A generator value `yield_from!` can run as a frame: the generator types,
/// `&mut` to the boxed ones and `Pin<&mut _>` to the inline ones.
///
/// Sealed: the delegation futures trust `frame` to return the same
/// generator every time, and `OWNED` to tell whether dropping the value
/// drops that generator. Not public API.
#[doc(hidden)]
pub trait FrameOwner: sealed::Sealed {
    /// The delegate's state machine.
    type Frame: Frame + ?Sized;
    /// Whether this value owns the delegate (and drops it with itself), or
    /// borrows it (and a `yield_from!` dropped early must close it).
    const OWNED: bool;
    /// The delegate's state machine, pinned.
    #[doc(hidden)]
    fn frame(self: Pin<&mut Self>) -> Pin<&mut Self::Frame>;
}

/// The [`FrameOwner`]s whose bodies never await: the ones a sync generator
/// may delegate to. Not public API.
#[doc(hidden)]
pub trait SyncFrameOwner: FrameOwner {}

/// The async generator types, which a sync generator cannot delegate to.
/// Not public API.
#[doc(hidden)]
pub trait AsyncFrameOwner: FrameOwner {}

/// The two `FrameOwner` impls of a generator type, the value (owned) and
/// `&mut` to it (borrowed), for a boxed type, whose `raw()` is its frame
/// pinned; or the value and `Pin<&mut _>` to it, for an inline one.
macro_rules! frame_owners {
    (boxed [$($generics:tt)*] $Gen:ty, $Frame:ty, $Marker:ident) => {
        frame_owners!(@impl [$($generics)*] [$Gen] $Frame, true, $Marker, |this| this.get_mut().raw());
        frame_owners!(@impl [$($generics)*] [&mut $Gen] $Frame, false, $Marker, |this| this.get_mut().raw());
    };
    (inline [$($generics:tt)*] $Gen:ty, $Frame:ty, $Marker:ident) => {
        frame_owners!(@impl [$($generics)*] [$Gen] $Frame, true, $Marker, |this| this.raw());
        frame_owners!(@impl [$($generics)*] [Pin<&mut $Gen>] $Frame, false, $Marker, |this| this.get_mut().as_mut().raw());
    };
    (@impl [$($generics:tt)*] [$Owner:ty] $Frame:ty, $owned:literal, $Marker:ident, |$this:ident| $raw:expr) => {
        impl<$($generics)*> $crate::delegate::owners::sealed::Sealed for $Owner {}
        impl<$($generics)*> $crate::delegate::FrameOwner for $Owner {
            type Frame = $Frame;
            const OWNED: bool = $owned;
            #[inline(always)]
            fn frame(self: Pin<&mut Self>) -> Pin<&mut $Frame> {
                let $this = self;
                $raw
            }
        }
        impl<$($generics)*> $crate::delegate::$Marker for $Owner {}
    };
}

#[cfg(feature = "alloc")]
pub(crate) use frame_owners;

#[cfg(feature = "alloc")]
frame_owners!(boxed [B: Body] Gen<B>, RawGen<B>, SyncFrameOwner);
#[cfg(feature = "alloc")]
frame_owners!(boxed [B: Body] AsyncGen<B>, RawGen<B>, AsyncFrameOwner);
frame_owners!(inline [B: Body] NoAllocGen<B>, RawGen<B>, SyncFrameOwner);
frame_owners!(inline [B: Body] NoAllocAsyncGen<B>, RawGen<B>, AsyncFrameOwner);

#[cfg(feature = "alloc")]
use crate::{AsyncGen, Gen};
use crate::{NoAllocAsyncGen, NoAllocGen};
