//! Destructors and panics: every live local is dropped exactly once, panics
//! pass through with their payload and leave the generator finished, and a
//! finished generator refuses to be resumed with a clear message.

use core::pin::pin;
use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind, panic_any};

use coyield::{Coroutine, CoroutineState, gen_, generator, yield_, yield_from};

mod common;
use common::{Guard, Trace, guard, log, taken, trace};

use CoroutineState::{Complete, Yielded};

const NOTHING: [&str; 0] = [];

/// The message of a panic payload, for `&str` and `String` payloads.
fn message(payload: &(dyn Any + Send)) -> Option<&str> {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
}

// Generators that several sections use.

#[generator(yield = u8)]
fn scopes(trace: Trace, arg: Guard) -> Guard {
    let a = guard(&trace, "a");
    yield_!(1);
    {
        let _b = guard(&trace, "b");
        yield_!(2);
    }
    log(&trace, "b's scope ended");
    let c = guard(&trace, "c");
    drop(a);
    yield_!(3);
    for i in 0..2 {
        let _loop = guard(&trace, format!("loop {i}"));
        yield_!(10 + i);
    }
    let shadowed = guard(&trace, "shadowed 1");
    let _shadowed = guard(&trace, "shadowed 2");
    yield_!(4);
    drop(shadowed);
    drop(arg);
    c
}

#[generator(yield = u32, resume = u32)]
fn panics_on(trace: Trace, when: u32) -> u32 {
    let _g = guard(&trace, "local");
    let mut received = 0;
    loop {
        if received == when {
            panic!("panicked at {received}");
        }
        received = yield_!(received);
    }
}

#[generator(yield = u8)]
fn one() -> &'static str {
    yield_!(1);
    "one"
}

mod drop_counts {
    //! Drop counts: each live local, argument or capture is dropped exactly once.

    use super::*;

    fn drain_to(trace: &Trace, stop_after: usize) -> Vec<String> {
        let mut g = scopes(trace.clone(), guard(trace, "arg"));
        for _ in 0..stop_after {
            g.next();
        }
        taken(trace);
        drop(g);
        taken(trace)
    }

    #[test]
    fn dropping_an_unresumed_generator_drops_its_arguments_once() {
        let t = trace();
        assert_eq!(drain_to(&t, 0), ["drop arg"]);
    }

    #[test]
    fn dropping_a_suspended_generator_drops_every_live_local_once() {
        let t = trace();
        assert_eq!(drain_to(&t, 1), ["drop a", "drop arg"]);
        assert_eq!(drain_to(&t, 2), ["drop b", "drop a", "drop arg"]);
        assert_eq!(drain_to(&t, 3), ["drop c", "drop arg"]);
        assert_eq!(drain_to(&t, 4), ["drop loop 0", "drop c", "drop arg"]);
        assert_eq!(drain_to(&t, 5), ["drop loop 1", "drop c", "drop arg"]);
        assert_eq!(
            drain_to(&t, 6),
            ["drop shadowed 2", "drop shadowed 1", "drop c", "drop arg"]
        );
    }

    #[test]
    fn running_to_the_end_drops_each_local_once_where_its_scope_ends() {
        let t = trace();
        let mut g = scopes(t.clone(), guard(&t, "arg"));
        let mut yielded = Vec::new();
        let mut events = Vec::new();
        for _ in 0..6 {
            yielded.push(g.next().unwrap());
            events.push(taken(&t));
        }
        assert_eq!(yielded, [1, 2, 3, 10, 11, 4]);
        assert_eq!(
            events,
            [
                &[][..],
                &[],
                &["drop b", "b's scope ended", "drop a"],
                &[],
                &["drop loop 0"],
                &["drop loop 1"],
            ]
        );
        assert_eq!(g.next(), None);
        assert_eq!(
            taken(&t),
            ["drop shadowed 1", "drop arg", "drop shadowed 2"],
            "`c` is the return value: not dropped"
        );
        let returned = g.take_return().unwrap();
        assert_eq!(taken(&t), NOTHING);
        drop(returned);
        assert_eq!(taken(&t), ["drop c"]);
        drop(g);
        assert_eq!(taken(&t), NOTHING);
    }

    #[test]
    fn a_return_value_never_taken_is_dropped_with_the_generator() {
        let t = trace();
        let mut g = scopes(t.clone(), guard(&t, "arg"));
        assert_eq!(g.by_ref().count(), 6);
        taken(&t);
        drop(g);
        assert_eq!(taken(&t), ["drop c"]);
    }

    #[test]
    fn yielded_values_belong_to_the_caller() {
        #[generator(yield = Guard)]
        fn gives(trace: Trace) {
            yield_!(guard(&trace, "first"));
            yield_!(guard(&trace, "second"));
        }
        let t = trace();
        let mut g = gives(t.clone());
        let first = g.next().unwrap();
        assert_eq!(taken(&t), NOTHING);
        drop(g);
        assert_eq!(taken(&t), NOTHING, "the generator does not keep it");
        drop(first);
        assert_eq!(taken(&t), ["drop first"]);
    }

    #[test]
    fn resume_arguments_are_dropped_once() {
        #[generator(yield = u8, resume = Option<Guard>)]
        fn takes(trace: Trace) {
            let kept = yield_!(1);
            log(&trace, "got one");
            let _ = yield_!(2);
            log(&trace, "discarded two");
            drop(kept);
            yield_!(3);
        }
        let t = trace();
        let mut g = takes(t.clone());
        assert_eq!(g.send(Some(guard(&t, "zero"))), Yielded(1));
        assert_eq!(taken(&t), ["drop zero"], "the unbound first argument");
        assert_eq!(g.send(Some(guard(&t, "one"))), Yielded(2));
        assert_eq!(taken(&t), ["got one"]);
        assert_eq!(g.send(Some(guard(&t, "two"))), Yielded(3));
        assert_eq!(taken(&t), ["drop two", "discarded two", "drop one"]);
        assert_eq!(g.send(Some(guard(&t, "three"))), Complete(()));
        assert_eq!(taken(&t), ["drop three"]);
    }

    #[test]
    fn the_first_argument_of_a_body_without_yields_is_dropped() {
        #[generator(yield = u8, resume = Guard)]
        fn no_yields(trace: Trace) -> u8 {
            log(&trace, "ran");
            7
        }
        let t = trace();
        let mut g = no_yields(t.clone());
        assert_eq!(g.send(guard(&t, "arg")), Complete(7));
        assert_eq!(taken(&t), ["ran", "drop arg"]);
    }

    #[test]
    fn gen_block_captures_are_dropped_once() {
        let t = trace();
        let captured = guard(&t, "captured");
        let g = gen_! {
            let _inside = &captured;
            yield_!(1u8);
        };
        drop(g);
        assert_eq!(taken(&t), ["drop captured"]);

        let captured = guard(&t, "captured");
        let mut g = gen_! {
            let _mine = captured;
            yield_!(1u8);
            yield_!(2u8);
        };
        assert_eq!(g.next(), Some(1));
        drop(g);
        assert_eq!(taken(&t), ["drop captured"]);
    }

    #[test]
    fn no_alloc_drop_counts() {
        #[generator(yield = u8, no_alloc)]
        fn inline(trace: Trace, arg: Guard) {
            let _a = guard(&trace, "a");
            yield_!(1);
            let _b = guard(&trace, "b");
            yield_!(2);
            drop(arg);
        }
        let t = trace();
        {
            let _g = pin!(inline(t.clone(), guard(&t, "arg")));
        }
        assert_eq!(taken(&t), ["drop arg"]);
        {
            let mut g = pin!(inline(t.clone(), guard(&t, "arg")));
            assert_eq!(g.next(), Some(1));
            assert_eq!(g.next(), Some(2));
        }
        assert_eq!(taken(&t), ["drop b", "drop a", "drop arg"]);
        {
            let g = pin!(inline(t.clone(), guard(&t, "arg")));
            assert_eq!(g.count(), 2);
            assert_eq!(taken(&t), ["drop arg", "drop b", "drop a"]);
        }
        assert_eq!(taken(&t), NOTHING);
    }
}

mod panics {
    //! Panics: the payload passes through and the generator is finished.

    use super::*;

    #[test]
    fn a_panic_keeps_its_payload_and_finishes_the_generator() {
        let t = trace();
        let mut g = panics_on(t.clone(), 2);
        assert_eq!(g.send(0), Yielded(0));
        assert_eq!(g.send(1), Yielded(1));
        let payload = catch_unwind(AssertUnwindSafe(|| g.send(2))).unwrap_err();
        assert_eq!(message(&*payload), Some("panicked at 2"));
        assert_eq!(taken(&t), ["drop local"], "locals dropped while unwinding");
        assert!(g.is_finished());
        assert_eq!(g.next(), None);
        assert_eq!(g.next(), None);
        assert_eq!(g.take_return(), None);
        assert!(format!("{g:?}").contains("closed"), "{g:?}");
        drop(g);
        assert_eq!(taken(&t), NOTHING, "dropped exactly once");
    }

    #[test]
    fn a_panic_on_the_first_resume() {
        let t = trace();
        let mut g = panics_on(t.clone(), 0);
        let payload = catch_unwind(AssertUnwindSafe(|| g.next())).unwrap_err();
        assert_eq!(message(&*payload), Some("panicked at 0"));
        assert_eq!(taken(&t), ["drop local"]);
        assert!(g.is_finished());
        assert_eq!(g.next(), None);
    }

    #[derive(Debug, PartialEq)]
    struct CustomPayload(u32, &'static str);

    #[test]
    fn a_custom_panic_payload_passes_through_every_entry_point() {
        #[generator(yield = u8)]
        fn custom() {
            yield_!(1);
            panic_any(CustomPayload(7, "seven"));
        }
        #[generator(yield = u8, no_alloc)]
        fn custom_inline() {
            yield_!(1);
            panic_any(CustomPayload(8, "eight"));
        }

        let mut g = custom();
        g.next();
        let payload = catch_unwind(AssertUnwindSafe(|| g.next())).unwrap_err();
        assert_eq!(
            payload.downcast_ref::<CustomPayload>(),
            Some(&CustomPayload(7, "seven"))
        );

        let mut g = custom();
        let mut pinned = core::pin::Pin::new(&mut g);
        pinned.as_mut().resume(());
        let payload = catch_unwind(AssertUnwindSafe(|| pinned.as_mut().resume(()))).unwrap_err();
        assert_eq!(
            payload.downcast_ref::<CustomPayload>(),
            Some(&CustomPayload(7, "seven"))
        );
        assert!(g.is_finished());

        let mut g = pin!(custom_inline());
        g.as_mut().send(());
        let payload = catch_unwind(AssertUnwindSafe(|| g.as_mut().send(()))).unwrap_err();
        assert_eq!(
            payload.downcast_ref::<CustomPayload>(),
            Some(&CustomPayload(8, "eight"))
        );
        assert!(g.is_finished());
        assert_eq!(g.next(), None);
    }

    #[test]
    fn a_panic_inside_an_iterable_delegate_finishes_the_generator() {
        let t = trace();
        let t2 = t.clone();
        let mut g = gen_! {
            let _g = guard(&t2, "delegator");
            yield_from!((0..5).map(|i| if i == 2 { panic!("iterator broke") } else { i }));
        };
        assert_eq!(g.next(), Some(0));
        assert_eq!(g.next(), Some(1));
        let payload = catch_unwind(AssertUnwindSafe(|| g.next())).unwrap_err();
        assert_eq!(message(&*payload), Some("iterator broke"));
        assert_eq!(taken(&t), ["drop delegator"]);
        assert!(g.is_finished());
        assert_eq!(g.next(), None);
    }

    /// A hand-written coroutine that panics on its second resume.
    struct Fragile(u32);

    impl Coroutine<()> for Fragile {
        type Yield = u8;
        type Return = ();
        fn resume(mut self: core::pin::Pin<&mut Self>, (): ()) -> CoroutineState<u8, ()> {
            self.0 += 1;
            if self.0 == 2 {
                panic!("fragile broke");
            }
            Yielded(self.0 as u8)
        }
    }

    #[test]
    fn a_panic_inside_a_coroutine_delegate_finishes_the_generator() {
        let t = trace();
        let t2 = t.clone();
        let mut g = gen_! {
            let _g = guard(&t2, "delegator");
            yield_from!(Fragile(0));
        };
        assert_eq!(g.next(), Some(1));
        let payload = catch_unwind(AssertUnwindSafe(|| g.next())).unwrap_err();
        assert_eq!(message(&*payload), Some("fragile broke"));
        assert_eq!(taken(&t), ["drop delegator"]);
        assert!(g.is_finished());
    }
}

mod resuming_a_finished_generator {
    //! Resuming a finished generator.

    use super::*;

    /// A stable part of the message in `gen-core/src/raw_gen.rs`.
    const FINISHED: &str = "resumed a generator that already finished";

    #[test]
    #[should_panic(expected = "resumed a generator that already finished")]
    fn send_after_completion_panics() {
        let mut g = one();
        assert_eq!(g.send(()), Yielded(1));
        assert_eq!(g.send(()), Complete("one"));
        g.send(());
    }

    #[test]
    #[should_panic(expected = "resumed a generator that already finished")]
    fn resume_after_completion_panics() {
        let mut g = pin!(one());
        g.as_mut().resume(());
        g.as_mut().resume(());
        g.as_mut().resume(());
    }

    #[test]
    #[should_panic(expected = "resumed a generator that already finished")]
    fn no_alloc_send_after_completion_panics() {
        #[generator(yield = u8, no_alloc)]
        fn inline() {}
        let mut g = pin!(inline());
        assert_eq!(g.as_mut().send(()), Complete(()));
        g.as_mut().send(());
    }

    #[test]
    #[should_panic(expected = "resumed a generator that already finished")]
    fn send_after_close_panics() {
        let mut g = one();
        g.close();
        g.send(());
    }

    #[test]
    #[should_panic(expected = "resumed a generator that already finished")]
    fn send_after_a_panic_panics() {
        let t = trace();
        let mut g = panics_on(t, 0);
        let _ = catch_unwind(AssertUnwindSafe(|| g.send(0)));
        g.send(1);
    }

    #[test]
    fn next_after_completion_is_none_not_a_panic() {
        let mut g = one();
        assert_eq!(g.by_ref().collect::<Vec<_>>(), [1]);
        for _ in 0..3 {
            assert_eq!(g.next(), None);
        }
        let message_of_send = catch_unwind(AssertUnwindSafe(|| g.send(()))).unwrap_err();
        assert!(
            message(&*message_of_send).unwrap().contains(FINISHED),
            "{:?}",
            message(&*message_of_send)
        );
    }
}

mod close {
    //! `close()`, and destructors that panic during close or drop.

    use super::*;

    #[test]
    fn close_before_the_start() {
        let t = trace();
        let mut g = scopes(t.clone(), guard(&t, "arg"));
        g.close();
        assert_eq!(taken(&t), ["drop arg"]);
        assert!(g.is_finished());
        assert_eq!(g.next(), None);
        assert_eq!(g.take_return().map(|_| ()), None);
        drop(g);
        assert_eq!(taken(&t), NOTHING);
    }

    #[test]
    fn close_while_suspended() {
        let t = trace();
        let mut g = scopes(t.clone(), guard(&t, "arg"));
        assert_eq!(g.next(), Some(1));
        assert_eq!(g.next(), Some(2));
        g.close();
        assert_eq!(taken(&t), ["drop b", "drop a", "drop arg"]);
        assert!(g.is_finished());
        assert_eq!(g.next(), None);
        g.close();
        drop(g);
        assert_eq!(
            taken(&t),
            NOTHING,
            "closing twice and dropping drop nothing again"
        );
    }

    #[test]
    fn close_after_the_end_keeps_the_return_value() {
        let mut g = one();
        assert_eq!(g.by_ref().count(), 1);
        g.close();
        assert!(g.is_finished());
        assert_eq!(g.take_return(), Some("one"));
    }

    #[test]
    fn close_no_alloc() {
        let t = trace();
        let t2 = t.clone();
        let mut g = pin!(gen_! {
            #![generator(yield = u8, no_alloc)]
            let _a = guard(&t2, "a");
            yield_!(1);
            yield_!(2);
        });
        assert_eq!(g.next(), Some(1));
        g.as_mut().close();
        assert_eq!(taken(&t), ["drop a"]);
        assert!(g.is_finished());
        assert_eq!(g.next(), None);
    }

    #[generator(yield = u8)]
    fn level(trace: Trace, n: u32) {
        let _g = guard(&trace, format!("level {n}")).panic_on_drop(n == 0);
        if n == 0 {
            yield_!(1);
        } else {
            yield_from!(level(trace.clone(), n - 1));
        }
        yield_!(2);
    }

    #[test]
    fn a_panicking_destructor_during_close_still_drops_everything_once() {
        let t = trace();
        let mut g = level(t.clone(), 1);
        assert_eq!(g.next(), Some(1));
        let payload = catch_unwind(AssertUnwindSafe(|| g.close())).unwrap_err();
        assert_eq!(message(&*payload), Some("destructor of level 0 panicked"));
        assert_eq!(taken(&t), ["drop level 0", "drop level 1"]);
        assert!(g.is_finished());
        assert_eq!(g.next(), None);
        drop(g);
        assert_eq!(taken(&t), NOTHING);
    }

    /// With five levels the delegates run in a chain; closing the generator
    /// closes the chain's frames in a loop (`Chain::close`), and a panic in the
    /// innermost destructor leaves the loop half done.
    #[test]
    fn a_panicking_destructor_during_close_of_a_deep_chain() {
        let t = trace();
        let mut g = level(t.clone(), 5);
        assert_eq!(g.next(), Some(1));
        let payload = catch_unwind(AssertUnwindSafe(|| g.close())).unwrap_err();
        assert_eq!(message(&*payload), Some("destructor of level 0 panicked"));
        let expected: Vec<String> = (0..=5).map(|i| format!("drop level {i}")).collect();
        assert_eq!(taken(&t), expected);
        assert!(g.is_finished());
        assert_eq!(g.next(), None);
        drop(g);
        assert_eq!(taken(&t), NOTHING);
    }

    #[test]
    fn a_panicking_destructor_during_drop_of_a_deep_chain() {
        let t = trace();
        let mut g = level(t.clone(), 5);
        assert_eq!(g.next(), Some(1));
        let payload = catch_unwind(AssertUnwindSafe(|| drop(g))).unwrap_err();
        assert_eq!(message(&*payload), Some("destructor of level 0 panicked"));
        let expected: Vec<String> = (0..=5).map(|i| format!("drop level {i}")).collect();
        assert_eq!(taken(&t), expected);
    }
}
