//! Auto traits of the generator types: `Unpin`, `Send`, `Sync`.
//!
//! Positive facts are checked at compile time (`assert_send(&g)` does not
//! compile if `g` is not `Send`). Negative facts, and facts that coyield gets
//! wrong today, use autoref specialization: `is_send!(g)` is a `bool` fixed at
//! compile time, `true` exactly when the type of `g` is `Send`, so the test
//! compiles either way and asserts the answer.

use core::cell::Cell;
use core::marker::{PhantomData, PhantomPinned};
use core::pin::pin;
use std::rc::Rc;

use coyield::{CoroutineState, async_gen_, gen_, generator, yield_, yield_from};

mod common;
use common::{assert_send, assert_sync, assert_unpin};

/// The type of a value, for the probes below.
struct Probe<T>(PhantomData<T>);

fn probe<T>(_: &T) -> Probe<T> {
    Probe(PhantomData)
}

/// Picked first (the receiver needs no extra `&`), but only when `T: Send`.
trait YesSend {
    fn is_send(&self) -> bool {
        true
    }
}
impl<T: Send> YesSend for Probe<T> {}

/// The fallback, one autoref further.
trait NoSend {
    fn is_send(&self) -> bool {
        false
    }
}
impl<T> NoSend for &Probe<T> {}

trait YesSync {
    fn is_sync(&self) -> bool {
        true
    }
}
impl<T: Sync> YesSync for Probe<T> {}

trait NoSync {
    fn is_sync(&self) -> bool {
        false
    }
}
impl<T> NoSync for &Probe<T> {}

trait YesUnpin {
    fn is_unpin(&self) -> bool {
        true
    }
}
impl<T: Unpin> YesUnpin for Probe<T> {}

trait NoUnpin {
    fn is_unpin(&self) -> bool {
        false
    }
}
impl<T> NoUnpin for &Probe<T> {}

macro_rules! is_send {
    ($value:expr) => {
        (&probe(&$value)).is_send()
    };
}

macro_rules! is_sync {
    ($value:expr) => {
        (&probe(&$value)).is_sync()
    };
}

macro_rules! is_unpin {
    ($value:expr) => {
        (&probe(&$value)).is_unpin()
    };
}

#[test]
fn the_probes_work() {
    assert!(is_send!(1u8));
    assert!(!is_send!(Rc::new(1u8)));
    assert!(is_sync!(1u8));
    assert!(!is_sync!(Cell::new(1u8)));
    assert!(is_send!(Cell::new(1u8)));
    assert!(is_unpin!(1u8));
    assert!(!is_unpin!(PhantomPinned));
}

// ---------------------------------------------------------------------------
// Unpin
// ---------------------------------------------------------------------------

#[generator(yield = u64)]
fn count(start: u64) {
    let mut i = start;
    loop {
        yield_!(i);
        i += 1;
    }
}

#[generator(yield = u8)]
fn holds_pinned_state() {
    let pinned = (PhantomPinned, String::from("!Unpin"));
    yield_!(1);
    yield_!(pinned.1.len() as u8);
}

#[generator(yield = u8, no_alloc)]
fn inline() {
    yield_!(1);
}

#[generator(yield = u8)]
async fn async_count() {
    yield_!(1);
}

#[generator(yield = u8, no_alloc)]
async fn async_inline() {
    yield_!(1);
}

#[test]
fn default_generators_are_unpin() {
    assert_unpin(&count(0));
    assert_unpin(&holds_pinned_state());
    assert_unpin(&gen_! { yield_!(1u8) });
    assert_unpin(&async_count());
    assert_unpin(&async_gen_! { yield_!(1u8) });
}

#[test]
fn no_alloc_generators_are_not_unpin() {
    assert!(!is_unpin!(inline()));
    assert!(!is_unpin!(async_inline()));
    assert!(!is_unpin!(gen_! { #![generator(no_alloc)] yield_!(1u8) }));
    let mut pinned = pin!(inline());
    assert_unpin(&pinned.as_mut());
    assert_eq!(pinned.next(), Some(1));
}

// ---------------------------------------------------------------------------
// Send and Sync: block forms
// ---------------------------------------------------------------------------

#[test]
fn a_block_is_send_and_sync_when_its_state_is() {
    let words = vec![String::from("a"), String::from("b")];
    let g = gen_! {
        for w in &words {
            yield_!(w.len());
        }
    };
    assert_send(&g);
    assert_sync(&g);
    let g = async_gen_! {
        let v = vec![1u64, 2];
        for x in v {
            yield_!(x);
        }
    };
    assert_send(&g);
    assert_sync(&g);
}

// The probes only see the auto traits of a generator made in another
// function (the auto traits of an `async` block are settled after the body
// that contains it is type-checked), hence these helpers. `impl Sized`
// leaks the auto traits of the concrete type.

fn rc_across_a_yield() -> impl Sized {
    gen_! {
        let shared = Rc::new(5u8);
        yield_!(*shared);
        yield_!(*shared);
    }
}

fn async_rc_across_a_yield() -> impl Sized {
    async_gen_! {
        let shared = Rc::new(5u8);
        yield_!(*shared);
    }
}

fn captures_an_rc() -> impl Sized {
    let shared = Rc::new(5u8);
    gen_! { yield_!(*shared); }
}

fn cell_across_a_yield() -> impl Sized {
    gen_! {
        let cell = Cell::new(1u8);
        yield_!(cell.get());
        cell.set(2);
        yield_!(cell.get());
    }
}

fn rc_not_across_a_yield() -> impl Sized {
    gen_! {
        let value = {
            let shared = Rc::new(5u8);
            *shared
        };
        yield_!(value);
    }
}

#[test]
fn a_block_holding_an_rc_across_a_yield_is_not_send() {
    assert!(!is_send!(rc_across_a_yield()));
    assert!(!is_sync!(rc_across_a_yield()));
    assert!(!is_send!(async_rc_across_a_yield()));
}

#[test]
fn a_block_capturing_an_rc_is_not_send() {
    assert!(!is_send!(captures_an_rc()));
}

#[test]
fn an_rc_that_does_not_live_across_a_yield_does_not_matter() {
    assert!(is_send!(rc_not_across_a_yield()));
    assert!(is_sync!(rc_not_across_a_yield()));
    let g = gen_! {
        let value = {
            let shared = Rc::new(5u8);
            *shared
        };
        yield_!(value);
    };
    assert_send(&g);
    assert_sync(&g);
}

#[test]
fn a_cell_across_a_yield_is_send_but_not_sync() {
    assert!(is_send!(cell_across_a_yield()));
    assert!(!is_sync!(cell_across_a_yield()));
    let g = gen_! {
        let cell = Cell::new(1u8);
        yield_!(cell.get());
        cell.set(2);
        yield_!(cell.get());
    };
    assert_send(&g);
}

#[test]
fn a_block_delegating_to_a_send_block_is_send() {
    let g = gen_! {
        let inner = gen_! { yield_!(1u8) };
        yield_from!(inner);
    };
    assert_send(&g);
    assert_sync(&g);
}

#[test]
fn coroutine_state_is_send_and_sync_when_its_values_are() {
    assert_send(&CoroutineState::<u8, String>::Yielded(1));
    assert_sync(&CoroutineState::<u8, String>::Yielded(1));
    assert!(!is_send!(CoroutineState::<Rc<u8>, ()>::Complete(())));
}

// ---------------------------------------------------------------------------
// Send and Sync: `#[generator]` functions
// ---------------------------------------------------------------------------

#[generator(yield = usize)]
fn lengths(words: Vec<String>) {
    for w in &words {
        yield_!(w.len());
    }
}

#[generator(yield = u8)]
fn holds_rc() {
    let shared = Rc::new(5u8);
    yield_!(*shared);
    yield_!(*shared);
}

#[generator(yield = u64)]
async fn async_lengths(words: Vec<String>) {
    for w in &words {
        yield_!(w.len() as u64);
    }
}

#[generator(yield = u8)]
async fn async_holds_rc() {
    let shared = Rc::new(5u8);
    yield_!(*shared);
}

/// The value a `#[generator]` function returns is `Gen<impl Body<..>>`: its
/// auto traits must leak through the opaque `impl Body` as they do for any
/// `impl Trait` (the generator keeps all its state in the body value, not in
/// a projection such as `<impl Body as Body>::Future` that callers could not
/// normalize).
#[test]
fn a_generator_fn_is_send_and_sync_when_its_state_is() {
    assert!(is_send!(count(0)), "Gen of count");
    assert!(is_sync!(count(0)), "Gen of count");
    assert!(is_send!(lengths(vec![])), "Gen of lengths");
    assert!(is_sync!(lengths(vec![])), "Gen of lengths");
    assert!(is_send!(inline()), "NoAllocGen");
    assert!(is_send!(async_lengths(vec![])), "AsyncGen");
    assert!(is_sync!(async_lengths(vec![])), "AsyncGen");
    assert!(is_send!(async_inline()), "NoAllocAsyncGen");
    assert!(
        is_send!(named_block()),
        "a block behind `Gen<impl Body<..>>`"
    );
}

/// The return type the docs suggest for a function returning a block.
fn named_block() -> coyield::Gen<impl coyield::Body<Yield = u8, Resume = (), Return = ()>> {
    gen_! { yield_!(1u8) }
}

#[test]
fn a_generator_fn_holding_an_rc_across_a_yield_is_not_send() {
    assert!(!is_send!(holds_rc()));
    assert!(!is_sync!(holds_rc()));
    assert!(!is_send!(async_holds_rc()));
}
