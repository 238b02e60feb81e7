//! [`FrameRef`]: a type-erased pointer to a pinned frame of a delegation
//! chain, and the functions that drive the frame behind it.

use core::marker::PhantomData;
use core::mem::MaybeUninit;
use core::pin::Pin;
use core::ptr::NonNull;
use core::task::{Poll, Waker};

use super::RawGen;
use crate::body::Body;
use crate::transport::{Invariant, Slot};

/// A type-erased pointer to a pinned [`RawGen`] whose body yields `Y` and
/// takes `R`, with the functions to drive it.
pub(crate) struct FrameRef<Y, R> {
    frame: NonNull<()>,
    vtable: &'static FrameVTable,
    _types: Invariant<Y, R>,
}

impl<Y, R> Clone for FrameRef<Y, R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<Y, R> Copy for FrameRef<Y, R> {}

// SAFETY: a `FrameRef` is only dereferenced by the chain it is in, through
// its holder's `&mut` access, and the frame it points to is owned (directly or
// through borrows) by the holder's delegate. So it crosses threads exactly
// when the holder does, and the holder is `Send`/`Sync` only when its
// delegate (and with it every frame) is.
unsafe impl<Y, R> Send for FrameRef<Y, R> {}
// SAFETY: as above; `&FrameRef` gives no access to the frame.
unsafe impl<Y, R> Sync for FrameRef<Y, R> {}

/// The functions of a frame, with every type erased. `poll_in` polls the
/// frame's body with a slot of its `Y` and `R`; `parent` and `set_parent` read
/// and write a frame's `Option<FrameRef<Y, R>>` parent link through a pointer
/// to one.
struct FrameVTable {
    poll_in: unsafe fn(NonNull<()>, NonNull<()>, &Waker) -> Poll<()>,
    parent: unsafe fn(NonNull<()>, NonNull<()>),
    set_parent: unsafe fn(NonNull<()>, NonNull<()>),
    close: unsafe fn(NonNull<()>),
}

impl<Y, R> FrameRef<Y, R> {
    /// A handle to `frame`, which must stay where it is while the handle is
    /// in use (it is pinned; its owner keeps it alive while it is in a chain).
    pub(super) fn new<B: Body<Yield = Y, Resume = R>>(frame: Pin<&mut RawGen<B>>) -> Self {
        // SAFETY: only the address is taken; nothing is moved out.
        let frame = NonNull::from(unsafe { frame.get_unchecked_mut() });
        FrameRef {
            frame: frame.cast(),
            vtable: &const {
                FrameVTable {
                    poll_in: erased::poll_in::<B>,
                    parent: erased::parent::<B>,
                    set_parent: erased::set_parent::<B>,
                    close: erased::close::<B>,
                }
            },
            _types: PhantomData,
        }
    }
}

/// # Safety (all methods)
///
/// The frame must be alive and pinned, and not otherwise borrowed for the
/// duration of the call.
impl<Y, R> FrameRef<Y, R> {
    /// Polls the frame's body as a chain does, with the chain's `slot`: it
    /// reads its resume argument there and leaves there what it yields.
    /// `Ready` once it returned (the value stays in the frame).
    ///
    /// `slot` must be valid for the whole call, and not otherwise borrowed.
    pub(super) unsafe fn poll_in(self, slot: NonNull<Slot<Y, R>>, waker: &Waker) -> Poll<()> {
        // SAFETY: the frame's body has the slot's types; the caller vouches
        // for the frame and the slot.
        unsafe { (self.vtable.poll_in)(self.frame, slot.cast(), waker) }
    }

    pub(super) unsafe fn parent(self) -> Option<FrameRef<Y, R>> {
        let mut out = MaybeUninit::<Option<FrameRef<Y, R>>>::uninit();
        // SAFETY: `parent` writes the frame's `Option<FrameRef<Y, R>>`.
        unsafe {
            (self.vtable.parent)(self.frame, NonNull::from(&mut out).cast());
            out.assume_init()
        }
    }

    pub(super) unsafe fn set_parent(self, parent: Option<FrameRef<Y, R>>) {
        // SAFETY: `set_parent` copies an `Option<FrameRef<Y, R>>` (a `Copy`
        // type) from the pointer.
        unsafe { (self.vtable.set_parent)(self.frame, NonNull::from(&parent).cast()) }
    }

    pub(super) unsafe fn close(self) {
        // SAFETY: forwarded to the caller.
        unsafe { (self.vtable.close)(self.frame) }
    }
}

/// The monomorphic functions behind [`FrameVTable`].
mod erased {
    use super::*;

    /// # Safety
    ///
    /// `frame` points to a live, pinned `RawGen<B>` that nothing else borrows.
    unsafe fn frame<'a, B: Body>(frame: NonNull<()>) -> Pin<&'a mut RawGen<B>> {
        // SAFETY: forwarded to the caller.
        unsafe { Pin::new_unchecked(frame.cast::<RawGen<B>>().as_mut()) }
    }

    pub(super) unsafe fn poll_in<B: Body>(
        f: NonNull<()>,
        slot: NonNull<()>,
        waker: &Waker,
    ) -> Poll<()> {
        // SAFETY: see `FrameVTable`.
        unsafe { frame::<B>(f).poll_chained(slot.cast(), waker) }
    }

    pub(super) unsafe fn parent<B: Body>(f: NonNull<()>, out: NonNull<()>) {
        // SAFETY: see `FrameVTable`.
        unsafe {
            let parent = frame::<B>(f).parent;
            out.cast::<Option<FrameRef<B::Yield, B::Resume>>>()
                .write(parent);
        }
    }

    pub(super) unsafe fn set_parent<B: Body>(f: NonNull<()>, parent: NonNull<()>) {
        // SAFETY: see `FrameVTable`.
        unsafe {
            let parent = parent
                .cast::<Option<FrameRef<B::Yield, B::Resume>>>()
                .read();
            *frame::<B>(f).project().parent = parent;
        }
    }

    pub(super) unsafe fn close<B: Body>(f: NonNull<()>) {
        // SAFETY: see `FrameVTable`.
        unsafe { frame::<B>(f).close() }
    }
}
