//! `yield_from!`: PEP 380 delegation. Each scenario has its Python twin in a
//! comment; the expected values are what CPython prints for it.

use core::pin::{Pin, pin};
use std::panic::{AssertUnwindSafe, catch_unwind};

use coyield::{Body, Coroutine, CoroutineState, Gen, gen_, generator, yield_, yield_from};

mod common;
use common::{Trace, guard, leak, log, taken, trace};

use CoroutineState::{Complete, Yielded};

// Generators that several sections use.

// Python:
//     def inner(trace):
//         try:
//             yield 1
//             yield 2
//         finally:
//             trace.append("drop inner")
//     def middle(trace):
//         try:
//             yield from inner(trace)
//         finally:
//             trace.append("drop middle")
//     def outer(trace):
//         try:
//             yield from middle(trace)
//         finally:
//             trace.append("drop outer")
//     g = outer(trace); next(g); g.close()
//     trace == ["drop inner", "drop middle", "drop outer"]
#[generator(yield = i32)]
fn close_inner(trace: Trace) {
    let _g = guard(&trace, "inner");
    yield_!(1);
    yield_!(2);
}

#[generator(yield = i32)]
fn close_middle(trace: Trace) {
    let _g = guard(&trace, "middle");
    yield_from!(close_inner(trace.clone()));
}

#[generator(yield = i32)]
fn close_outer(trace: Trace) {
    let _g = guard(&trace, "outer");
    yield_from!(close_middle(trace.clone()));
}

/// `n` nested levels, each with a guard; the innermost yields twice.
#[generator(yield = u32)]
fn guarded_chain(trace: Trace, n: u32) {
    let _g = guard(&trace, n.to_string());
    if n == 0 {
        yield_!(0);
        yield_!(1);
    } else {
        yield_from!(guarded_chain(trace.clone(), n - 1));
    }
}

// Python:
//     def bad(trace):
//         try:
//             yield 1
//             raise ValueError("boom")
//         finally:
//             trace.append("drop bad")
//     def outer(trace):
//         try:
//             yield from bad(trace)
//             yield 2            # never reached
//         finally:
//             trace.append("drop outer")
//     g = outer(trace); next(g)
//     next(g) raises ValueError("boom"); trace == ["drop bad", "drop outer"]
//     next(g) raises StopIteration
#[generator(yield = i32)]
fn panicking_delegate(trace: Trace) {
    let _g = guard(&trace, "bad");
    yield_!(1);
    panic!("boom");
}

#[generator(yield = i32)]
fn delegates_to_panicking(trace: Trace, depth: u32) {
    let _g = guard(&trace, format!("outer {depth}"));
    if depth == 0 {
        yield_from!(panicking_delegate(trace.clone()));
    } else {
        yield_from!(delegates_to_panicking(trace.clone(), depth - 1));
    }
    yield_!(2);
}

/// Yields `n` on the way down and on the way up; returns the number of levels.
#[generator(yield = u32)]
fn marks(n: u32) -> u32 {
    yield_!(n);
    let below = if n == 0 { 0 } else { yield_from!(marks(n - 1)) };
    yield_!(n);
    below + 1
}

/// The innermost level doubles what it is sent until it gets 0; each level
/// adds one to the return value.
#[generator(yield = u64, resume = u64)]
fn deep_echo(n: u32) -> u64 {
    if n == 0 {
        let mut x = yield_!(0);
        while x != 0 {
            x = yield_!(x * 2);
        }
        1000
    } else {
        yield_from!(deep_echo(n - 1)) + 1
    }
}

mod seed_examples {
    //! The seed's examples.

    use super::*;

    // Python:
    //     def ex1():
    //         yield 1
    //         yield 2
    //         return 3
    //     def ex2():
    //         result = yield from ex1()
    //         yield result * 10
    //         return result
    //     g = ex2()
    //     list(g) == [1, 2, 30], and StopIteration.value == 3
    #[generator(yield = i32)]
    fn ex1() -> i32 {
        yield_!(1);
        yield_!(2);
        3
    }

    #[generator(yield = i32)]
    fn ex2() -> i32 {
        let result = yield_from!(ex1());
        yield_!(result * 10);
        result
    }

    #[test]
    fn seed_ex1_ex2() {
        let mut g = ex2();
        assert_eq!(g.by_ref().collect::<Vec<_>>(), [1, 2, 30]);
        assert_eq!(g.take_return(), Some(3));
    }

    // Python:
    //     def bottom():
    //         return (yield 42)
    //     def middle():
    //         return (yield from bottom())
    //     def top():
    //         return (yield from middle())
    //     gen = top()
    //     value = next(gen)       # 42
    //     try:
    //         value = gen.send(value * 2)
    //     except StopIteration as exc:
    //         value = exc.value   # 84
    #[generator(yield = i32, resume = i32)]
    fn bottom() -> i32 {
        yield_!(42)
    }

    #[generator(yield = i32, resume = i32)]
    fn middle() -> i32 {
        yield_from!(bottom())
    }

    #[generator(yield = i32, resume = i32)]
    fn top() -> i32 {
        yield_from!(middle())
    }

    #[test]
    fn seed_bottom_middle_top() {
        let mut g = top();
        let value = g.next().unwrap();
        assert_eq!(value, 42);
        assert_eq!(g.send(value * 2), Complete(84));
        assert!(g.is_finished());
        assert_eq!(g.next(), None);
    }
}

mod values_in_and_out_through_the_delegate {
    //! Values in and out through the delegate.

    use super::*;

    // Python:
    //     def inner(trace):
    //         trace.append("inner start")
    //         x = yield 1
    //         trace.append(f"inner got {x}")
    //         y = yield 2
    //         trace.append(f"inner got {y}")
    //         return x + y
    //     def outer(trace):
    //         a = yield 0
    //         trace.append(f"outer got {a}")
    //         r = yield from inner(trace)
    //         trace.append(f"outer got return {r}")
    //         z = yield r
    //         return z
    //     g = outer(trace)
    //     next(g)      -> 0
    //     g.send(10)   -> 1    trace: outer got 10, inner start
    //     g.send(20)   -> 2    trace: inner got 20
    //     g.send(30)   -> 50   trace: inner got 30, outer got return 50
    //     g.send(40)   -> StopIteration(40)
    #[generator(yield = i32, resume = i32)]
    fn send_inner(trace: Trace) -> i32 {
        log(&trace, "inner start");
        let x = yield_!(1);
        log(&trace, format!("inner got {x}"));
        let y = yield_!(2);
        log(&trace, format!("inner got {y}"));
        x + y
    }

    #[generator(yield = i32, resume = i32)]
    fn send_outer(trace: Trace) -> i32 {
        let a = yield_!(0);
        log(&trace, format!("outer got {a}"));
        let r = yield_from!(send_inner(trace.clone()));
        log(&trace, format!("outer got return {r}"));
        yield_!(r)
    }

    #[test]
    fn delegation_with_send() {
        let t = trace();
        let mut g = send_outer(t.clone());
        assert_eq!(g.next(), Some(0));
        assert_eq!(taken(&t), Vec::<String>::new());
        assert_eq!(g.send(10), Yielded(1));
        assert_eq!(taken(&t), ["outer got 10", "inner start"]);
        assert_eq!(g.send(20), Yielded(2));
        assert_eq!(taken(&t), ["inner got 20"]);
        assert_eq!(g.send(30), Yielded(50));
        assert_eq!(taken(&t), ["inner got 30", "outer got return 50"]);
        assert_eq!(g.send(40), Complete(40));
        assert_eq!(taken(&t), Vec::<String>::new());
    }

    // The argument of the resume that reaches a `yield_from!` starts the
    // delegate if the delegator did not take it; otherwise the delegate starts
    // with `Default::default()` (Python always starts it with `None`).
    #[generator(yield = i32, resume = i32, first_resume = first)]
    fn reports_first(trace: Trace) -> i32 {
        log(&trace, format!("delegate started with {first}"));
        let next = yield_!(first + 1);
        log(&trace, format!("delegate got {next}"));
        next
    }

    #[generator(yield = i32, resume = i32)]
    fn delegates_at_once(trace: Trace) -> i32 {
        yield_from!(reports_first(trace))
    }

    #[generator(yield = i32, resume = i32)]
    fn yields_then_delegates(trace: Trace) -> i32 {
        let took = yield_!(-1);
        log(&trace, format!("delegator took {took}"));
        yield_from!(reports_first(trace))
    }

    #[test]
    fn the_delegate_starts_with_the_pending_argument() {
        let t = trace();
        let mut g = delegates_at_once(t.clone());
        assert_eq!(g.send(7), Yielded(8));
        assert_eq!(taken(&t), ["delegate started with 7"]);
        assert_eq!(g.send(9), Complete(9));
        assert_eq!(taken(&t), ["delegate got 9"]);
    }

    #[test]
    fn the_delegate_starts_with_default_when_the_argument_was_taken() {
        let t = trace();
        let mut g = yields_then_delegates(t.clone());
        assert_eq!(g.send(7), Yielded(-1));
        assert_eq!(g.send(5), Yielded(1));
        assert_eq!(taken(&t), ["delegator took 5", "delegate started with 0"]);
        assert_eq!(g.send(6), Complete(6));
    }

    // With `()` resumes, a `yield_!` completes without taking the resume's
    // `()` from the slot: a delegate started in that resume, reading its
    // first argument, gets it, as it would get a made-up default. Every
    // item arrives once, in order, whatever spells the resume type.
    #[generator(yield = u32, resume = (), first_resume = first)]
    fn reads_unit_first(trace: Trace) -> u32 {
        let () = first;
        log(&trace, "delegate read its first resume");
        yield_!(10);
        yield_!(11);
        12
    }

    /// Counts the resumes it gets, yielding each count.
    struct CountsResumes(u32);

    impl Coroutine for CountsResumes {
        type Yield = u32;
        type Return = u32;

        fn resume(mut self: Pin<&mut Self>, (): ()) -> CoroutineState<u32, u32> {
            self.0 += 1;
            if self.0 > 2 {
                Complete(self.0)
            } else {
                Yielded(20 + self.0)
            }
        }
    }

    #[generator(yield = u32)]
    fn unit_delegator(trace: Trace) {
        yield_!(1);
        let back = yield_from!(reads_unit_first(trace.clone()));
        yield_!(back);
        let resumes = yield_from!(CountsResumes(0));
        yield_!(resumes);
        yield_from!(0..2);
        yield_!(2);
    }

    type Unit = ();

    #[generator(yield = u32, resume = Unit)]
    fn unit_by_alias(trace: Trace) {
        yield_!(1);
        log(&trace, "alias resumed");
        yield_!(2);
    }

    #[test]
    fn unit_resumes_hand_every_item_over_once() {
        let t = trace();
        let items: Vec<u32> = unit_delegator(t.clone()).collect();
        assert_eq!(items, [1, 10, 11, 12, 21, 22, 3, 0, 1, 2]);
        assert_eq!(taken(&t), ["delegate read its first resume"]);
        let mut g = unit_by_alias(t.clone());
        assert_eq!(g.send(()), Yielded(1));
        assert_eq!(g.send(()), Yielded(2));
        assert_eq!(taken(&t), ["alias resumed"]);
        assert_eq!(g.send(()), Complete(()));
    }
}

mod return_values {
    //! Return values through delegation.

    use super::*;

    // Python:
    //     def level3():
    //         x = yield 3
    //         return x + 1
    //     def level2():
    //         r = yield from level3()
    //         yield r
    //         return r * 10
    //     def level1():
    //         r = yield from level2()
    //         return r + 5
    //     g = level1()
    //     next(g)        -> 3
    //     g.send(100)    -> 101
    //     g.send(0)      -> StopIteration(1015)
    #[generator(yield = i32, resume = i32)]
    fn level3() -> i32 {
        let x = yield_!(3);
        x + 1
    }

    #[generator(yield = i32, resume = i32)]
    fn level2() -> i32 {
        let r = yield_from!(level3());
        yield_!(r);
        r * 10
    }

    #[generator(yield = i32, resume = i32)]
    fn level1() -> i32 {
        let r = yield_from!(level2());
        r + 5
    }

    #[test]
    fn return_values_through_three_levels() {
        let mut g = level1();
        assert_eq!(g.next(), Some(3));
        assert_eq!(g.send(100), Yielded(101));
        assert_eq!(g.send(0), Complete(1015));
    }

    #[test]
    fn return_values_through_three_levels_when_iterated() {
        let mut g = level1();
        // `next` sends 0: level3 returns 1, level2 yields it and returns 10.
        assert_eq!(g.by_ref().collect::<Vec<_>>(), [3, 1]);
        assert_eq!(g.take_return(), Some(15));
    }

    // Python:
    //     def empty():
    //         return 7
    //         yield
    //     def outer():
    //         r = yield from empty()
    //         yield r
    //         r2 = yield from empty()
    //         return r + r2
    //     g = outer(); list(g) == [7]; StopIteration.value == 14
    #[generator(yield = i32)]
    fn returns_at_once() -> i32 {
        7
    }

    #[generator(yield = i32)]
    fn delegates_to_empty() -> i32 {
        let r = yield_from!(returns_at_once());
        yield_!(r);
        let r2 = yield_from!(returns_at_once());
        r + r2
    }

    #[generator(yield = i32)]
    fn only_empty_delegates() -> i32 {
        let mut total = 0;
        for _ in 0..5 {
            total += yield_from!(returns_at_once());
        }
        total
    }

    #[test]
    fn delegating_to_a_generator_that_returns_at_once() {
        let mut g = delegates_to_empty();
        assert_eq!(g.by_ref().collect::<Vec<_>>(), [7]);
        assert_eq!(g.take_return(), Some(14));

        let mut g = only_empty_delegates();
        assert_eq!(g.send(()), Complete(35));
    }
}

mod iterables {
    //! Delegating to iterables.

    use super::*;

    // Python:
    //     def from_iterables(g):
    //         yield from range(3)
    //         yield from [10, 20]
    //         yield from map(ord, "ab")
    //         yield from g            # another generator used as an iterator
    //         yield from ()
    //     list(from_iterables(x * 100 for x in (1, 2))) == [0, 1, 2, 10, 20, 97, 98, 100, 200]
    #[generator(yield = u32)]
    fn small(n: u32) {
        for i in 1..=n {
            yield_!(i * 100);
        }
    }

    #[generator(yield = u32, resume = i64)]
    fn from_iterables() -> &'static str {
        yield_from!(0..3);
        yield_from!(vec![10, 20]);
        yield_from!("ab".chars().map(|c| c as u32));
        yield_from!(small(2).take(5));
        yield_from!(std::iter::empty());
        yield_from!(Some(7));
        "iterables done"
    }

    #[test]
    fn delegating_to_iterables() {
        let mut g = from_iterables();
        assert_eq!(
            g.by_ref().collect::<Vec<_>>(),
            [0, 1, 2, 10, 20, 97, 98, 100, 200, 7]
        );
        assert_eq!(g.take_return(), Some("iterables done"));
    }

    #[test]
    fn resume_arguments_sent_to_an_iterable_are_dropped() {
        #[generator(yield = u32, resume = String)]
        fn mixed() -> String {
            yield_from!([1, 2, 3]);
            yield_!(4)
        }
        let mut g = mixed();
        assert_eq!(g.send("a".into()), Yielded(1));
        assert_eq!(g.send("b".into()), Yielded(2));
        assert_eq!(g.send("c".into()), Yielded(3));
        assert_eq!(g.send("d".into()), Yielded(4));
        assert_eq!(g.send("e".into()), Complete("e".to_string()));
    }

    #[test]
    fn a_borrowed_iterator_resumes_where_the_delegation_stopped() {
        let mut numbers = 1..=10;
        let it = &mut numbers;
        let mut g = gen_! {
            yield_from!(it.by_ref().take(3));
            yield_!(0);
        };
        assert_eq!(g.by_ref().collect::<Vec<_>>(), [1, 2, 3, 0]);
        drop(g);
        assert_eq!(numbers.next(), Some(4));
    }
}

mod close_and_drop_order {
    //! Close and drop order.

    use super::*;

    #[test]
    fn close_drops_innermost_first() {
        let t = trace();
        let mut g = close_outer(t.clone());
        assert_eq!(g.next(), Some(1));
        g.close();
        assert_eq!(taken(&t), ["drop inner", "drop middle", "drop outer"]);
        assert!(g.is_finished());
        assert_eq!(g.next(), None);
        drop(g);
        assert_eq!(taken(&t), Vec::<String>::new(), "dropped exactly once");
    }

    #[test]
    fn drop_drops_innermost_first() {
        let t = trace();
        let mut g = close_outer(t.clone());
        assert_eq!(g.next(), Some(1));
        drop(g);
        assert_eq!(taken(&t), ["drop inner", "drop middle", "drop outer"]);
    }

    #[test]
    fn completion_drops_each_level_as_it_returns() {
        let t = trace();
        let mut g = close_outer(t.clone());
        assert_eq!(g.by_ref().collect::<Vec<_>>(), [1, 2]);
        assert_eq!(taken(&t), ["drop inner", "drop middle", "drop outer"]);
        drop(g);
        assert_eq!(taken(&t), Vec::<String>::new());
    }

    #[test]
    fn close_order_in_a_deep_chain() {
        // Deep enough that the levels run in a chain.
        for depth in [1, 2, 3, 4, 5, 9, 16] {
            let t = trace();
            let mut g = guarded_chain(t.clone(), depth);
            assert_eq!(g.next(), Some(0), "depth {depth}");
            drop(g);
            let expected: Vec<String> = (0..=depth).map(|i| format!("drop {i}")).collect();
            assert_eq!(taken(&t), expected, "depth {depth}");
        }
    }

    #[test]
    fn completion_order_in_a_deep_chain() {
        let t = trace();
        let mut g = guarded_chain(t.clone(), 6);
        assert_eq!(g.by_ref().collect::<Vec<_>>(), [0, 1]);
        let expected: Vec<String> = (0..=6).map(|i| format!("drop {i}")).collect();
        assert_eq!(taken(&t), expected);
    }
}

mod panics_in_a_delegate {
    //! Panics in a delegate.

    use super::*;

    #[test]
    fn a_panic_in_a_delegate_propagates_and_finishes_every_level() {
        for depth in [0, 1, 2, 5] {
            let t = trace();
            let mut g = delegates_to_panicking(t.clone(), depth);
            assert_eq!(g.next(), Some(1));
            let payload = catch_unwind(AssertUnwindSafe(|| g.next())).unwrap_err();
            assert_eq!(payload.downcast_ref::<&str>(), Some(&"boom"));
            let mut expected = vec!["drop bad".to_string()];
            expected.extend((0..=depth).map(|i| format!("drop outer {i}")));
            assert_eq!(taken(&t), expected, "depth {depth}");
            assert!(g.is_finished());
            assert_eq!(g.next(), None);
            drop(g);
            assert_eq!(taken(&t), Vec::<String>::new(), "dropped exactly once");
        }
    }

    #[test]
    fn a_panic_in_a_borrowed_delegate_finishes_it_too() {
        let t = trace();
        let mut bad = panicking_delegate(t.clone());
        let b = &mut bad;
        let mut g = gen_! {
            yield_from!(b);
            yield_!(2);
        };
        assert_eq!(g.next(), Some(1));
        let payload = catch_unwind(AssertUnwindSafe(|| g.next())).unwrap_err();
        assert_eq!(payload.downcast_ref::<&str>(), Some(&"boom"));
        assert!(g.is_finished());
        drop(g);
        assert!(bad.is_finished());
        assert_eq!(bad.next(), None);
        assert_eq!(taken(&t), ["drop bad"]);
    }
}

mod deep_chains {
    //! Deep chains of delegation.

    use super::*;

    fn check_chain(depth: u32) {
        let mut g = marks(depth);
        let expected: Vec<u32> = (0..=depth).rev().chain(0..=depth).collect();
        assert_eq!(g.by_ref().collect::<Vec<_>>(), expected, "depth {depth}");
        assert_eq!(g.take_return(), Some(depth + 1));
        assert!(g.is_finished());

        let mut g = deep_echo(depth);
        assert_eq!(g.send(123), Yielded(0));
        assert_eq!(g.send(5), Yielded(10));
        assert_eq!(g.send(7), Yielded(14));
        assert_eq!(g.send(0), Complete(1000 + u64::from(depth)));
        assert!(g.is_finished());
    }

    #[test]
    fn chains_of_every_small_depth() {
        for depth in 0..=10 {
            check_chain(depth);
        }
    }

    #[test]
    fn a_64_deep_chain() {
        check_chain(64);
    }

    /// Under Miri a full 10,000-deep chain takes minutes; the same code paths
    /// run at a smaller depth.
    const DEEP: u32 = if cfg!(miri) { 300 } else { 10_000 };

    #[test]
    fn a_10_000_deep_chain_on_a_test_thread() {
        check_chain(DEEP);
    }

    #[test]
    fn dropping_a_10_000_deep_suspended_chain() {
        let t = trace();
        let mut g = guarded_chain(t.clone(), DEEP);
        assert_eq!(g.next(), Some(0));
        drop(g);
        let trace = taken(&t);
        assert_eq!(trace.len(), DEEP as usize + 1);
        let in_order = trace
            .iter()
            .enumerate()
            .all(|(i, entry)| *entry == format!("drop {i}"));
        assert!(in_order, "innermost first: {:?}", &trace[..10]);
    }

    #[test]
    fn a_10_000_deep_chain_panicking_at_the_bottom() {
        let t = trace();
        let mut g = delegates_to_panicking(t.clone(), DEEP);
        assert_eq!(g.next(), Some(1));
        let payload = catch_unwind(AssertUnwindSafe(|| g.next())).unwrap_err();
        assert_eq!(payload.downcast_ref::<&str>(), Some(&"boom"));
        assert!(g.is_finished());
        assert_eq!(taken(&t).len(), DEEP as usize + 2);
    }

    // The chain is still being built, in the first resume, when the bottom
    // panics: every level is closed, innermost first, with bounded stack.
    #[test]
    fn a_10_000_deep_chain_panicking_while_it_is_built() {
        #[generator(yield = i32)]
        fn panics_at_once(trace: Trace) {
            let _g = guard(&trace, "bad");
            if !trace.borrow().is_empty() {
                panic!("boom");
            }
            yield_!(1);
        }

        #[generator(yield = i32)]
        fn down_to_panic(trace: Trace, depth: u32) {
            let _g = guard(&trace, format!("level {depth}"));
            if depth == 0 {
                yield_from!(panics_at_once(trace.clone()));
            } else {
                yield_from!(down_to_panic(trace.clone(), depth - 1));
            }
        }

        let t = trace();
        log(&t, "start");
        let mut g = down_to_panic(t.clone(), DEEP);
        let payload = catch_unwind(AssertUnwindSafe(|| g.next())).unwrap_err();
        assert_eq!(payload.downcast_ref::<&str>(), Some(&"boom"));
        assert!(g.is_finished());
        assert_eq!(g.next(), None);
        let mut expected = vec!["start".to_string(), "drop bad".to_string()];
        expected.extend((0..=DEEP).map(|i| format!("drop level {i}")));
        assert_eq!(taken(&t), expected);
    }

    // A chain that completes in a resume, then a second one the same
    // delegator starts in that resume: the second must be the delegator's
    // own, not joined to the first, which is gone.
    #[test]
    fn a_chain_after_a_chain_in_one_resume() {
        #[generator(yield = u32)]
        fn nested(depth: u32, base: u32) -> u32 {
            if depth == 0 {
                yield_!(base);
                base
            } else {
                yield_from!(nested(depth - 1, base)) + 1
            }
        }
        #[generator(yield = u32)]
        fn two_chains() -> u32 {
            let a = yield_from!(nested(3, 10));
            let b = yield_from!(nested(2, 20));
            a + b
        }
        let mut g = two_chains();
        assert_eq!(g.send(()), Yielded(10));
        assert_eq!(g.send(()), Yielded(20));
        assert_eq!(g.send(()), Complete(13 + 22));
    }

    #[test]
    fn delegating_in_a_loop() {
        #[generator(yield = u32)]
        fn pair(i: u32) -> u32 {
            yield_!(i);
            yield_!(i + 1);
            i * 2
        }
        #[generator(yield = u32)]
        fn many(n: u32) -> u32 {
            let mut total = 0;
            for i in 0..n {
                total += yield_from!(pair(i * 10));
            }
            total
        }
        let mut g = many(1000);
        let items: Vec<u32> = g.by_ref().collect();
        assert_eq!(items.len(), 2000);
        assert_eq!(&items[..4], [0, 1, 10, 11]);
        assert_eq!(items[1999], 9991);
        assert_eq!(g.take_return(), Some((0..1000).map(|i| i * 20).sum()));
    }
}

mod other_delegates {
    //! Other delegates: hand-written coroutines, borrowed and pinned generators.

    use super::*;

    /// Yields the running total of what it is sent; completes once it passes `limit`.
    struct Totaliser {
        total: i32,
        limit: i32,
    }

    impl Coroutine<i32> for Totaliser {
        type Yield = i32;
        type Return = String;

        fn resume(mut self: Pin<&mut Self>, arg: i32) -> CoroutineState<i32, String> {
            self.total += arg;
            if self.total > self.limit {
                Complete(format!("total {}", self.total))
            } else {
                Yielded(self.total)
            }
        }
    }

    // Python (a class with send() is what yield from drives):
    //     def outer():
    //         first = yield -1
    //         s = yield from Totaliser(limit=12)   # started with send(None) ~ 0
    //         yield len(s)
    //         return s
    #[generator(yield = i32, resume = i32)]
    fn delegates_to_totaliser() -> String {
        let first = yield_!(-1);
        assert_eq!(first, 100);
        let s = yield_from!(Totaliser {
            total: 0,
            limit: 12
        });
        yield_!(s.len() as i32);
        s
    }

    #[test]
    fn delegating_to_a_hand_written_coroutine() {
        let mut g = delegates_to_totaliser();
        assert_eq!(g.send(0), Yielded(-1));
        assert_eq!(g.send(100), Yielded(0), "started with the default");
        assert_eq!(g.send(5), Yielded(5));
        assert_eq!(g.send(6), Yielded(11));
        assert_eq!(g.send(2), Yielded("total 13".len() as i32));
        assert_eq!(g.send(0), Complete("total 13".to_string()));
    }

    #[test]
    fn a_hand_written_coroutine_gets_the_pending_argument() {
        let mut g = gen_! {
            #![generator(yield = i32, resume = i32)]
            yield_from!(Totaliser { total: 0, limit: 10 })
        };
        assert_eq!(g.send(7), Yielded(7));
        assert_eq!(g.send(4), Complete("total 11".to_string()));
    }

    #[test]
    fn delegating_to_boxed_and_dyn_coroutines() {
        let boxed: Pin<Box<dyn Coroutine<i32, Yield = i32, Return = String>>> =
            Box::pin(Totaliser { total: 1, limit: 3 });
        let mut g = gen_! {
            #![generator(yield = i32, resume = i32)]
            let s = yield_from!(boxed);
            yield_from!(Box::new(Totaliser { total: 0, limit: 0 }) as Box<dyn Coroutine<i32, Yield = i32, Return = String> + Unpin>);
            s
        };
        assert_eq!(g.send(1), Yielded(2));
        assert_eq!(g.send(1), Yielded(3));
        assert_eq!(g.send(1), Yielded(0), "second delegate, started with 0");
        assert_eq!(g.send(1), Complete("total 4".to_string()));
    }

    #[generator(yield = u32)]
    fn count_to(n: u32) -> &'static str {
        for i in 0..n {
            yield_!(i);
        }
        "counted"
    }

    // Python:
    //     g = count_to(5); next(g); next(g)
    //     def outer(g):
    //         r = yield from g
    //         yield 100
    //         return r
    //     list(outer(g)) == [2, 3, 4, 100], StopIteration.value == "counted"
    #[test]
    fn delegating_to_a_partially_consumed_generator() {
        let mut g = count_to(5);
        assert_eq!(g.next(), Some(0));
        assert_eq!(g.next(), Some(1));
        let borrowed = &mut g;
        let mut outer = gen_! {
            let r = yield_from!(borrowed);
            yield_!(100);
            r
        };
        assert_eq!(outer.by_ref().collect::<Vec<_>>(), [2, 3, 4, 100]);
        assert_eq!(outer.take_return(), Some("counted"));
        drop(outer);
        assert!(g.is_finished());
        assert_eq!(g.take_return(), None, "the delegation took it");
    }

    #[generator(yield = u32)]
    fn rest_of<'g>(
        g: &'g mut Gen<impl Body<Yield = u32, Resume = (), Return = &'static str>>,
    ) -> &'static str {
        yield_from!(g)
    }

    #[test]
    fn delegating_to_a_borrowed_generator_passed_as_argument() {
        let mut g = count_to(4);
        assert_eq!(g.next(), Some(0));
        let mut r = rest_of(&mut g);
        assert_eq!(r.by_ref().collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(r.take_return(), Some("counted"));
    }

    // Python: closing the delegator closes the delegate, even one shared with
    // the caller (PEP 380: GeneratorExit is passed on through `close()`).
    #[test]
    fn dropping_the_delegator_closes_a_borrowed_delegate() {
        let t = trace();
        let mut inner = close_inner(t.clone());
        let borrowed = &mut inner;
        let mut outer = gen_! { yield_from!(borrowed); };
        assert_eq!(outer.next(), Some(1));
        drop(outer);
        assert_eq!(taken(&t), ["drop inner"]);
        assert!(inner.is_finished());
        assert_eq!(inner.next(), None);
    }

    #[test]
    fn delegating_to_a_generator_suspended_in_its_own_deep_chain() {
        // `g` was resumed by itself first, deep enough to have a chain of its own.
        let mut g = marks(6);
        let first: Vec<u32> = g.by_ref().take(9).collect();
        assert_eq!(first, [6, 5, 4, 3, 2, 1, 0, 0, 1]);
        let borrowed = &mut g;
        let mut outer = gen_! {
            let levels = yield_from!(borrowed);
            yield_!(levels * 100);
        };
        assert_eq!(outer.by_ref().collect::<Vec<_>>(), [2, 3, 4, 5, 6, 700]);
        drop(outer);
        assert!(g.is_finished());
    }

    #[test]
    fn delegating_to_a_deep_suspended_generator_then_dropping() {
        let t = trace();
        let mut g = guarded_chain(t.clone(), 7);
        assert_eq!(g.next(), Some(0));
        let borrowed = &mut g;
        let mut outer = gen_! { yield_from!(borrowed); };
        assert_eq!(outer.next(), Some(1));
        drop(outer);
        let expected: Vec<String> = (0..=7).map(|i| format!("drop {i}")).collect();
        assert_eq!(taken(&t), expected);
        assert!(g.is_finished());
    }

    #[generator(yield = u32, no_alloc)]
    fn no_alloc_pair(base: u32) -> u32 {
        yield_!(base);
        yield_!(base + 1);
        base
    }

    #[test]
    fn delegating_to_no_alloc_generators() {
        let mut g = gen_! {
            let a = yield_from!(no_alloc_pair(10));
            let mut pinned = pin!(no_alloc_pair(20));
            let b = yield_from!(pinned.as_mut());
            assert!(pinned.is_finished());
            a + b
        };
        assert_eq!(g.by_ref().collect::<Vec<_>>(), [10, 11, 20, 21]);
        assert_eq!(g.take_return(), Some(30));
    }

    #[test]
    fn recursive_gen_block_delegation() {
        fn countdown(n: u32) -> Gen<impl Body<Yield = u32, Resume = (), Return = u32>> {
            gen_! {
                #![generator(yield = u32)]
                if n == 0 {
                    return 0;
                }
                yield_!(n);
                yield_from!(countdown(n - 1)) + n
            }
        }
        let mut g = countdown(4);
        assert_eq!(g.by_ref().collect::<Vec<_>>(), [4, 3, 2, 1]);
        assert_eq!(g.take_return(), Some(10));
    }

    /// Non-`Copy` values both ways through chains of every depth, the deeper
    /// levels running in a chain.
    #[generator(yield = String, resume = String)]
    fn deep_strings(n: u32) -> String {
        if n == 0 {
            let mut all = String::new();
            loop {
                let s = yield_!(format!("<{all}>"));
                if s.is_empty() {
                    return all;
                }
                all.push_str(&s);
            }
        } else {
            let below = yield_from!(deep_strings(n - 1));
            format!("{below}{n}")
        }
    }

    #[test]
    fn strings_in_and_out_of_a_deep_chain() {
        for depth in [0, 1, 2, 3, 5, 64] {
            let mut g = deep_strings(depth);
            assert_eq!(g.send("unused".into()), Yielded("<>".to_string()));
            assert_eq!(g.send("a".into()), Yielded("<a>".to_string()));
            assert_eq!(g.send("bc".into()), Yielded("<abc>".to_string()));
            let suffix: String = (1..=depth).map(|i| i.to_string()).collect();
            assert_eq!(g.send(String::new()), Complete(format!("abc{suffix}")));
        }
    }

    // Python returns None from `yield from` an exhausted generator; a coyield
    // generator has no return value left to give, so it says so.
    #[test]
    #[should_panic(expected = "resumed a generator that already finished")]
    fn delegating_to_an_exhausted_generator_panics() {
        let mut g = count_to(2);
        assert_eq!(g.by_ref().count(), 2);
        let borrowed = &mut g;
        let mut outer = gen_! {
            yield_from!(borrowed);
        };
        outer.next();
    }

    // A delegator leaked while it ran a borrowed generator in its chain: the
    // generator's own delegates still wait in that chain, which nothing polls
    // any more. Resumed on its own, the generator runs them in a chain of its
    // own (these tests leak through `common::leak` so that Miri checks them).
    #[test]
    fn a_generator_whose_delegator_was_leaked_resumes_on_its_own() {
        let mut g = marks(6);
        {
            let borrowed = &mut g;
            let mut outer = gen_! { yield_from!(borrowed) };
            let first: Vec<u32> = outer.by_ref().take(9).collect();
            assert_eq!(first, [6, 5, 4, 3, 2, 1, 0, 0, 1]);
            leak(outer);
        }
        assert_eq!(g.by_ref().collect::<Vec<_>>(), [2, 3, 4, 5, 6]);
        assert_eq!(g.take_return(), Some(7));
    }

    #[test]
    fn resume_arguments_reach_the_innermost_delegate_after_a_leak() {
        let mut g = deep_echo(5);
        {
            let borrowed = &mut g;
            let mut outer = gen_! {
                #![generator(resume = u64)]
                yield_from!(borrowed)
            };
            assert_eq!(outer.send(1), Yielded(0));
            assert_eq!(outer.send(3), Yielded(6));
            leak(outer);
        }
        assert_eq!(g.send(4), Yielded(8));
        assert_eq!(g.send(21), Yielded(42));
        assert_eq!(g.send(0), Complete(1005));
    }

    #[test]
    fn dropping_a_generator_whose_delegator_was_leaked_closes_every_level() {
        let t = trace();
        let mut g = guarded_chain(t.clone(), 5);
        {
            let borrowed = &mut g;
            let mut outer = gen_! { yield_from!(borrowed) };
            assert_eq!(outer.next(), Some(0));
            leak(outer);
        }
        drop(g);
        let expected: Vec<String> = (0..=5).map(|i| format!("drop {i}")).collect();
        assert_eq!(taken(&t), expected);
    }
}
