//! [`RawGen`]: the state machine every generator type wraps, the driver loop
//! that resumes it, and the delegation frames that keep `yield_from!` cheap at
//! any depth.
//!
//! # Delegation without an O(depth) walk
//!
//! Resuming a chain `top → middle → bottom` of `yield_from!` naively polls
//! every level on every resume: O(depth) time per item and O(depth) stack,
//! which is what CPython pays. Here a generator resumed by user code (the
//! *root*) keeps a pointer to the innermost delegate it is waiting on (its
//! *leaf*) and resumes that one directly; values the leaf yields are the
//! root's yields. When the leaf completes, the driver goes back to the frame
//! that delegated to it (its *parent*), whose `yield_from!` then sees the
//! delegate's return value.
//!
//! A delegate is polled directly by the `yield_from!` of its delegator while
//! the two are close to the frame the driver resumes (`depth` below
//! [`MAX_DIRECT_DEPTH`]); there the compiler can inline the whole chain. One
//! level further down, `yield_from!` hands the delegate to the driver instead
//! (`Out::Delegated`), which makes it the new leaf. So each resume polls a
//! bounded number of bodies, and building or tearing down a chain of any
//! depth uses a bounded amount of stack.
//!
//! Frames are addressed through [`FrameRef`]: a type-erased pointer to a
//! pinned `RawGen`. A frame is owned by its parent's body (through the
//! `yield_from!` future), so it stays in place while it is in a chain; the
//! root clears its chain before any frame in it can be dropped.

use core::future::Future;
use core::marker::{PhantomData, PhantomPinned};
use core::mem::{self, MaybeUninit};
use core::pin::Pin;
use core::ptr::NonNull;
use core::task::{Poll, Waker};

use crate::body::Body;
use crate::coroutine::{CoroutineState, DefaultResume};
use crate::transport::{Co, Out, Scope, Slot};

/// How many frames may poll each other directly below the frame the driver
/// resumes before `yield_from!` hands its delegate to the driver. Two keeps a
/// single level of delegation fully inlinable while deep chains cost one
/// indirect call per resume.
pub(crate) const MAX_DIRECT_DEPTH: u32 = 2;

/// A generator: its body, its slot and its place in a delegation chain.
///
/// Must be pinned before it is first resumed: the body may borrow its own
/// locals across yields, and delegation chains point into pinned frames.
/// Not public API.
#[doc(hidden)]
pub struct RawGen<B: Body> {
    state: State<B>,
    slot: Slot<B::Yield, B::Resume>,
    /// As a root: the innermost frame of its delegation chain, resumed
    /// instead of the root's own body until it completes.
    leaf: Option<FrameRef<B::Yield, B::Resume>>,
    /// As a frame in some root's chain: the frame to resume when this one
    /// completes.
    parent: Option<FrameRef<B::Yield, B::Resume>>,
    /// The last resume ended in `Pending` (an async body awaiting): the next
    /// poll continues it without a new argument.
    mid_resume: bool,
    _pinned: PhantomPinned,
}

enum State<B: Body> {
    /// Created, not yet resumed: nothing of the body has run.
    Unresumed(B),
    /// Suspended in (or running) the body.
    Running(B::Future),
    /// The body returned; the value stays until taken.
    Returned(Option<B::Return>),
    /// Dropped before its end: closed, or unwound by a panic.
    Closed,
}

/// What one poll of a frame's body produced.
pub(crate) enum Step<Y, R> {
    Yielded(Y),
    /// The body delegated to this frame: resume it from now on.
    Delegated(FrameRef<Y, R>),
    /// The body awaits a future that is not ready (async generators).
    Pending,
    /// The body returned; its value is in the frame's state.
    Complete,
}

impl<B: Body> RawGen<B> {
    pub(crate) const fn new(body: B) -> Self {
        RawGen {
            state: State::Unresumed(body),
            slot: Slot::new(),
            leaf: None,
            parent: None,
            mid_resume: false,
            _pinned: PhantomPinned,
        }
    }

    /// Whether the body ran to its end, was closed, or panicked.
    pub(crate) fn is_finished(&self) -> bool {
        matches!(self.state, State::Returned(_) | State::Closed)
    }

    /// Whether the last resume ended waiting on a future (async only).
    pub(crate) fn is_mid_resume(&self) -> bool {
        self.mid_resume
    }

    /// Whether this generator has a delegation chain of its own, that is, it
    /// was resumed as a root and is waiting in a trampolined `yield_from!`.
    pub(crate) fn has_chain(&self) -> bool {
        self.leaf.is_some()
    }

    /// A short name of the state, for `Debug` output.
    pub(crate) fn state_name(&self) -> &'static str {
        match self.state {
            State::Unresumed(_) => "unresumed",
            State::Running(_) if self.mid_resume => "running",
            State::Running(_) => "suspended",
            State::Returned(_) => "returned",
            State::Closed => "closed",
        }
    }

    fn project(self: Pin<&mut Self>) -> &mut Self {
        // SAFETY: callers never move `state` out while it is `Running` (the
        // body future is only polled through `Pin::new_unchecked` in `step` and
        // dropped in place by assignment), and never move the whole value.
        unsafe { self.get_unchecked_mut() }
    }

    /// Puts `arg` where the body (or, in a chain, the leaf's body) reads its
    /// next resume argument.
    pub(crate) fn deliver(self: Pin<&mut Self>, arg: B::Resume) {
        let this = self.project();
        match this.leaf {
            None => this.slot.resume = Some(arg),
            // SAFETY: the chain's frames are alive and pinned while they are in
            // it (module docs); nothing else is borrowing them now.
            Some(leaf) => unsafe { leaf.deliver(arg) },
        }
    }

    /// Polls the body once: until it yields, delegates, awaits or returns.
    ///
    /// The caller delivered the resume argument first, if this poll starts a
    /// resume. `depth` is the number of frames polling this one directly.
    #[inline]
    pub(crate) fn step(
        self: Pin<&mut Self>,
        waker: &Waker,
        depth: u32,
    ) -> Step<B::Yield, B::Resume> {
        let this = self.project();
        if let State::Unresumed(_) = this.state {
            let State::Unresumed(body) = mem::replace(&mut this.state, State::Closed) else {
                unreachable!()
            };
            // Moving the future into place is fine: it has not been polled.
            this.state = State::Running(body.start(Co::new()));
        }
        let state: *mut State<B> = &mut this.state;
        // SAFETY: `state` points into `this`, which is pinned; the borrow ends
        // before `this.state` is used again.
        let State::Running(body) = (unsafe { &mut *state }) else {
            resumed_after_end()
        };
        // If the body panics, it is finished: close it so that no later resume
        // polls it again.
        let close_on_unwind = CloseOnUnwind(state);
        let poll = Scope::enter(NonNull::from(&mut this.slot), waker, depth, |cx| {
            // SAFETY: the body future lives in the pinned `RawGen` and is only
            // ever dropped in place.
            unsafe { Pin::new_unchecked(body) }.poll(cx)
        });
        mem::forget(close_on_unwind);
        match poll {
            Poll::Ready(value) => {
                this.state = State::Returned(Some(value));
                // An argument no `yield_!` took (the first one, unbound) is
                // dropped before the resume returns.
                this.slot.resume = None;
                Step::Complete
            }
            Poll::Pending => match mem::replace(&mut this.slot.out, Out::Empty) {
                Out::Yielded(value) => {
                    this.slot.resume = None;
                    Step::Yielded(value)
                }
                Out::Delegated(frame) => Step::Delegated(frame),
                Out::Empty => Step::Pending,
            },
        }
    }

    /// Resumes this generator as a root: delivers `arg` (if this starts a new
    /// resume) and runs the body, or its delegation chain, until the next
    /// yield (`Ready(Some)`), its return (`Ready(None)`; the value stays in the
    /// state) or a future that is not ready (`Pending`, async only).
    ///
    /// # Panics
    ///
    /// If the generator is finished, and if the body panics (after closing the
    /// generator and every delegate in its chain).
    #[inline]
    pub(crate) fn drive(
        self: Pin<&mut Self>,
        arg: Option<B::Resume>,
        waker: &Waker,
    ) -> Poll<Option<B::Yield>> {
        let this = self.project();
        if this.is_finished() {
            resumed_after_end()
        }
        if let Some(arg) = arg {
            // SAFETY: `this` is pinned (it came from a `Pin`) and is not moved.
            unsafe { Pin::new_unchecked(&mut *this) }.deliver(arg);
        }
        let mut guard = CloseChainOnUnwind {
            root: this,
            armed: true,
        };
        let result = loop {
            let root = &mut *guard.root;
            let step = match root.leaf {
                // SAFETY: as above.
                None => unsafe { Pin::new_unchecked(root) }.step(waker, 0),
                // SAFETY: the leaf is alive and pinned while it is in the chain.
                Some(leaf) => unsafe { leaf.step(waker) },
            };
            let root = &mut *guard.root;
            match step {
                Step::Yielded(value) => break Poll::Ready(Some(value)),
                Step::Pending => break Poll::Pending,
                Step::Delegated(child) => {
                    // SAFETY: `child` was just handed over by its owner, which
                    // keeps it pinned until it completes or is closed.
                    unsafe { child.set_parent(root.leaf) };
                    root.leaf = Some(child);
                }
                Step::Complete => match root.leaf {
                    None => break Poll::Ready(None),
                    // The delegate is done; its parent's `yield_from!` takes
                    // its return value when the parent is stepped next.
                    // SAFETY: the leaf stays alive until its parent resumes.
                    Some(leaf) => root.leaf = unsafe { leaf.parent() },
                },
            }
        };
        guard.armed = false;
        guard.root.mid_resume = result.is_pending();
        result
    }

    /// `send` of the sync generator types: resumes with `arg` until the next
    /// yield or the return.
    #[inline]
    pub(crate) fn send_sync(
        mut self: Pin<&mut Self>,
        arg: B::Resume,
    ) -> CoroutineState<B::Yield, B::Return> {
        match self.as_mut().drive(Some(arg), Waker::noop()) {
            Poll::Ready(Some(value)) => CoroutineState::Yielded(value),
            Poll::Ready(None) => {
                CoroutineState::Complete(self.take_return().expect("the body just returned"))
            }
            Poll::Pending => self.awaited_in_sync_body(),
        }
    }

    /// `next` of the sync generator types: `None` once finished.
    #[inline]
    pub(crate) fn next_sync(mut self: Pin<&mut Self>) -> Option<B::Yield>
    where
        B::Resume: DefaultResume,
    {
        if self.is_finished() {
            return None;
        }
        match self
            .as_mut()
            .drive(Some(B::Resume::default()), Waker::noop())
        {
            Poll::Ready(value) => value,
            Poll::Pending => self.awaited_in_sync_body(),
        }
    }

    /// A sync body that waits on a future can never be woken: close it.
    #[cold]
    #[track_caller]
    fn awaited_in_sync_body(self: Pin<&mut Self>) -> ! {
        self.close();
        panic!(
            "a sync generator's body awaited a future that was not ready \
             (an `.await` inside a macro?); only `async fn` generators may await"
        )
    }

    /// The return value, once, after the body returned.
    pub(crate) fn take_return(self: Pin<&mut Self>) -> Option<B::Return> {
        match &mut self.project().state {
            State::Returned(value) => value.take(),
            _ => None,
        }
    }

    /// Drops the body where it is suspended, innermost delegate first
    /// (Python's `close()`). Does nothing if the body already returned.
    pub(crate) fn close(self: Pin<&mut Self>) {
        let this = self.project();
        while let Some(leaf) = this.leaf {
            // SAFETY: the frames of the chain are alive until their parents'
            // bodies are dropped, which happens after, in this loop.
            unsafe {
                this.leaf = leaf.parent();
                leaf.close();
            }
        }
        if !matches!(this.state, State::Returned(_)) {
            // Drops the body in place, with its locals and delegates.
            this.state = State::Closed;
        }
        this.slot = Slot::new();
        this.mid_resume = false;
    }

    /// A type-erased handle to this (pinned) frame.
    pub(crate) fn frame_ref(self: Pin<&mut Self>) -> FrameRef<B::Yield, B::Resume> {
        FrameRef {
            frame: NonNull::from(self.project()).cast(),
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

impl<B: Body> Drop for RawGen<B> {
    fn drop(&mut self) {
        // SAFETY: `drop` is the last use of a pinned value; it is not moved.
        unsafe { Pin::new_unchecked(self) }.close();
    }
}

/// Closes a body whose poll unwound.
struct CloseOnUnwind<B: Body>(*mut State<B>);

impl<B: Body> Drop for CloseOnUnwind<B> {
    fn drop(&mut self) {
        // SAFETY: the pointer is to the pinned state of the frame being
        // stepped, whose borrow by the poll ended with the unwinding; assigning
        // drops the (poisoned) body future in place.
        unsafe { *self.0 = State::Closed }
    }
}

/// Closes a root and its whole chain when a resume unwinds.
struct CloseChainOnUnwind<'a, B: Body> {
    root: &'a mut RawGen<B>,
    /// Cleared once the resume returned normally.
    armed: bool,
}

impl<B: Body> Drop for CloseChainOnUnwind<'_, B> {
    fn drop(&mut self) {
        if self.armed {
            // SAFETY: the root is pinned (see `drive`).
            unsafe { Pin::new_unchecked(&mut *self.root) }.close();
        }
    }
}

#[cold]
#[track_caller]
pub(crate) fn resumed_after_end() -> ! {
    panic!(
        "resumed a generator that already finished (it returned, was closed or panicked); \
         check `is_finished()` first, or iterate it: `next()` returns `None` once it is done"
    )
}

/// A type-erased pointer to a pinned [`RawGen`] whose body yields `Y` and
/// takes `R`, with the functions to drive it.
pub(crate) struct FrameRef<Y, R> {
    frame: NonNull<()>,
    vtable: &'static FrameVTable,
    _types: PhantomData<fn(Y, R) -> (Y, R)>,
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

/// # Safety (all methods)
///
/// The frame must be alive and pinned, and not otherwise borrowed for the
/// duration of the call.
impl<Y, R> FrameRef<Y, R> {
    unsafe fn step(self, waker: &Waker) -> Step<Y, R> {
        let mut out = MaybeUninit::<Step<Y, R>>::uninit();
        // SAFETY: `step` of a frame with types `Y, R` writes a `Step<Y, R>`.
        unsafe {
            (self.vtable.step)(self.frame, waker, NonNull::from(&mut out).cast());
            out.assume_init()
        }
    }

    unsafe fn deliver(self, arg: R) {
        let arg = mem::ManuallyDrop::new(arg);
        // SAFETY: `deliver` moves the `R` out; `ManuallyDrop` keeps us from
        // dropping it again.
        unsafe { (self.vtable.deliver)(self.frame, NonNull::from(&*arg).cast()) }
    }

    unsafe fn parent(self) -> Option<FrameRef<Y, R>> {
        let mut out = MaybeUninit::<Option<FrameRef<Y, R>>>::uninit();
        // SAFETY: `parent` writes the frame's `Option<FrameRef<Y, R>>`.
        unsafe {
            (self.vtable.parent)(self.frame, NonNull::from(&mut out).cast());
            out.assume_init()
        }
    }

    unsafe fn set_parent(self, parent: Option<FrameRef<Y, R>>) {
        // SAFETY: `set_parent` copies an `Option<FrameRef<Y, R>>` (a `Copy`
        // type) from the pointer.
        unsafe { (self.vtable.set_parent)(self.frame, NonNull::from(&parent).cast()) }
    }

    unsafe fn close(self) {
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
        // SAFETY: see `FrameVTable`; a frame stepped by the driver is at depth 0.
        unsafe {
            let step = frame::<B>(f).step(waker, 0);
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
            frame::<B>(f).project().parent = parent;
        }
    }

    pub(super) unsafe fn close<B: Body>(f: NonNull<()>) {
        // SAFETY: see `FrameVTable`.
        unsafe { frame::<B>(f).close() }
    }
}
