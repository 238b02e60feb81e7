//! Panics caused by misusing a generator report the caller's file and line
//! (`#[track_caller]` through the public methods and the futures the
//! expansion awaits), with messages that say what to do. A panic hook
//! records each location (see `tests/common/panics.rs`).

use std::cell::Cell;
use std::future::Future;
use std::pin::{Pin, pin};
use std::task::{Context, Poll, Waker};

use coyield::{Coroutine, CoroutineState, generator, yield_, yield_from};

mod common;
use common::{Panicked, assert_panics_here, hooked_panic};

const RESUMED_AFTER_END: &str = "resumed a generator that already finished (it returned, was \
     closed or panicked); check `is_finished()` first, or iterate it: `next()` returns `None` \
     once it is done";
const INTERRUPTED_SEND: &str = "`send` on an async generator whose previous resume did not \
     finish (its future was dropped while the body was waiting); finish that resume first with \
     `next().await`";
const CONTEXT_REPLACED: &str = "a coyield generator's body lost its context: a future awaited \
     in this async generator's body replaced the `Context` it was polled with (by assigning \
     through `&mut Context`), so the next `yield_!` cannot reach its generator; poll other \
     futures with a new context of your own instead of overwriting the one you were given";

#[generator(yield = u8)]
fn one() {
    yield_!(1);
}

#[generator(yield = u8, no_alloc)]
fn one_inline() {
    yield_!(1);
}

fn finished<G: Iterator>(mut g: G) -> G {
    while g.next().is_some() {}
    g
}

#[test]
fn send_after_the_end() {
    let mut g = finished(one());
    assert_panics_here!(RESUMED_AFTER_END, g.send(()));
}

#[test]
fn resume_after_the_end() {
    let mut g = finished(one());
    assert_panics_here!(RESUMED_AFTER_END, Pin::new(&mut g).resume(()));
}

#[test]
fn no_alloc_send_and_resume_after_the_end() {
    let mut g = pin!(one_inline());
    assert_eq!(g.as_mut().send(()), CoroutineState::Yielded(1));
    assert_eq!(g.as_mut().send(()), CoroutineState::Complete(()));
    assert_panics_here!(RESUMED_AFTER_END, g.as_mut().send(()));
    let mut g = pin!(one_inline());
    while g.as_mut().next().is_some() {}
    assert_panics_here!(RESUMED_AFTER_END, g.as_mut().resume(()));
}

/// A delegation to a generator that already finished is a resume after its
/// end: reported at the `yield_from!` (on the line that records its number).
#[test]
fn delegating_to_a_finished_generator() {
    let line = Cell::new(0);
    let panicked = hooked_panic(|| {
        let line = &line;
        let mut done = finished(one());
        let mut g = coyield::gen_! {
            line.set(line!()); yield_from!(&mut done);
            yield_!(0u8);
        };
        g.next()
    });
    assert_eq!(
        panicked,
        Panicked::at(file!(), line.get(), RESUMED_AFTER_END)
    );
}

/// Pending once, then ready.
struct Later(bool);

impl Future for Later {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
        if std::mem::replace(&mut self.0, true) {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }
}

#[generator(yield = u8, resume = u8)]
async fn waits_then_echoes() {
    Later(false).await;
    loop {
        yield_!(1);
    }
}

#[test]
fn async_send_after_a_cancelled_send() {
    let mut g = waits_then_echoes();
    let mut cx = Context::from_waker(Waker::noop());
    // The first resume waits, and its future is dropped: the resume is not
    // finished, so a new `send` cannot start one.
    assert!(pin!(g.send(0)).poll(&mut cx).is_pending());
    let mut second = g.send(1);
    assert_panics_here!(INTERRUPTED_SEND, Pin::new(&mut second).poll(&mut cx));
}

/// Replaces the context it is polled with (for the rest of that poll) by
/// one of its own.
struct ReplaceContext;

impl Future for ReplaceContext {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        *cx = Context::from_waker(Waker::noop());
        Poll::Ready(())
    }
}

#[test]
fn a_yield_after_a_future_replaced_the_context() {
    let line = Cell::new(0);
    let panicked = hooked_panic(|| {
        let line = &line;
        let mut g = coyield::async_gen_! {
            ReplaceContext.await;
            line.set(line!()); yield_!(1u8);
        };
        let mut cx = Context::from_waker(Waker::noop());
        futures_core::Stream::poll_next(Pin::new(&mut g), &mut cx)
    });
    assert_eq!(
        panicked,
        Panicked::at(file!(), line.get(), CONTEXT_REPLACED)
    );
}

const FIRST_RESUME_WITHOUT_ARGUMENT: &str = "this generator's `first_resume` has no argument: \
     `yield_from!` started it in a resume whose argument the delegating generator had taken, and \
     the resume type has no `Default` to pass instead (Python sends `None`). Delegate before \
     taking that argument, or give the resume type a `Default` (or a `Default` bound where it \
     is generic)";
const YIELD_WITHOUT_ARGUMENT: &str = "this `yield_!` has no resume argument to complete with: \
     `yield_from!` took over its generator, already started, in a resume whose argument the \
     delegating generator had taken, and the resume type has no `Default` to pass instead \
     (Python sends `None`). Delegate before taking that argument, or give the resume type a \
     `Default` (or a `Default` bound where it is generic)";

/// A resume type without `Default`.
#[derive(Debug, PartialEq)]
struct Token(u8);

/// A trait whose declaration does not say that an implementation reads its
/// first resume's argument.
trait Echo {
    #[generator(yield = u8, resume = Token)]
    fn echo(&self);
}

struct Reads;

/// The line of the implementation's `first_resume`.
const FIRST_RESUME_LINE: u32 = line!() + 3;

impl Echo for Reads {
    #[generator(yield = u8, resume = Token, first_resume = first)]
    fn echo(&self) {
        yield_!(first.0);
    }
}

/// Delegating through the declaration, after taking the resume's argument,
/// with no default to start the delegate with: its `first_resume` says why,
/// where it is written.
#[test]
fn first_resume_without_an_argument() {
    #[generator(yield = u8, resume = Token)]
    fn outer<E: Echo>(e: &E) {
        yield_!(0);
        yield_from!(e.echo());
    }
    let panicked = hooked_panic(|| {
        let mut g = outer(&Reads);
        assert_eq!(g.send(Token(1)), CoroutineState::Yielded(0));
        g.send(Token(2))
    });
    assert_eq!(
        panicked,
        Panicked::at(file!(), FIRST_RESUME_LINE, FIRST_RESUME_WITHOUT_ARGUMENT)
    );
}

/// The line of `counter`'s `yield_!`.
const COUNTER_YIELD_LINE: u32 = line!() + 6;

#[generator(yield = u8, resume = Token)]
fn counter() {
    let mut n = 0;
    loop {
        let Token(step) = yield_!(n);
        n += step;
    }
}

/// Taking over a generator that already started, after taking the
/// resume's argument, with no default for its pending `yield_!`: that
/// `yield_!` says why.
#[test]
fn a_started_delegate_without_an_argument() {
    let panicked = hooked_panic(|| {
        let mut started = counter();
        assert_eq!(started.send(Token(9)), CoroutineState::Yielded(0));
        let mut outer = coyield::gen_! {
            #![generator(yield = u8, resume = Token)]
            yield_!(100);
            yield_from!(&mut started);
        };
        assert_eq!(outer.send(Token(1)), CoroutineState::Yielded(100));
        outer.send(Token(2))
    });
    assert_eq!(
        panicked,
        Panicked::at(file!(), COUNTER_YIELD_LINE, YIELD_WITHOUT_ARGUMENT)
    );
}
