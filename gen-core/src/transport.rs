//! The yield transport: where a value crosses between a generator's body and
//! the code resuming it.
//!
//! A generator's body is an `async` block. To resume it, the generator polls
//! it with a [`Context`] whose waker carries a pointer to a [`Scope`] living on
//! the stack of that one poll; the scope points at a [`Slot`], also on that
//! stack, holding the resume's argument. `yield_!(v)` becomes
//! `co.yield_(v).await`: on its first poll the [`YieldNow`] future finds the
//! slot through the context, writes `v` into it and returns `Pending`; the
//! generator takes `v` out and returns it from `resume`. The next resume
//! polls again with its argument in a new slot; `YieldNow` takes the
//! argument out and completes with it. Nothing of a resume passes through
//! the generator's own memory (only an argument an async body has not taken
//! when it waits is kept there), so when the loop consuming a generator
//! inlines the resume, the slot is registers.
//!
//! A `yield_from!` polls a delegate without `yield_from!` of its own in place
//! ([`Co::poll_in_place`]): with the same context, and so the same slot, so
//! values pass through a delegation without being copied. Deeper delegates
//! run in a chain (see `frame/mod.rs`), which polls them with the slot of the
//! generator holding it, to the same effect.
//!
//! Nothing the body keeps points at the generator: the way to the slot is
//! handed in afresh on every poll, so it stays right however the generator is
//! moved, boxed, pinned or polled between resumes. The scope's waker forwards
//! `wake` and `clone` to the waker the generator itself was polled with, so a
//! future awaited in an async generator's body sees the executor's real waker
//! (a clone of the scope's waker *is* a clone of the real one).
//!
//! When everything is inlined, the scope, the context and the slot all live in
//! registers and the loop compiles to what a hand-written iterator does.

use core::future::Future;
use core::marker::PhantomData;
use core::mem::ManuallyDrop;
use core::pin::Pin;
use core::ptr::{self, NonNull};
use core::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};

use crate::body::Body;
use crate::frame::{FrameRef, RawGen};

/// The values in transit between a generator's body and its driver during
/// one poll: a local of the driver (see `RawGen::step`).
pub(crate) struct Slot<Y, R> {
    /// The argument of the resume under way, until the body takes it.
    pub(crate) resume: Option<R>,
    /// What the body left for the driver when it suspended.
    pub(crate) out: Out<Y, R>,
}

impl<Y, R> Slot<Y, R> {
    /// The slot of one poll of a body, with the argument it may take.
    #[inline(always)]
    pub(crate) const fn new(resume: Option<R>) -> Self {
        Slot {
            resume,
            out: Out::Empty,
        }
    }
}

/// What a body leaves in its slot when it suspends.
pub(crate) enum Out<Y, R> {
    /// Suspended on a real `.await` (async generators only).
    Empty,
    /// Suspended in `yield_!` with this value.
    Yielded(Y),
    /// Suspended in `yield_from!`, asking the chain polling this frame to
    /// poll this delegate directly from now on (see `frame/chain.rs`).
    Delegated(FrameRef<Y, R>),
}

/// What the body of the generator being polled can reach. Lives on the stack
/// of [`Scope::poll_body`] for exactly one poll of the body.
pub(crate) struct Scope<'a> {
    /// The generator's `Slot<Y, R>`, with its types erased.
    slot: NonNull<()>,
    /// The waker the generator was polled with: the executor's, or a no-op
    /// waker for a sync generator.
    waker: &'a Waker,
    /// Whether a chain polls the body (see `frame/chain.rs`): a delegate
    /// that may delegate further then joins that chain instead of starting
    /// one of its own.
    in_chain: bool,
}

/// The vtable of the waker that carries a [`Scope`]. Its address identifies
/// a scope waker: a `static` has exactly one address.
static SCOPE_VTABLE: RawWakerVTable =
    RawWakerVTable::new(scope_clone, scope_wake, scope_wake_by_ref, scope_drop);

/// Cloning a scope waker yields a clone of the real waker, so a waker kept by
/// a future outlives the scope safely.
unsafe fn scope_clone(data: *const ()) -> RawWaker {
    // SAFETY: scope wakers are only made by `Scope::poll_body` with a pointer to a
    // live `Scope`, and only lent out (`&Waker`) for as long as it lives.
    let scope = unsafe { &*data.cast::<Scope<'_>>() };
    let real = ManuallyDrop::new(scope.waker.clone());
    RawWaker::new(real.data(), real.vtable())
}

/// Only called on an owned scope waker, and none exists: `Scope::poll_body`
/// keeps its one in a `ManuallyDrop` and clones become real wakers.
unsafe fn scope_wake(_: *const ()) {}

unsafe fn scope_wake_by_ref(data: *const ()) {
    // SAFETY: as in `scope_clone`.
    let scope = unsafe { &*data.cast::<Scope<'_>>() };
    scope.waker.wake_by_ref();
}

/// Never called, for the reason given on `scope_wake`.
unsafe fn scope_drop(_: *const ()) {}

impl<'a> Scope<'a> {
    /// Polls `body` with a context that leads to `slot`, forwarding wake-ups
    /// to `waker`.
    #[inline(always)]
    pub(crate) fn poll_body<B: Body>(
        body: Pin<&mut B>,
        slot: NonNull<Slot<B::Yield, B::Resume>>,
        waker: &'a Waker,
        in_chain: bool,
    ) -> Poll<B::Return> {
        // A scope waker nested in another one forwards to the real waker
        // directly, so delegation depth adds no indirection to wake-ups.
        let waker = match Scope::find(waker) {
            Some(outer) => outer.waker,
            None => waker,
        };
        let scope = Scope {
            slot: slot.cast(),
            waker,
            in_chain,
        };
        // SAFETY: the vtable's functions only read `scope` through the data
        // pointer. `scope` outlives every use of this waker: the waker stays in
        // this frame, is never dropped, and is lent out only through the
        // context passed to the body, which cannot keep it past the poll.
        let scope_waker =
            ManuallyDrop::new(unsafe { Waker::new(ptr::from_ref(&scope).cast(), &SCOPE_VTABLE) });
        body.poll_body(&mut Context::from_waker(&scope_waker))
    }

    /// The scope a waker carries, if it is a scope waker.
    #[inline(always)]
    fn find<'w>(waker: &'w Waker) -> Option<&'w Scope<'w>> {
        if ptr::eq(waker.vtable(), &SCOPE_VTABLE) {
            // SAFETY: only `poll_body` makes wakers with `SCOPE_VTABLE`, with a
            // pointer to a `Scope` that outlives every borrow of that waker.
            Some(unsafe { &*waker.data().cast::<Scope<'w>>() })
        } else {
            None
        }
    }

    /// The scope of the generator whose body is being polled with `cx`.
    ///
    /// # Panics
    ///
    /// If `cx` does not come from a generator's driver. Macro output never
    /// gets here: it only polls these futures directly in a body.
    #[inline(always)]
    pub(crate) fn of<'c>(cx: &'c Context<'_>) -> &'c Scope<'c> {
        match Scope::find(cx.waker()) {
            Some(scope) => scope,
            None => polled_outside_generator(),
        }
    }

    /// The executor's waker (a no-op waker under a sync generator).
    pub(crate) fn waker(&self) -> &'a Waker {
        self.waker
    }

    /// See [`Scope::in_chain`](Scope#structfield.in_chain).
    pub(crate) fn in_chain(&self) -> bool {
        self.in_chain
    }

    /// The slot of the generator being polled.
    ///
    /// # Safety
    ///
    /// `Y` and `R` must be the types of the slot this scope was entered with,
    /// and the returned reference must be dropped before this method is called
    /// again or the poll that entered the scope returns.
    #[inline(always)]
    #[allow(clippy::mut_from_ref)]
    pub(crate) unsafe fn slot<Y, R>(&self) -> &mut Slot<Y, R> {
        // SAFETY: the pointer was made from a `&mut Slot<Y, R>` that its
        // owner (the driver polling the body) does not use while the body is
        // polled; the caller vouches for the types and for exclusivity.
        unsafe { self.slot.cast::<Slot<Y, R>>().as_mut() }
    }
}

#[cold]
#[track_caller]
fn polled_outside_generator() -> ! {
    panic!(
        "a coyield yield future was polled outside its generator's body; \
         `yield_!` and `yield_from!` only work directly in a #[generator] body"
    )
}

/// A marker that makes a type invariant in `Y` and `R` (and no less `Send`
/// or `Sync` for them): a `&'static str` handle must not pass for a
/// `&'short str` one, or the other way round.
pub(crate) type Invariant<Y, R> = PhantomData<fn(Y, R) -> (Y, R)>;

/// The handle a generator's body uses to reach its slot.
///
/// Macro output receives one per generator, under a name user code cannot
/// spell, and uses it only in `.await` expressions of that body. It holds no
/// pointer: it only fixes the `Yield` and `Resume` types, which are what make
/// the type-erased slot pointer in [`Scope`] safe to use.
///
/// Not public API.
#[doc(hidden)]
pub struct Co<Y, R> {
    _types: Invariant<Y, R>,
}

impl<Y, R> Clone for Co<Y, R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<Y, R> Copy for Co<Y, R> {}

impl<Y, R> Co<Y, R> {
    /// Only a generator makes these, handing one to its own body.
    pub(crate) const fn new() -> Self {
        Co {
            _types: PhantomData,
        }
    }

    /// The slot of the generator whose body polls with `cx`.
    ///
    /// The returned reference must not outlive the current poll nor overlap
    /// another call of this method.
    #[inline(always)]
    #[allow(clippy::mut_from_ref)]
    pub(crate) fn slot<'c>(self, cx: &'c Context<'_>) -> (&'c Scope<'c>, &'c mut Slot<Y, R>) {
        let scope = Scope::of(cx);
        // SAFETY: a `Co<Y, R>` is only used in the body of the generator that
        // created it (the contract of `Vouch::new`), and that body is only
        // polled inside `Scope::poll_body` with a `Slot<Y, R>` that lives
        // through the poll: its driver's, or that of a delegator polling it
        // in place (`poll_in_place`) or of a chain's holder
        // (`frame/chain.rs`), with the same types. Callers
        // (the futures in this crate) drop the reference before returning
        // from `poll` and before polling anything else.
        let slot = unsafe { scope.slot::<Y, R>() };
        (scope, slot)
    }

    /// What a chain polls its frames with (see `frame/chain.rs`): the slot
    /// of the generator whose body polls with `cx`, as a pointer, and the
    /// executor's waker.
    #[inline(always)]
    pub(crate) fn chain_slot<'c>(self, cx: &'c Context<'_>) -> (NonNull<Slot<Y, R>>, &'c Waker) {
        let scope = Scope::of(cx);
        // The slot has our types, as in `slot`.
        (scope.slot.cast(), scope.waker)
    }

    /// Polls the body of `delegate` as part of this generator's body: with
    /// the same context, so the delegate's yields and resume arguments pass
    /// through this generator's slot without copying. `borrowed`: see
    /// [`RawGen::poll_with`].
    #[inline(always)]
    pub(crate) fn poll_in_place<B>(
        self,
        cx: &mut Context<'_>,
        delegate: Pin<&mut RawGen<B>>,
        borrowed: bool,
    ) -> Poll<B::Return>
    where
        B: Body<Yield = Y, Resume = R>,
    {
        // The scope's slot has the delegate's types: `B::Yield = Y`,
        // `B::Resume = R`.
        delegate.poll_with(cx, borrowed)
    }

    /// `yield_!(value)`: suspends the generator with `value`; completes with
    /// the next resume argument.
    #[inline(always)]
    pub fn yield_(self, value: Y) -> YieldNow<Y, R> {
        YieldNow {
            value: Some(value),
            co: self,
        }
    }

    /// The argument of the first resume, for generators that bind it.
    #[inline(always)]
    pub fn first_resume(self) -> FirstResume<Y, R> {
        FirstResume { co: self }
    }
}

/// The future of one `yield_!`. Not public API.
#[doc(hidden)]
#[must_use = "a yield does nothing unless awaited"]
pub struct YieldNow<Y, R> {
    /// `Some` until handed to the driver.
    value: Option<Y>,
    co: Co<Y, R>,
}

// `value` is moved out, never pinned: `Y` need not be `Unpin`.
impl<Y, R> Unpin for YieldNow<Y, R> {}

impl<Y, R> Future for YieldNow<Y, R> {
    type Output = R;

    #[inline(always)]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<R> {
        let this = self.get_mut();
        let (_, slot) = this.co.slot(cx);
        match this.value.take() {
            Some(value) => {
                slot.out = Out::Yielded(value);
                Poll::Pending
            }
            None => match slot.resume.take() {
                Some(arg) => Poll::Ready(arg),
                None => missing_resume_argument(),
            },
        }
    }
}

/// The future that reads the first resume argument. Not public API.
#[doc(hidden)]
#[must_use = "the first resume argument is read by awaiting this"]
pub struct FirstResume<Y, R> {
    co: Co<Y, R>,
}

impl<Y, R> Future for FirstResume<Y, R> {
    type Output = R;

    #[inline(always)]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<R> {
        let (_, slot) = self.co.slot(cx);
        match slot.resume.take() {
            Some(arg) => Poll::Ready(arg),
            None => missing_resume_argument(),
        }
    }
}

/// Every resume delivers an argument before the body runs (see `frame/`),
/// so this is a bug in coyield, not in the caller.
#[cold]
pub(crate) fn missing_resume_argument() -> ! {
    panic!("coyield bug: a generator body ran without its resume argument")
}
