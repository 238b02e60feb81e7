//! [`FrameRef`]: a type-erased pointer to a pinned frame of a delegation
//! chain, and the functions that drive the frame behind it.

use core::marker::PhantomData;
use core::mem::{self, MaybeUninit};
use core::pin::Pin;
use core::ptr::NonNull;
use core::task::Waker;

use super::{RawGen, Step};
use crate::body::Body;
use crate::transport::Invariant;

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

// SAFETY: a `FrameRef` is only dereferenced by the root whose chain it is in,
// through that root's `&mut` access, and the frame it points to is owned
// (directly or through borrows) by the root's body. So it crosses threads
// exactly when the root does, and the root is `Send`/`Sync` only when its body
// (and with it every frame) is.
unsafe impl<Y, R> Send for FrameRef<Y, R> {}
// SAFETY: as above; `&FrameRef` gives no access to the frame.
unsafe impl<Y, R> Sync for FrameRef<Y, R> {}

/// The functions of a frame, with every type erased. `step` writes a
/// `Step<Y, R>` through its out pointer; `deliver` moves an `R` out of its
/// argument pointer; `parent` and `set_parent` read and write a frame's
/// `Option<FrameRef<Y, R>>` parent link through a pointer to one.
struct FrameVTable {
    step: unsafe fn(NonNull<()>, &Waker, NonNull<()>),
    deliver: unsafe fn(NonNull<()>, NonNull<()>),
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
                    step: erased::step::<B>,
                    deliver: erased::deliver::<B>,
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
    pub(super) unsafe fn step(self, waker: &Waker) -> Step<Y, R> {
        let mut out = MaybeUninit::<Step<Y, R>>::uninit();
        // SAFETY: `step` of a frame with types `Y, R` writes a `Step<Y, R>`.
        unsafe {
            (self.vtable.step)(self.frame, waker, NonNull::from(&mut out).cast());
            out.assume_init()
        }
    }

    pub(super) unsafe fn deliver(self, arg: R) {
        let arg = mem::ManuallyDrop::new(arg);
        // SAFETY: `deliver` moves the `R` out; `ManuallyDrop` keeps us from
        // dropping it again.
        unsafe { (self.vtable.deliver)(self.frame, NonNull::from(&*arg).cast()) }
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

    pub(super) unsafe fn step<B: Body>(f: NonNull<()>, waker: &Waker, out: NonNull<()>) {
        // SAFETY: see `FrameVTable`.
        unsafe {
            let step = frame::<B>(f).step(waker);
            out.cast::<Step<B::Yield, B::Resume>>().write(step);
        }
    }

    pub(super) unsafe fn deliver<B: Body>(f: NonNull<()>, arg: NonNull<()>) {
        // SAFETY: see `FrameVTable`.
        unsafe { frame::<B>(f).deliver(arg.cast::<B::Resume>().read()) }
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
