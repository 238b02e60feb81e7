//! The crate-root redirections of the adversarial tests (see
//! `tests/adversarial.rs`), in a crate of their own that forbids `unsafe`:
//! `::coyield` and `::std` point at this crate, whose `__private` module
//! offers `unsafe fn`s of core under the names the expansion used to call.
//! The expansion reaches coyield through `extern crate coyield` written
//! inside it, so none of it is used, and the generators run as usual.

#![forbid(unsafe_code)]

extern crate coyield as real;
extern crate self as coyield;
extern crate self as std;

// What `::coyield::...` in a generator's signature names: the real types,
// as a crate re-exporting coyield would.
pub use real::{AsyncGen, BindsFirstResume, Body, Gen, NoAllocGen};

/// A substitute for coyield's hidden module, all of it safe code re-exporting
/// `unsafe fn`s that would be undefined behaviour if the expansion called
/// them.
#[allow(unused_imports, non_snake_case)]
pub mod __private {
    pub use core::hint::unreachable_unchecked as new;
    pub use core::hint::unreachable_unchecked as yield_;
    pub use core::hint::unreachable_unchecked as yield_unit;
    pub use core::mem::transmute as first_resume;
    pub use core::ptr::read as yield_from;

    pub mod Vouch {
        pub use core::hint::unreachable_unchecked as new;
    }
    pub mod BodyFn {
        pub use core::hint::unreachable_unchecked as new;
    }
}

use real::{CoroutineState, generator, yield_, yield_from};

#[generator(yield = &'static str)]
fn words() -> usize {
    yield_!("fine");
    yield_from!(["still", "fine"]);
    3
}

#[generator(yield = &'static str, resume = usize, first_resume = first)]
fn echo() {
    let mut n = first;
    loop {
        n = yield_!(["zero", "one", "two"][n % 3]);
    }
}

// `()` spelled out: the expansion's `yield_unit`, which the redirection
// offers too.
#[generator(yield = &'static str, resume = ())]
fn delegating() {
    let n = yield_from!(words());
    yield_!(["zero", "one", "two", "three"][n]);
    // `gen_!` takes no crate path from anywhere: it finds coyield as
    // `#[generator]` does.
    yield_from!(real::gen_! { yield_!("block") });
}

#[generator(yield = u8)]
async fn asynchronous() {
    yield_!(1);
    yield_from!(real::async_gen_! { yield_!(2u8) });
}

#[test]
fn generators_ignore_the_redirected_paths() {
    assert_eq!(
        delegating().collect::<Vec<_>>(),
        ["fine", "still", "fine", "three", "block"]
    );
    let mut e = echo();
    assert_eq!(e.send(1), CoroutineState::Yielded("one"));
    assert_eq!(e.send(5), CoroutineState::Yielded("two"));

    let mut a = asynchronous();
    let mut cx = core::task::Context::from_waker(core::task::Waker::noop());
    let mut items = Vec::new();
    while let core::task::Poll::Ready(Some(item)) =
        futures_core::Stream::poll_next(core::pin::Pin::new(&mut a), &mut cx)
    {
        items.push(item);
    }
    assert_eq!(items, [1, 2]);
}
