//! [`Chain`]: the frames a deep `yield_from!` runs, resumed innermost first
//! (see the module docs of `frame`).

use core::ptr::NonNull;
use core::task::{Poll, Waker};

use super::FrameRef;
use crate::transport::{Out, Slot};

/// A delegation chain, held by the `yield_from!` that started it: a pointer
/// to its innermost frame (the *leaf*), whose parent links lead back to the
/// first one, the holder's own delegate.
///
/// The chain polls its leaf with the holder's slot, as a delegate polled in
/// place is: the leaf reads its resume argument there and leaves there what
/// it yields, for the driver, with nothing to copy on the way.
///
/// Every frame of a chain is owned by its parent's body, and the first one by
/// the holder, so the frames stay pinned where they are as long as the chain
/// holds them. Only the holder uses its chain: from its own poll, or when it
/// is dropped.
pub(crate) struct Chain<Y, R> {
    leaf: FrameRef<Y, R>,
}

impl<Y, R> Chain<Y, R> {
    /// A chain of one frame, the holder's delegate.
    ///
    /// # Safety
    ///
    /// `first` must stay alive and pinned, and be used by nothing but this
    /// chain, until the chain is closed or completes.
    pub(crate) unsafe fn new(first: FrameRef<Y, R>) -> Self {
        // SAFETY: the caller hands `first` over.
        unsafe { first.set_parent(None) };
        Chain { leaf: first }
    }

    /// Polls the chain with the holder's `slot` until a frame yields or
    /// waits (`Pending`; the slot tells which), or the first frame returns
    /// (`Ready`; the value is in that frame).
    ///
    /// # Safety
    ///
    /// The chain must not have completed or been closed, and `slot` must be
    /// the slot the holder is being polled with.
    #[inline]
    pub(crate) unsafe fn resume(&mut self, slot: NonNull<Slot<Y, R>>, waker: &Waker) -> Poll<()> {
        loop {
            // SAFETY: the frames of a chain are alive and pinned while they
            // are in it, and the holder lends them to nothing else; the slot
            // is valid for the holder's poll, and the holder does not use it
            // meanwhile.
            if let Poll::Ready(()) = unsafe { self.leaf.poll_in(slot, waker) } {
                // The leaf is done; its parent's `yield_from!` takes its
                // return value when the parent is polled next.
                // SAFETY: as above.
                match unsafe { self.leaf.parent() } {
                    Some(parent) => self.leaf = parent,
                    None => return Poll::Ready(()),
                }
                continue;
            }
            // SAFETY: the leaf's poll is over, so nothing else borrows the slot.
            let out = unsafe { &mut (*slot.as_ptr()).out };
            let Out::Delegated(child) = *out else {
                return Poll::Pending;
            };
            // The leaf's body handed over a delegate of its own, which it
            // keeps pinned until it completes or is closed: it is the leaf
            // from now on.
            *out = Out::Empty;
            // SAFETY: `child` is alive and pinned, and ours to use.
            unsafe { child.set_parent(Some(self.leaf)) };
            self.leaf = child;
        }
    }

    /// Closes every frame of the chain, innermost first (Python's `close()`
    /// order), the first frame last.
    ///
    /// If a destructor panics, the rest is still closed while the panic
    /// unwinds, as drop glue does for the remaining fields of a struct.
    ///
    /// # Safety
    ///
    /// The chain must not have completed.
    pub(crate) unsafe fn close(self) {
        CloseFrom(Some(self.leaf)).run();
    }
}

/// The work of [`Chain::close`]: the frame to close next; runs again from
/// there if it unwinds.
struct CloseFrom<Y, R>(Option<FrameRef<Y, R>>);

impl<Y, R> CloseFrom<Y, R> {
    fn run(&mut self) {
        while let Some(frame) = self.0 {
            // SAFETY: a frame of the chain stays alive until its parent's body
            // is dropped, which happens after it, in this loop; its parent link
            // is read before it is closed.
            unsafe {
                self.0 = frame.parent();
                frame.close();
            }
        }
    }
}

impl<Y, R> Drop for CloseFrom<Y, R> {
    fn drop(&mut self) {
        // After a normal `run` this finds nothing left to do.
        self.run();
    }
}
