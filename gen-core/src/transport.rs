//! The yield transport: where a value crosses between a generator's body and
//! the code resuming it. This file owns the slot protocol: the [`Slot`] of
//! one poll, the [`Scope`] that leads a body to it, and the handle ([`Co`])
//! whose unsafe operations are the only way a body reaches it.
//!
//! A generator's body is an `async` block. To resume it, the driver (see
//! `raw_gen.rs`) makes a [`Slot`] holding the resume's argument and polls the
//! body with a [`Context`] whose waker carries one pointer, to the slot and
//! its [`Scope`] side by side on the driver's stack. `yield_!(v)` becomes an
//! await of [`yield_`]`(co, v)`: on its first poll the [`YieldFuture`] finds
//! the slot through the context, leaves `v` there ([`Slot::suspend_with`])
//! and returns `Pending`; the driver takes `v` out
//! ([`Slot::into_suspension`]) and returns it from `resume`. The next resume
//! polls again with its argument in a new slot; the future takes it
//! ([`Slot::take_resume`]) and completes with it ([`yield_unit`]'s future,
//! for a `()` resume, completes without reaching the slot). Nothing of a
//! resume passes through the generator's own memory, so when the loop
//! consuming a generator inlines the resume, the slot is registers.
//!
//! The slot is typed (`Slot<Y, R>`) but the scope carries it type-erased, so
//! reaching it from a context is `unsafe` ([`Co::slot`]): only a future made
//! for the generator being polled may do it. The handle a body receives is a
//! zero-sized [`Co<Y, R>`] that only fixes those types; every operation that
//! makes a future from it is an `unsafe fn` whose contract the macros alone
//! uphold: the future is awaited directly in the body of the generator that
//! made the handle. A stolen handle is inert: safe code can do nothing with
//! it.
//!
//! A delegate polled in place (see `delegate/`) is polled with its
//! delegator's context, and so the same slot, which has the same types: the
//! values pass through a delegation without being copied.
//!
//! Nothing the body keeps points at the generator: the way to the slot is
//! handed in afresh on every poll, so it stays right however the generator is
//! moved, boxed or pinned between resumes. The scope's waker forwards `wake`
//! and `clone` to the waker the generator itself was polled with, so a future
//! awaited in an async generator's body sees the executor's real waker (a
//! clone of the scope's waker *is* a clone of the real one).

use core::cell::Cell;
use core::future::Future;
use core::marker::PhantomData;
use core::mem::ManuallyDrop;
use core::pin::Pin;
use core::ptr::{self, NonNull};
use core::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};

/// The values in transit between a generator's body and its driver during
/// one poll: a local of the driver. Its fields are private to this file;
/// each exchange is a method.
pub(crate) struct Slot<Y, R> {
    /// The argument of the resume under way, until the body takes it.
    resume: Option<R>,
    /// What the body yielded, if it suspended in a yield.
    yielded: Option<Y>,
}

/// How a body that returned `Pending` left its slot.
pub(crate) enum Suspension<Y, R> {
    /// Suspended in a yield with this value. An argument it did not take
    /// (the first one, unbound) was dropped.
    Yielded(Y),
    /// Waiting on a future that is not ready (async bodies only), with the
    /// argument it has not taken yet, if any: the resume goes on later.
    Awaiting(Option<R>),
}

impl<Y, R> Slot<Y, R> {
    /// The slot of one poll of a body, with the argument it may take.
    #[inline(always)]
    pub(crate) const fn new(resume: Option<R>) -> Self {
        Slot {
            resume,
            yielded: None,
        }
    }

    /// Takes the argument of the resume under way, if nobody took it yet.
    #[inline(always)]
    pub(crate) fn take_resume(&mut self) -> Option<R> {
        self.resume.take()
    }

    /// Whether the argument of the resume under way is still there.
    #[inline(always)]
    pub(crate) fn has_resume(&self) -> bool {
        self.resume.is_some()
    }

    /// Hands an argument to the next body that takes one (a delegate being
    /// started, when its delegator took the resume's own).
    #[inline(always)]
    pub(crate) fn put_resume(&mut self, arg: R) {
        self.resume = Some(arg);
    }

    /// Suspends the body being polled with `value`.
    #[inline(always)]
    pub(crate) fn suspend_with(&mut self, value: Y) {
        self.yielded = Some(value);
    }

    /// What a body that returned `Pending` left here.
    #[inline(always)]
    pub(crate) fn into_suspension(self) -> Suspension<Y, R> {
        match self.yielded {
            Some(value) => Suspension::Yielded(value),
            None => Suspension::Awaiting(self.resume),
        }
    }
}

/// What the body being polled can reach besides its slot: the first field
/// of a [`Scoped`], which lives on the stack of [`Scope::enter`] for exactly
/// one poll of the body.
#[repr(C)]
pub(crate) struct Scope<'a> {
    /// The waker the generator was polled with: the executor's, or a no-op
    /// waker for a sync generator. Never itself a scope waker.
    waker: &'a Waker,
    /// The chain polling a body, while it does: opaque here, the business
    /// of `delegate/chain.rs`, which sets it around each poll of a chain's
    /// generator.
    chain: Cell<Option<NonNull<()>>>,
}

/// A scope and the slot of its poll, side by side, so that a body reaches
/// both from the one pointer its context's waker carries.
#[repr(C)]
struct Scoped<'a, Y, R> {
    /// First: a pointer to a `Scoped` is a pointer to its scope, whatever
    /// the slot's types.
    scope: Scope<'a>,
    slot: Slot<Y, R>,
}

/// The vtable of the waker that carries a [`Scope`]. Its address identifies
/// a scope waker: a `static` has exactly one address.
static SCOPE_VTABLE: RawWakerVTable =
    RawWakerVTable::new(scope_clone, scope_wake, scope_wake_by_ref, scope_drop);

/// Cloning a scope waker yields a clone of the real waker, so a waker kept by
/// a future outlives the scope safely.
///
/// # Safety
///
/// `data` is the pointer of a scope waker: a live [`Scope`] (see
/// [`Scope::enter`]).
unsafe fn scope_clone(data: *const ()) -> RawWaker {
    // SAFETY: scope wakers are only made by `Scope::enter`, with a pointer to
    // a live `Scoped`, whose first field is its `Scope`, and only lent out
    // (`&Waker`) for as long as it lives.
    let scope = unsafe { &*data.cast::<Scope<'_>>() };
    let real = ManuallyDrop::new(scope.waker.clone());
    RawWaker::new(real.data(), real.vtable())
}

/// Only called on an owned scope waker, and none exists: `Scope::enter`
/// keeps its one in a `ManuallyDrop` and clones become real wakers.
///
/// # Safety
///
/// None needed: it does nothing.
unsafe fn scope_wake(_: *const ()) {}

/// # Safety
///
/// As for [`scope_clone`].
unsafe fn scope_wake_by_ref(data: *const ()) {
    // SAFETY: as in `scope_clone`.
    let scope = unsafe { &*data.cast::<Scope<'_>>() };
    scope.waker.wake_by_ref();
}

/// Never called, for the reason given on [`scope_wake`].
///
/// # Safety
///
/// None needed: it does nothing.
unsafe fn scope_drop(_: *const ()) {}

impl<'a> Scope<'a> {
    /// Runs `poll` (a poll of a body) with a context that leads to `slot`,
    /// forwarding wake-ups to `waker`; returns what it returned, and the
    /// slot as the poll left it.
    #[inline(always)]
    pub(crate) fn enter<Y, R, T>(
        slot: Slot<Y, R>,
        waker: &Waker,
        poll: impl FnOnce(&mut Context<'_>) -> T,
    ) -> (T, Slot<Y, R>) {
        // A generator polled inside another one's body is handed that body's
        // scope waker: forward to the real waker directly, so nesting adds no
        // indirection to wake-ups.
        let waker = match Scope::find(waker) {
            Some(outer) => outer.waker,
            None => waker,
        };
        let mut scoped = Scoped {
            scope: Scope {
                waker,
                chain: Cell::new(None),
            },
            slot,
        };
        // The body reaches the slot through this pointer (see `Co::slot`),
        // so it is made from a unique borrow, and `scoped` is not used until
        // the poll returned.
        let data = ptr::from_mut(&mut scoped).cast::<()>().cast_const();
        // SAFETY: the vtable's functions only read the scope, the first
        // field of what `data` points to. It outlives every use of this
        // waker: the waker stays in this frame, is never dropped, and is lent
        // out only through the context passed to `poll`, which cannot keep it
        // past the call (a `&'a Waker` of a local can be stored nowhere that
        // outlives it, and clones of it are clones of the real waker).
        let waker = ManuallyDrop::new(unsafe { Waker::new(data, &SCOPE_VTABLE) });
        let output = poll(&mut Context::from_waker(&waker));
        (output, scoped.slot)
    }

    /// The pointer a scope waker carries, to the `Scoped` that `enter`
    /// made, if `waker` is one.
    #[inline(always)]
    fn scoped_of(waker: &Waker) -> Option<*const ()> {
        ptr::eq(waker.vtable(), &SCOPE_VTABLE).then(|| waker.data())
    }

    /// The scope a waker carries, if it is a scope waker.
    #[inline(always)]
    fn find<'w>(waker: &'w Waker) -> Option<&'w Scope<'w>> {
        // SAFETY: only `enter` makes wakers with `SCOPE_VTABLE`, with a
        // pointer to a `Scoped`, whose first field is a `Scope`, that
        // outlives every borrow of that waker. The slot beside it is reached
        // only by `Co::slot`, from the pointer, never through this reference.
        Scope::scoped_of(waker).map(|scoped| unsafe { &*scoped.cast::<Scope<'w>>() })
    }

    /// The scope of the generator whose body is being polled with `cx`.
    ///
    /// # Panics
    ///
    /// If `cx` is not the context a generator polls its body with (see
    /// [`scoped`](Self::scoped)).
    #[inline(always)]
    #[track_caller]
    pub(crate) fn of<'c>(cx: &'c Context<'_>) -> &'c Scope<'c> {
        match Scope::find(cx.waker()) {
            Some(scope) => scope,
            None => context_replaced(),
        }
    }

    /// The `Scoped` that `cx`'s waker carries, as the pointer `enter` made
    /// (a reference to the scope would not cover the slot beside it).
    ///
    /// # Panics
    ///
    /// If `cx` is not the context a generator polls its body with. Safe code
    /// gets here only when a future awaited in an async body replaced the
    /// body's context (a future can assign a new `Context` through its
    /// `&mut Context`, built from a `&'static Waker`, which a scope waker
    /// never is).
    #[inline(always)]
    #[track_caller]
    fn scoped(cx: &Context<'_>) -> *const () {
        match Scope::scoped_of(cx.waker()) {
            Some(scoped) => scoped,
            None => context_replaced(),
        }
    }

    /// The executor's waker (a no-op waker under a sync generator).
    #[inline(always)]
    pub(crate) fn waker(&self) -> &'a Waker {
        self.waker
    }

    /// The join point of the chain polling this body, if a chain does.
    #[inline(always)]
    pub(crate) fn chain(&self) -> Option<NonNull<()>> {
        self.chain.get()
    }

    /// Marks the bodies polled with this scope from now on as polled by
    /// the chain whose join point is `chain` (or by none), and returns the
    /// mark it replaces.
    #[inline(always)]
    pub(crate) fn set_chain(&self, chain: Option<NonNull<()>>) -> Option<NonNull<()>> {
        self.chain.replace(chain)
    }
}

#[cold]
#[track_caller]
fn context_replaced() -> ! {
    panic!(
        "a coyield generator's body lost its context: a future awaited in this async generator's \
         body replaced the `Context` it was polled with (by assigning through `&mut Context`), \
         so the next `yield_!` cannot reach its generator; poll other futures with a new context \
         of your own instead of overwriting the one you were given"
    )
}

/// A marker that makes a type invariant in `Y` and `R` (and no less `Send`
/// or `Sync` for them): a `&'static str` handle must not pass for a
/// `&'short str` one, or the other way round.
pub(crate) type Invariant<Y, R> = PhantomData<fn(Y, R) -> (Y, R)>;

/// The handle a generator's body uses to reach its slot: what the macros'
/// output passes to [`yield_`], [`first_resume`] and the `yield_from!`
/// futures. Not public API.
///
/// It holds no pointer and grants nothing by itself: it only fixes the
/// `Yield` and `Resume` types of the slot that the unsafe operations on it
/// reach. Each generator makes one and hands it to its own body.
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
    /// Only a body makes these (see `BodyFn::new`), handing one to its code.
    pub(crate) const fn new() -> Self {
        Co {
            _types: PhantomData,
        }
    }

    /// The slot of the poll under way, reached through `cx`. The reference
    /// borrows `cx`, so it is gone before `cx` polls anything else.
    ///
    /// # Safety
    ///
    /// `cx` must be the context that the body of a generator yielding `Y`
    /// and taking `R` is being polled with: by its driver, in place by a
    /// delegator of the same types, or by a chain of them. Each of those
    /// polls it with a `Slot<Y, R>`.
    ///
    /// # Panics
    ///
    /// If `cx` is not a generator's context (see [`Scope::of`]).
    #[inline(always)]
    #[track_caller]
    pub(crate) unsafe fn slot<'c>(self, cx: &'c mut Context<'_>) -> &'c mut Slot<Y, R> {
        let scoped = Scope::scoped(cx).cast::<Scoped<'_, Y, R>>().cast_mut();
        // SAFETY: a scope waker's pointer leads to a `Scoped` (see
        // `Scope::enter`), whose slot is a `Slot<Y, R>` (the caller's
        // promise), made from a unique borrow that its owner does not use
        // until the poll returns. No other reference to the slot is live:
        // this one borrows `cx`, which every other access needs, and
        // references to the scope do not cover the slot.
        unsafe { &mut (*scoped).slot }
    }
}

/// `yield_!(value)`: the future that suspends the generator with `value` and
/// completes with the next resume argument. Not public API.
///
/// # Safety
///
/// The future must be awaited directly in the body of the generator that
/// made `co`, and nowhere else.
#[doc(hidden)]
#[inline(always)]
pub unsafe fn yield_<Y, R>(co: Co<Y, R>, value: Y) -> YieldFuture<Y, R> {
    YieldFuture {
        value: Some(value),
        co,
    }
}

/// `yield_!(value)` in a generator whose resume type is `()`: as
/// [`yield_`], but a resume completes it without reaching the slot. The
/// argument left there, `()`, goes to whoever reads one next in that resume
/// (a delegate started in it), or is dropped with the slot: to any reader,
/// `()` taken or not is the same `()`. Not public API.
///
/// # Safety
///
/// As for [`yield_`].
#[doc(hidden)]
#[inline(always)]
pub unsafe fn yield_unit<Y>(co: Co<Y, ()>, value: Y) -> YieldUnitFuture<Y> {
    YieldUnitFuture {
        value: Some(value),
        co,
    }
}

/// The first resume's argument, for generators that bind it
/// (`first_resume = name`). Not public API.
///
/// # Safety
///
/// As for [`yield_`].
#[doc(hidden)]
#[inline(always)]
pub unsafe fn first_resume<Y, R>(co: Co<Y, R>) -> FirstResumeFuture<Y, R> {
    FirstResumeFuture { co }
}

/// The future of one `yield_!`. Not public API.
#[doc(hidden)]
#[must_use = "a yield does nothing unless awaited"]
pub struct YieldFuture<Y, R> {
    /// `Some` until handed to the driver.
    value: Option<Y>,
    co: Co<Y, R>,
}

// `value` is moved out, never pinned: `Y` need not be `Unpin`.
impl<Y, R> Unpin for YieldFuture<Y, R> {}

impl<Y, R> Future for YieldFuture<Y, R> {
    type Output = R;

    #[inline(always)]
    #[track_caller]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<R> {
        let this = self.get_mut();
        // SAFETY: `yield_`'s contract: we are polled in our generator's body.
        let slot = unsafe { this.co.slot(cx) };
        match this.value.take() {
            Some(value) => {
                slot.suspend_with(value);
                Poll::Pending
            }
            None => Poll::Ready(resume_argument(slot)),
        }
    }
}

/// The future of one `yield_!` in a generator that takes `()`. Not public
/// API.
#[doc(hidden)]
#[must_use = "a yield does nothing unless awaited"]
pub struct YieldUnitFuture<Y> {
    /// `Some` until handed to the driver.
    value: Option<Y>,
    co: Co<Y, ()>,
}

// As for `YieldFuture`.
impl<Y> Unpin for YieldUnitFuture<Y> {}

impl<Y> Future for YieldUnitFuture<Y> {
    type Output = ();

    #[inline(always)]
    #[track_caller]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.get_mut();
        match this.value.take() {
            Some(value) => {
                // SAFETY: `yield_unit`'s contract: we are polled in our
                // generator's body.
                unsafe { this.co.slot(cx) }.suspend_with(value);
                Poll::Pending
            }
            None => Poll::Ready(()),
        }
    }
}

/// The future that reads the first resume argument. Not public API.
#[doc(hidden)]
#[must_use = "the first resume argument is read by awaiting this"]
pub struct FirstResumeFuture<Y, R> {
    co: Co<Y, R>,
}

impl<Y, R> Future for FirstResumeFuture<Y, R> {
    type Output = R;

    #[inline(always)]
    #[track_caller]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<R> {
        // SAFETY: `first_resume`'s contract: we are polled in our
        // generator's body.
        match unsafe { self.co.slot(cx) }.take_resume() {
            Some(arg) => Poll::Ready(arg),
            None => first_resume_without_argument(),
        }
    }
}

/// The argument a body takes when it goes on after a yield.
#[inline(always)]
#[track_caller]
fn resume_argument<Y, R>(slot: &mut Slot<Y, R>) -> R {
    match slot.take_resume() {
        Some(arg) => arg,
        None => yield_resumed_without_argument(),
    }
}

/// Every resume delivers an argument, and `yield_from!` makes one up for a
/// delegate it takes over suspended in a yield, when its delegating body
/// took the resume's own, if the resume type has a default (see
/// `delegate/mod.rs`). Without one, that yield has nothing to complete
/// with. The location reported is the `yield_!`.
#[cold]
#[track_caller]
fn yield_resumed_without_argument() -> ! {
    panic!(
        "this `yield_!` has no resume argument to complete with: `yield_from!` took over its \
         generator, already started, in a resume whose argument the delegating generator had \
         taken, and the resume type has no `Default` to pass instead (Python sends `None`). \
         Delegate before taking that argument, or give the resume type a `Default` (or a \
         `Default` bound where it is generic)"
    )
}

/// A delegate's first resume has no argument when its delegator took that
/// resume's argument already and the resume type has no default for
/// `yield_from!` to make one with. The location reported is the body's
/// `first_resume`.
#[cold]
#[track_caller]
fn first_resume_without_argument() -> ! {
    panic!(
        "this generator's `first_resume` has no argument: `yield_from!` started it in a resume \
         whose argument the delegating generator had taken, and the resume type has no \
         `Default` to pass instead (Python sends `None`). Delegate before taking that \
         argument, or give the resume type a `Default` (or a `Default` bound where it is \
         generic)"
    )
}
