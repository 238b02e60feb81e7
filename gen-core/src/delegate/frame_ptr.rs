//! [`FramePtr`]: a type-erased pointer to a pinned generator that a chain
//! runs, and the two things a chain does with one: poll it and close it.

use core::marker::PhantomData;
use core::pin::Pin;
use core::ptr::NonNull;
use core::task::{Context, Poll};

use crate::body::Body;
use crate::raw_gen::RawGen;
use crate::transport::Invariant;

/// A pointer to a pinned [`RawGen`] whose body yields `Y` and takes `R`,
/// with the functions that drive it. `Copy`, and with no lifetime: the chain
/// holding it vouches that the generator is alive (see `chain.rs`).
#[doc(hidden)]
pub struct FramePtr<Y, R> {
    frame: NonNull<()>,
    vtable: &'static FrameVTable,
    _types: Invariant<Y, R>,
}

impl<Y, R> Clone for FramePtr<Y, R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<Y, R> Copy for FramePtr<Y, R> {}

/// The functions behind a [`FramePtr`], for one body type `B`, with every
/// type erased.
///
/// `Y` and `R` are erased too, though `FramePtr` knows them: a
/// `&'static FrameVTable<Y, R>` would require `Y: 'static` and `R: 'static`,
/// and generators yielding borrowed values can be delegated to as well.
///
/// Contract of each function: `frame` points to a live, pinned `RawGen<B>`
/// that nothing else uses during the call.
struct FrameVTable {
    /// [`RawGen::poll_as_frame`]; `cx` must lead to a slot of `B`'s `Yield`
    /// and `Resume` types.
    poll: unsafe fn(NonNull<()>, &mut Context<'_>) -> Poll<()>,
    /// [`RawGen::close`].
    close: unsafe fn(NonNull<()>),
}

impl<Y, R> FramePtr<Y, R> {
    /// A pointer to `frame`, whose owner must keep it where it is (it is
    /// pinned) and alive while the pointer is in use.
    pub(crate) fn new<B: Body<Yield = Y, Resume = R>>(frame: Pin<&mut RawGen<B>>) -> Self {
        // SAFETY: only the address is taken; nothing is moved out.
        let frame = NonNull::from(unsafe { frame.get_unchecked_mut() });
        FramePtr {
            frame: frame.cast(),
            vtable: &const {
                FrameVTable {
                    poll: erased::poll::<B>,
                    close: erased::close::<B>,
                }
            },
            _types: PhantomData,
        }
    }

    /// Polls the generator's body as a frame of a chain (see
    /// [`RawGen::poll_as_frame`]): `Ready` once it returned, the value kept
    /// in the generator.
    ///
    /// # Safety
    ///
    /// The generator must be alive, pinned, and used by nothing else during
    /// the call; `cx` must lead to a `Slot<Y, R>`.
    pub(super) unsafe fn poll(self, cx: &mut Context<'_>) -> Poll<()> {
        // SAFETY: forwarded to the caller; the vtable's functions are those
        // of the generator's own body type, whose `Yield` and `Resume` are
        // `Y` and `R`.
        unsafe { (self.vtable.poll)(self.frame, cx) }
    }

    /// Closes the generator (see [`RawGen::close`]).
    ///
    /// # Safety
    ///
    /// The generator must be alive, pinned, and used by nothing else during
    /// the call.
    pub(super) unsafe fn close(self) {
        // SAFETY: forwarded to the caller.
        unsafe { (self.vtable.close)(self.frame) }
    }
}

// SAFETY: a `FramePtr` is only dereferenced by the chain it is in, through
// its holder's `&mut` access, and the generator it points to is owned
// (directly or through borrows) by the holder's delegate. So it crosses
// threads exactly when the holder does, and the holder is `Send`/`Sync` only
// when its delegate (and with it every generator of the chain) is.
unsafe impl<Y, R> Send for FramePtr<Y, R> {}
// SAFETY: as above; `&FramePtr` gives no access to the generator.
unsafe impl<Y, R> Sync for FramePtr<Y, R> {}

/// The monomorphic functions behind [`FrameVTable`].
mod erased {
    use super::*;

    /// # Safety
    ///
    /// `frame` points to a live, pinned `RawGen<B>` that nothing else uses
    /// while the returned reference lives.
    unsafe fn frame<'a, B: Body>(frame: NonNull<()>) -> Pin<&'a mut RawGen<B>> {
        // SAFETY: forwarded to the caller.
        unsafe { Pin::new_unchecked(frame.cast::<RawGen<B>>().as_mut()) }
    }

    /// # Safety
    ///
    /// See [`FrameVTable::poll`].
    pub(super) unsafe fn poll<B: Body>(f: NonNull<()>, cx: &mut Context<'_>) -> Poll<()> {
        // SAFETY: see `FrameVTable`.
        unsafe { frame::<B>(f).poll_as_frame(cx) }
    }

    /// # Safety
    ///
    /// See [`FrameVTable::close`].
    pub(super) unsafe fn close<B: Body>(f: NonNull<()>) {
        // SAFETY: see `FrameVTable`.
        unsafe { frame::<B>(f).close() }
    }
}
