//! [`Chain`]: the generators a deep `yield_from!` runs, resumed innermost
//! first (see the module docs of `delegate`), and the [`Link`]s that tie
//! them together.

use core::cell::Cell;
use core::ptr::NonNull;
use core::task::{Context, Poll};

use super::FramePtr;
use crate::guard::OnUnwind;
use crate::transport::Scope;

/// A generator that joined a chain after the chain's first one: a delegate,
/// and where to go when it completes.
///
/// It lives in the `yield_from!` future that delegated to the generator,
/// pinned inside its delegator's body, and the chain points to it. The
/// chain uses that pointer only while the delegator waits, unpolled, for the
/// delegate: it reads the link last, to find the parent, just before it
/// polls the delegator again. Only that poll reborrows the future (and with
/// it the link), so no reference to the link is live while the chain uses
/// it, and the link can be an ordinary field, which keeps the `&mut` the
/// future is polled through `noalias` (and the delegator's state in
/// registers when a loop inlines it).
pub(crate) struct Link<Y, R> {
    frame: FramePtr<Y, R>,
    /// The link of the generator that delegated to `frame`; `None` when that
    /// is the chain's first generator. Written by the chain when it takes
    /// the link.
    parent: Option<NonNull<Link<Y, R>>>,
}

impl<Y, R> Link<Y, R> {
    pub(crate) fn new(frame: FramePtr<Y, R>) -> Self {
        Link {
            frame,
            parent: None,
        }
    }
}

// SAFETY: a link is only used by the chain holding it, through its holder's
// `&mut` access, and what it points to (the generator, the parent link) is
// owned, directly or through borrows, by the holder's delegate. So it crosses
// threads exactly when the holder does, and the holder is `Send`/`Sync` only
// when its delegate (and with it every generator of the chain) is.
unsafe impl<Y, R> Send for Link<Y, R> {}
// SAFETY: as above; `&Link` gives no access to anything it points to.
unsafe impl<Y, R> Sync for Link<Y, R> {}

/// Where a generator polled by a chain hands over a delegate that may
/// delegate further: a local of [`Chain::resume`], which the scope of that
/// poll carries (type-erased) as its chain.
struct Join<Y, R>(Cell<Option<NonNull<Link<Y, R>>>>);

/// Hands `link` over to the chain polling the body that `cx` is the context
/// of, if a chain does; returns whether one did. The chain polls the link's
/// generator directly from then on, and the body again once it completed.
///
/// # Safety
///
/// `cx` must be the context of the body being polled, and that body must
/// yield `Y` and take `R` (then so does the chain polling it, if any).
/// `link` must stay where it is, alive and unused by anything but the
/// chain, until its generator completes or the chain closes it.
pub(crate) unsafe fn join_outer_chain<Y, R>(cx: &Context<'_>, link: NonNull<Link<Y, R>>) -> bool {
    let Some(join) = Scope::of(cx).chain() else {
        return false;
    };
    // SAFETY: a scope's chain is the `Join` of the `Chain::resume` polling the
    // body; that chain has the body's types (the caller's promise), and the
    // `Join` outlives the poll.
    let join = unsafe { join.cast::<Join<Y, R>>().as_ref() };
    join.0.set(Some(link));
    true
}

/// A delegation chain, held by the `yield_from!` that started it: its first
/// generator (the holder's delegate), and the innermost one that joined it
/// (its *leaf*), whose parent links lead back to the first.
///
/// The chain polls its leaf with the holder's context, so with the holder's
/// slot, as a delegate polled in place is: the leaf reads its resume
/// argument there and leaves there what it yields, for the driver, with
/// nothing to copy on the way.
///
/// Every generator of a chain is owned by its delegator's body, and the first
/// one by the holder, so they stay pinned where they are as long as the chain
/// holds them, and nothing polls them but the chain: a delegator waits in its
/// `yield_from!` until its delegate completed. Only the holder uses its
/// chain: from its own poll, or when it is dropped.
pub(crate) struct Chain<Y, R> {
    first: FramePtr<Y, R>,
    /// `None` while the first generator is the leaf.
    leaf: Option<NonNull<Link<Y, R>>>,
}

// SAFETY: as for `Link`: only the holder uses its chain.
unsafe impl<Y, R> Send for Chain<Y, R> {}
// SAFETY: as above; `&Chain` gives no access to anything it points to.
unsafe impl<Y, R> Sync for Chain<Y, R> {}

impl<Y, R> Chain<Y, R> {
    /// A chain of one generator, the holder's delegate.
    ///
    /// # Safety
    ///
    /// `first` must stay alive and pinned, and be used by nothing but this
    /// chain, until the chain is closed or completes.
    pub(crate) unsafe fn new(first: FramePtr<Y, R>) -> Self {
        Chain { first, leaf: None }
    }

    /// The generator the chain polls next.
    fn leaf_frame(&self) -> FramePtr<Y, R> {
        match self.leaf {
            None => self.first,
            // SAFETY: a link stays alive while its generator is in the chain.
            Some(link) => unsafe { link.as_ref() }.frame,
        }
    }

    /// Polls the chain with the holder's context `cx` until a generator
    /// yields or waits (`Pending`), or the first one returns (`Ready`; the
    /// value is in that generator).
    ///
    /// # Safety
    ///
    /// The chain must not have completed or been closed, and `cx` must be
    /// the holder's context, whose slot has the chain's types.
    #[inline]
    pub(crate) unsafe fn resume(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        loop {
            let join = Join(Cell::new(None));
            let leaf = self.leaf_frame();
            // The leaf is polled with the holder's context, marked as polled
            // by this chain for the poll. The holder's body, polled with the
            // same context, was not marked (a holder is polled by its
            // driver), and is not once the mark is taken off below. A panic
            // in the poll leaves the mark on a scope that nothing polls with
            // again: the panic unwinds out of the holder's driver, whose
            // scope it is (a `yield_from!` cannot be awaited inside
            // `catch_unwind`).
            let unmarked = Scope::of(cx).set_chain(Some(NonNull::from(&join).cast()));
            // SAFETY: the generators of a chain are alive and pinned while
            // they are in it, and nothing else polls them; the context leads
            // to the holder's slot, of the chain's types.
            let poll = unsafe { leaf.poll(cx) };
            Scope::of(cx).set_chain(unmarked);
            if poll.is_ready() {
                // The leaf is done; its delegator's `yield_from!` takes its
                // return value when the delegator is polled next.
                match self.leaf {
                    None => return Poll::Ready(()),
                    // SAFETY: as in `leaf_frame`.
                    Some(link) => self.leaf = unsafe { link.as_ref() }.parent,
                }
                continue;
            }
            let Some(mut child) = join.0.take() else {
                return Poll::Pending;
            };
            // The leaf's body handed over a delegate of its own, which it
            // keeps pinned until it completes or is closed: it is the leaf
            // from now on.
            // SAFETY: the link was handed over by `join_outer_chain`, whose
            // caller keeps it alive and lends it to us; its future is not
            // polled until its generator completed.
            unsafe { child.as_mut() }.parent = self.leaf;
            self.leaf = Some(child);
        }
    }

    /// Closes every generator of the chain, innermost first (Python's
    /// `close()` order), the first one last.
    ///
    /// If a destructor panics, the rest is still closed while the panic
    /// unwinds, as drop glue does for the remaining fields of a struct.
    ///
    /// # Safety
    ///
    /// The chain must not have completed.
    pub(crate) unsafe fn close(self) {
        let mut rest = OnUnwind::new(Some(self), close_from_leaf);
        close_from_leaf(&mut rest);
        rest.defuse();
    }
}

/// Closes the chain's generators from its leaf to its first one, taking
/// each off the chain before closing it, so that after an unwind it goes on
/// with the next.
fn close_from_leaf<Y, R>(rest: &mut Option<Chain<Y, R>>) {
    while let Some(chain) = rest {
        let frame = chain.leaf_frame();
        match chain.leaf {
            // SAFETY: a link stays alive while its generator is in the
            // chain; it lives in the body of the next generator to close,
            // so it is read before that one is closed.
            Some(link) => chain.leaf = unsafe { link.as_ref() }.parent,
            None => *rest = None,
        }
        // SAFETY: the generators of a chain that has not completed are
        // alive and pinned until closed, innermost first, here: each is
        // owned by the body of the one closed after it.
        unsafe { frame.close() };
    }
}
