//! Sync generators: laziness, resume values, return values, every signature
//! shape `#[generator]` accepts, self-borrows, recursion, the `gen_!`
//! expression form and `no_alloc` generators. Every test asserts exact values
//! or traces.

use core::pin::{Pin, pin};
use std::collections::BTreeMap;
use std::iter::FusedIterator;
use std::rc::Rc;

use coyield::{Body, Coroutine, CoroutineState, Gen, gen_, generator, yield_, yield_from};

mod common;
use common::{Guard, Trace, guard, log, taken, trace};

// Generators that several sections use.

// Python (the seed's jumping_range):
//     def jumping_range(up_to):
//         index = 0
//         while index < up_to:
//             jump = yield index
//             if jump is None:
//                 jump = 1
//             index += jump
//     g = jumping_range(5)
//     next(g)     -> 0
//     g.send(2)   -> 2
//     next(g)     -> 3
//     g.send(-1)  -> 2
//     list(g)     -> [3, 4]
#[generator(yield = i32, resume = Option<i32>)]
fn jumping_range(up_to: i32) {
    let mut index = 0;
    while index < up_to {
        let jump = yield_!(index);
        index += jump.unwrap_or(1);
    }
}

#[generator(yield = u32)]
fn three_then(done: &'static str) -> &'static str {
    yield_!(1);
    yield_!(2);
    yield_!(3);
    done
}

#[generator(yield = u32, no_alloc)]
fn squares(n: u32) -> u32 {
    let mut sum = 0;
    for i in 1..=n {
        sum += i * i;
        yield_!(i * i);
    }
    sum
}

mod visibility {
    //! `pub` and `pub(crate)` generators, for `visibility_is_kept`.

    use coyield::{generator, yield_};

    #[generator(yield = u32)]
    pub fn public(n: u32) {
        for i in 0..n {
            yield_!(i);
        }
    }

    #[generator(yield = u32)]
    pub(crate) fn crate_visible() {
        yield_!(7);
    }
}

mod laziness_and_resume_values {
    //! Laziness and resume values.

    use super::*;

    // Python:
    //     def lazy(trace):
    //         trace.append("start")
    //         yield 1
    //         trace.append("after 1")
    //         yield 2
    //         trace.append("end")
    //     g = lazy(trace)        # trace == []
    #[generator(yield = u8)]
    fn lazy(trace: Trace) {
        log(&trace, "start");
        yield_!(1);
        log(&trace, "after 1");
        yield_!(2);
        log(&trace, "end");
    }

    #[test]
    fn calling_a_generator_runs_nothing_until_the_first_resume() {
        let t = trace();
        let mut g = lazy(t.clone());
        assert_eq!(taken(&t), Vec::<String>::new());
        assert_eq!(g.next(), Some(1));
        assert_eq!(taken(&t), ["start"]);
        assert_eq!(g.next(), Some(2));
        assert_eq!(taken(&t), ["after 1"]);
        assert_eq!(g.next(), None);
        assert_eq!(taken(&t), ["end"]);
        assert_eq!(g.next(), None);
        assert_eq!(taken(&t), Vec::<String>::new());
    }

    #[test]
    fn a_generator_never_resumed_never_runs() {
        let t = trace();
        drop(lazy(t.clone()));
        assert_eq!(taken(&t), Vec::<String>::new());
    }

    // Python:
    //     def recorder(trace):
    //         x = yield "ready"
    //         while x >= 0:
    //             trace.append(f"got {x}")
    //             x = yield f"double {x * 2}"
    //         return x * 10
    #[generator(yield = String, resume = i32)]
    fn recorder(trace: Trace) -> i32 {
        let mut x = yield_!("ready".to_string());
        while x >= 0 {
            log(&trace, format!("got {x}"));
            x = yield_!(format!("double {}", x * 2));
        }
        x * 10
    }

    #[test]
    fn yield_evaluates_to_the_next_resume_argument() {
        let t = trace();
        let mut g = recorder(t.clone());
        // The first argument has no `yield_!` to receive it.
        assert_eq!(g.send(1000), CoroutineState::Yielded("ready".to_string()));
        assert_eq!(taken(&t), Vec::<String>::new());
        assert_eq!(g.send(5), CoroutineState::Yielded("double 10".to_string()));
        assert_eq!(taken(&t), ["got 5"]);
        assert_eq!(g.send(0), CoroutineState::Yielded("double 0".to_string()));
        assert_eq!(taken(&t), ["got 0"]);
        assert_eq!(g.send(-3), CoroutineState::Complete(-30));
        assert_eq!(taken(&t), Vec::<String>::new());
        assert!(g.is_finished());
    }

    #[test]
    fn coroutine_resume_matches_send() {
        let t = trace();
        let mut g = pin!(recorder(t.clone()));
        assert_eq!(
            g.as_mut().resume(0),
            CoroutineState::Yielded("ready".to_string())
        );
        assert_eq!(
            g.as_mut().resume(21),
            CoroutineState::Yielded("double 42".to_string())
        );
        assert_eq!(g.as_mut().resume(-1), CoroutineState::Complete(-10));
        assert_eq!(taken(&t), ["got 21"]);
    }

    #[test]
    fn coroutine_state_helpers() {
        let y: CoroutineState<u8, &str> = CoroutineState::Yielded(3);
        let c: CoroutineState<u8, &str> = CoroutineState::Complete("done");
        assert_eq!(y.yielded(), Some(3));
        assert_eq!(y.complete(), None);
        assert_eq!(c.yielded(), None);
        assert_eq!(c.complete(), Some("done"));
        assert_eq!(format!("{y:?} {c:?}"), r#"Yielded(3) Complete("done")"#);
    }

    #[test]
    fn jumping_range_trace() {
        let mut g = jumping_range(5);
        assert_eq!(g.next(), Some(0));
        assert_eq!(g.send(Some(2)), CoroutineState::Yielded(2));
        assert_eq!(g.next(), Some(3));
        assert_eq!(g.send(Some(-1)), CoroutineState::Yielded(2));
        assert_eq!(g.by_ref().collect::<Vec<_>>(), [3, 4]);
        assert_eq!(g.take_return(), Some(()));
        assert!(g.is_finished());
    }

    #[test]
    fn jumping_range_driven_by_send_alone() {
        let mut g = jumping_range(10);
        let mut seen = Vec::new();
        let mut jump = None;
        while let CoroutineState::Yielded(i) = g.send(jump) {
            seen.push(i);
            jump = Some(i + 1);
        }
        // 0 -> +1 -> 1 -> +2 -> 3 -> +4 -> 7 -> +8 -> 15 (stop)
        assert_eq!(seen, [0, 1, 3, 7]);
    }

    /// Takes guards as resume arguments, to show when each is dropped.
    #[generator(yield = &'static str, resume = Guard)]
    fn takes_args(trace: Trace) {
        log(&trace, "body starts");
        let a = yield_!("first");
        log(&trace, format!("body got {}", a.name()));
        drop(a);
        let b = yield_!("second");
        log(&trace, format!("body got {}", b.name()));
    }

    #[test]
    fn the_unbound_first_resume_argument_is_dropped_before_the_resume_returns() {
        let t = trace();
        let mut g = takes_args(t.clone());
        assert_eq!(g.send(guard(&t, "zero")), CoroutineState::Yielded("first"));
        assert_eq!(taken(&t), ["body starts", "drop zero"]);
        assert_eq!(g.send(guard(&t, "one")), CoroutineState::Yielded("second"));
        assert_eq!(taken(&t), ["body got one", "drop one"]);
        assert_eq!(g.send(guard(&t, "two")), CoroutineState::Complete(()));
        assert_eq!(taken(&t), ["body got two", "drop two"]);
    }

    #[generator(yield = i32, resume = i32, first_resume = first)]
    fn running_sum() -> i32 {
        let mut total = first;
        while total < 100 {
            total += yield_!(total);
        }
        total
    }

    #[test]
    fn first_resume_binds_the_first_argument() {
        let mut g = running_sum();
        assert_eq!(g.send(40), CoroutineState::Yielded(40));
        assert_eq!(g.send(2), CoroutineState::Yielded(42));
        assert_eq!(g.send(58), CoroutineState::Complete(100));
    }

    #[generator(yield = String, resume = (i32, &'static str), first_resume = (mut n, word))]
    fn first_resume_pattern() {
        loop {
            n += 1;
            let next = yield_!(format!("{word}{n}"));
            if next.0 < 0 {
                return;
            }
            n = next.0;
        }
    }

    #[test]
    fn first_resume_takes_a_pattern() {
        let mut g = first_resume_pattern();
        assert_eq!(g.send((1, "x")), CoroutineState::Yielded("x2".into()));
        // Later arguments replace `n` only; `word` stays from the first.
        assert_eq!(
            g.send((10, "ignored")),
            CoroutineState::Yielded("x11".into())
        );
        assert_eq!(g.send((-1, "y")), CoroutineState::Complete(()));
    }

    #[generator(yield = (), resume = Guard, first_resume = first)]
    fn keeps_first(trace: Trace) {
        log(&trace, format!("holding {}", first.name()));
        yield_!();
        log(&trace, format!("still holding {}", first.name()));
    }

    #[test]
    fn a_bound_first_argument_lives_as_a_local() {
        let t = trace();
        let mut g = keeps_first(t.clone());
        assert_eq!(g.send(guard(&t, "a")), CoroutineState::Yielded(()));
        assert_eq!(taken(&t), ["holding a"]);
        assert_eq!(g.send(guard(&t, "b")), CoroutineState::Complete(()));
        // `b` is the value of the unused `yield_!()`: dropped at once; `a` at the end.
        assert_eq!(taken(&t), ["drop b", "still holding a", "drop a"]);
    }

    #[generator(yield = ())]
    fn yields_unit() {
        yield_!();
        yield_!(());
    }

    #[test]
    fn yield_without_a_value_yields_unit() {
        assert_eq!(yields_unit().collect::<Vec<_>>(), [(), ()]);
    }
}

mod return_values {
    //! Return values, `return` and `?`.

    use super::*;

    #[test]
    fn take_return_after_iteration() {
        let mut g = three_then("finished");
        assert_eq!(g.take_return(), None, "before the start");
        assert_eq!(g.next(), Some(1));
        assert_eq!(g.take_return(), None, "while suspended");
        assert_eq!(g.by_ref().collect::<Vec<_>>(), [2, 3]);
        assert_eq!(g.take_return(), Some("finished"));
        assert_eq!(g.take_return(), None, "taken once only");
        assert_eq!(g.next(), None);
    }

    #[test]
    fn send_hands_the_return_value_itself() {
        let mut g = three_then("finished");
        for expected in 1..=3 {
            assert_eq!(g.send(()), CoroutineState::Yielded(expected));
        }
        assert_eq!(g.send(()), CoroutineState::Complete("finished"));
        assert_eq!(g.take_return(), None);
    }

    #[generator(yield = u32)]
    fn parse_digits(text: &str) -> Result<usize, String> {
        let mut count = 0;
        for c in text.chars() {
            let digit = c
                .to_digit(10)
                .ok_or_else(|| format!("not a digit: {c:?}"))?;
            yield_!(digit);
            count += 1;
        }
        Ok(count)
    }

    #[test]
    fn question_mark_returns_the_error() {
        let mut g = parse_digits("12x4");
        assert_eq!(g.by_ref().collect::<Vec<_>>(), [1, 2]);
        assert_eq!(g.take_return(), Some(Err("not a digit: 'x'".to_string())));

        let mut g = parse_digits("907");
        assert_eq!(g.by_ref().collect::<Vec<_>>(), [9, 0, 7]);
        assert_eq!(g.take_return(), Some(Ok(3)));
    }

    #[generator(yield = u8)]
    fn first_and_last(items: &[u8]) -> Option<u8> {
        let first = *items.first()?;
        yield_!(first);
        let last = *items.last()?;
        yield_!(last);
        Some(first + last)
    }

    #[test]
    fn question_mark_on_option() {
        let mut g = first_and_last(&[]);
        assert_eq!(g.next(), None);
        assert_eq!(g.take_return(), Some(None));
        let mut g = first_and_last(&[3, 9, 4]);
        assert_eq!(g.by_ref().collect::<Vec<_>>(), [3, 4]);
        assert_eq!(g.take_return(), Some(Some(7)));
    }

    #[generator(yield = u32)]
    fn early_return(stop_at: u32) -> u32 {
        for i in 0.. {
            if i == stop_at {
                return i * 100;
            }
            yield_!(i);
        }
        unreachable!()
    }

    #[test]
    fn return_ends_the_body() {
        let mut g = early_return(3);
        assert_eq!(g.by_ref().collect::<Vec<_>>(), [0, 1, 2]);
        assert_eq!(g.take_return(), Some(300));
        let mut g = early_return(0);
        assert_eq!(g.send(()), CoroutineState::Complete(0));
    }
}

mod yield_in_expression_positions {
    //! `yield_!` in expression positions.

    use super::*;

    #[generator(yield = i32, resume = i32)]
    fn expression_positions() -> Vec<i32> {
        let sum = yield_!(1) + yield_!(2);
        let matched = match yield_!(sum) {
            0 => "zero",
            _ => "other",
        };
        // Another macro's arguments are its own tokens: yield first, then pass
        // the values in.
        let (a, b) = (yield_!(10), yield_!(20));
        let v = vec![a, b];
        let c = yield_!(30);
        assert_eq!(c, 3, "a value yielded before assert_eq!");
        let d = yield_!(40);
        let text = format!("{matched}-{d}");
        if yield_!(text.len() as i32) > 0 {
            return v;
        }
        Vec::new()
    }

    #[test]
    fn yield_in_expression_positions() {
        let mut g = expression_positions();
        let mut out = Vec::new();
        for arg in [0, 5, 7, 0, 100, 200, 3, 4, 1] {
            out.push(g.send(arg));
        }
        use CoroutineState::{Complete, Yielded};
        assert_eq!(
            out,
            [
                Yielded(1),
                Yielded(2),
                Yielded(12),
                Yielded(10),
                Yielded(20),
                Yielded(30),
                Yielded(40),
                Yielded("zero-4".len() as i32),
                Complete(vec![100, 200]),
            ]
        );
    }

    #[test]
    fn a_nested_generator_item_is_its_own_generator() {
        #[generator(yield = u8)]
        fn outer() {
            #[generator(yield = u8)]
            fn inner() {
                yield_!(1);
                yield_!(2);
            }
            for x in inner() {
                yield_!(x * 10);
            }
        }
        assert_eq!(outer().collect::<Vec<_>>(), [10, 20]);
    }

    #[test]
    fn a_generator_method_in_an_impl_nested_in_a_generator_body() {
        #[generator(yield = u32)]
        fn outer() {
            struct S(u32);
            impl S {
                #[generator(yield = u32)]
                fn items(&self) {
                    yield_!(self.0);
                    yield_!(self.0 + 1);
                }
            }
            for x in S(5).items() {
                yield_!(x);
            }
        }
        assert_eq!(outer().collect::<Vec<_>>(), [5, 6]);
    }
}

mod signature_shapes {
    //! Signature shapes.

    use super::*;

    #[test]
    fn visibility_is_kept() {
        assert_eq!(visibility::public(3).collect::<Vec<_>>(), [0, 1, 2]);
        assert_eq!(visibility::crate_visible().collect::<Vec<_>>(), [7]);
    }

    /// Doc comments and attributes stay on the function. If `#[generator]`
    /// dropped the `#[cfg]`, the two `cfg_kept` below would clash.
    #[generator(yield = u8)]
    #[cfg(not(any()))]
    #[inline]
    fn cfg_kept() {
        yield_!(1);
    }

    #[generator(yield = u8)]
    #[cfg(any())]
    fn cfg_kept() {
        yield_!(2);
    }

    #[test]
    fn attributes_are_kept() {
        assert_eq!(cfg_kept().collect::<Vec<_>>(), [1]);
    }

    #[generator(yield = T)]
    fn repeat_clone<T: Clone>(value: T, times: usize) {
        for _ in 0..times {
            yield_!(value.clone());
        }
    }

    #[test]
    fn generic_function() {
        assert_eq!(repeat_clone("ab", 3).collect::<Vec<_>>(), ["ab"; 3]);
        assert_eq!(
            repeat_clone(vec![1u8], 2).collect::<Vec<_>>(),
            [vec![1], vec![1]]
        );
    }

    #[generator(yield = &'a str)]
    fn words<'a>(text: &'a str) {
        for w in text.split_whitespace() {
            yield_!(w);
        }
    }

    #[test]
    fn lifetime_parameter_in_the_yield_type() {
        let text = String::from("the quick  brown fox");
        let collected: Vec<&str> = words(&text).collect();
        assert_eq!(collected, ["the", "quick", "brown", "fox"]);
    }

    #[generator(yield = (K, usize))]
    fn key_lengths<'m, K, V>(map: &'m BTreeMap<K, V>)
    where
        K: Clone + Ord,
        V: AsRef<[u8]>,
    {
        for (k, v) in map {
            yield_!((k.clone(), v.as_ref().len()));
        }
    }

    #[test]
    fn where_clauses() {
        let map = BTreeMap::from([("b", "xyz"), ("a", "")]);
        assert_eq!(key_lengths(&map).collect::<Vec<_>>(), [("a", 0), ("b", 3)]);
    }

    #[generator(yield = u32)]
    fn doubled(items: impl IntoIterator<Item = u32>, offset: impl Into<u32>) {
        let offset = offset.into();
        for x in items {
            yield_!(x * 2 + offset);
        }
    }

    #[test]
    fn impl_trait_arguments() {
        assert_eq!(doubled(vec![1, 2, 3], 1u8).collect::<Vec<_>>(), [3, 5, 7]);
        assert_eq!(doubled(0..2, 0u16).collect::<Vec<_>>(), [0, 2]);
    }

    #[generator(yield = u8)]
    fn patterns_in_parameters((a, b): (u8, u8), [c, d]: [u8; 2], _: Trace, mut e: u8) {
        yield_!(a);
        yield_!(b);
        yield_!(c);
        yield_!(d);
        e += 1;
        yield_!(e);
    }

    #[test]
    fn parameter_patterns() {
        assert_eq!(
            patterns_in_parameters((1, 2), [3, 4], trace(), 4).collect::<Vec<_>>(),
            [1, 2, 3, 4, 5]
        );
    }

    struct Counter {
        start: u32,
        seen: Vec<u32>,
    }

    impl Counter {
        #[generator(yield = u32)]
        fn by_ref(&self) {
            for i in 0..3 {
                yield_!(self.start + i);
            }
        }

        #[generator(yield = u32)]
        fn by_mut(&mut self) -> usize {
            for i in 0..3 {
                self.seen.push(i);
                yield_!(self.seen.len() as u32);
            }
            self.seen.len()
        }

        #[generator(yield = u32)]
        fn by_value(self) {
            for x in self.seen {
                yield_!(x + self.start);
            }
        }

        #[generator(yield = u32)]
        fn by_box(self: Box<Self>) {
            yield_!(self.start);
        }

        #[generator(yield = u32)]
        fn associated(n: u32) {
            yield_!(n);
            yield_!(n + 1);
        }
    }

    #[test]
    fn methods_with_every_receiver() {
        let mut c = Counter {
            start: 10,
            seen: Vec::new(),
        };
        assert_eq!(c.by_ref().collect::<Vec<_>>(), [10, 11, 12]);
        let mut g = c.by_mut();
        assert_eq!(g.by_ref().collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(g.take_return(), Some(3));
        drop(g);
        assert_eq!(c.seen, [0, 1, 2]);
        assert_eq!(Counter::associated(5).collect::<Vec<_>>(), [5, 6]);
        let boxed = Box::new(Counter {
            start: 99,
            seen: Vec::new(),
        });
        assert_eq!(boxed.by_box().collect::<Vec<_>>(), [99]);
        assert_eq!(c.by_value().collect::<Vec<_>>(), [10, 11, 12]);
    }

    struct Wrapper<T>(Vec<T>);

    impl<T: Copy + Default + PartialEq> Wrapper<T> {
        #[generator(yield = T)]
        fn non_default(&self) {
            for &x in &self.0 {
                if x != T::default() {
                    yield_!(x);
                }
            }
        }

        #[generator(yield = (T, U))]
        fn zip_with<'a, U: Copy>(&'a self, other: &'a [U]) {
            for (&a, &b) in self.0.iter().zip(other) {
                yield_!((a, b));
            }
        }
    }

    #[test]
    fn methods_of_generic_impls() {
        let w = Wrapper(vec![0, 3, 0, 5]);
        assert_eq!(w.non_default().collect::<Vec<_>>(), [3, 5]);
        assert_eq!(
            w.zip_with(&['a', 'b']).collect::<Vec<_>>(),
            [(0, 'a'), (3, 'b')]
        );
    }

    trait Source {
        fn items(&self) -> impl Iterator<Item = u32> + '_;
    }

    struct Evens(u32);

    impl Source for Evens {
        #[generator(yield = u32)]
        fn items(&self) {
            for i in 0..self.0 {
                yield_!(i * 2);
            }
        }
    }

    struct Fixed(Vec<u32>);

    impl Source for Fixed {
        fn items(&self) -> impl Iterator<Item = u32> + '_ {
            self.0.iter().copied()
        }
    }

    fn sum_items(source: &impl Source) -> u32 {
        source.items().sum()
    }

    #[test]
    fn trait_impl_returning_impl_iterator() {
        let evens = Evens(4);
        assert_eq!(evens.items().collect::<Vec<_>>(), [0, 2, 4, 6]);
        assert_eq!(sum_items(&evens), 12);
        assert_eq!(sum_items(&Fixed(vec![1, 2])), 3);
    }
}

mod borrowing_locals_across_yields {
    //! Borrowing locals across yields.

    use super::*;

    #[generator(yield = usize)]
    fn borrows_locals() -> String {
        let text = String::from("hello big world");
        let words: Vec<&str> = text.split(' ').collect();
        for w in &words {
            yield_!(w.len());
        }
        let mut counter = 0usize;
        let r = &mut counter;
        *r += 10;
        yield_!(*r);
        *r += 1;
        yield_!(*r);
        let shortest = words.iter().min_by_key(|w| w.len()).unwrap();
        format!("{shortest}:{counter}")
    }

    #[test]
    fn locals_borrowed_across_yields() {
        let mut g = borrows_locals();
        assert_eq!(g.by_ref().collect::<Vec<_>>(), [5, 3, 5, 10, 11]);
        assert_eq!(g.take_return(), Some("big:11".to_string()));
    }

    #[generator(yield = usize)]
    fn address_of_a_local() {
        let local = [7u8; 16];
        let borrowed = &local;
        yield_!(borrowed.as_ptr().addr());
        yield_!(borrowed.as_ptr().addr());
        yield_!(borrowed.iter().map(|&b| b as usize).sum());
    }

    #[generator(yield = u32)]
    fn mutable_self_borrow() -> u32 {
        let mut n = 0u32;
        let r = &mut n;
        *r += 1;
        yield_!(*r);
        *r += 1;
        yield_!(*r);
        *r += 1;
        n
    }

    #[generator(yield = u32, no_alloc)]
    fn mutable_self_borrow_no_alloc() -> u32 {
        let mut n = 0u32;
        let r = &mut n;
        *r += 1;
        yield_!(*r);
        *r += 1;
        yield_!(*r);
        *r += 1;
        n
    }

    /// A shared reference to the generator (`is_finished(&self)`, `Debug`) must
    /// not invalidate the `&mut n` the suspended body holds: Miri checks it.
    #[test]
    fn a_mutable_borrow_of_a_local_lives_across_yields() {
        let mut g = mutable_self_borrow();
        assert_eq!(g.send(()), CoroutineState::Yielded(1));
        assert!(!g.is_finished());
        assert!(format!("{g:?}").contains("suspended"));
        assert_eq!(g.next(), Some(2));
        assert_eq!(g.send(()), CoroutineState::Complete(3));

        let mut g = pin!(mutable_self_borrow_no_alloc());
        assert_eq!(g.as_mut().send(()), CoroutineState::Yielded(1));
        assert!(!g.is_finished());
        assert_eq!(g.next(), Some(2));
        assert_eq!(g.as_mut().send(()), CoroutineState::Complete(3));
    }

    #[test]
    fn a_self_borrow_survives_moving_the_generator() {
        let mut g = address_of_a_local();
        let before = g.next().unwrap();
        let mut moved = vec![g];
        let mut g = moved.pop().unwrap();
        let after = g.next().unwrap();
        assert_eq!(before, after);
        assert_eq!(g.next(), Some(7 * 16));
    }
}

mod recursion {
    //! Recursion over trees: delegating, iterating, borrowed and owned.

    use super::*;

    enum Tree {
        Leaf,
        Node(Box<Tree>, i32, Box<Tree>),
    }

    fn node(left: Tree, value: i32, right: Tree) -> Tree {
        Tree::Node(Box::new(left), value, Box::new(right))
    }

    fn leaf(value: i32) -> Tree {
        node(Tree::Leaf, value, Tree::Leaf)
    }

    ///        4
    ///      /   \
    ///     2     6
    ///    / \   /
    ///   1   3 5
    fn sample_tree() -> Tree {
        node(node(leaf(1), 2, leaf(3)), 4, node(leaf(5), 6, Tree::Leaf))
    }

    #[generator(yield = i32)]
    fn walk_delegating(tree: &Tree) {
        if let Tree::Node(left, value, right) = tree {
            yield_from!(walk_delegating(left));
            yield_!(*value);
            yield_from!(walk_delegating(right));
        }
    }

    #[generator(yield = i32)]
    fn walk_iterating(tree: &Tree) {
        if let Tree::Node(left, value, right) = tree {
            for x in walk_iterating(left) {
                yield_!(x);
            }
            yield_!(*value);
            for x in walk_iterating(right) {
                yield_!(x);
            }
        }
    }

    #[generator(yield = &'t i32)]
    fn walk_refs<'t>(tree: &'t Tree) {
        if let Tree::Node(left, value, right) = tree {
            yield_from!(walk_refs(left));
            yield_!(value);
            yield_from!(walk_refs(right));
        }
    }

    #[generator(yield = i32)]
    fn walk_owned_delegating(tree: Tree) {
        if let Tree::Node(left, value, right) = tree {
            yield_from!(walk_owned_delegating(*left));
            yield_!(value);
            yield_from!(walk_owned_delegating(*right));
        }
    }

    #[generator(yield = i32)]
    fn walk_owned_iterating(tree: Tree) {
        if let Tree::Node(left, value, right) = tree {
            for x in walk_owned_iterating(*left) {
                yield_!(x);
            }
            yield_!(value);
            for x in walk_owned_iterating(*right) {
                yield_!(x);
            }
        }
    }

    /// Yields the depth of every node (pre-order) and returns the subtree's sum.
    #[generator(yield = (usize, i32))]
    fn depths_and_sum(tree: &Tree, depth: usize) -> i32 {
        match tree {
            Tree::Leaf => 0,
            Tree::Node(left, value, right) => {
                yield_!((depth, *value));
                let l = yield_from!(depths_and_sum(left, depth + 1));
                let r = yield_from!(depths_and_sum(right, depth + 1));
                l + *value + r
            }
        }
    }

    #[test]
    fn recursion_over_a_borrowed_tree() {
        let tree = sample_tree();
        assert_eq!(
            walk_delegating(&tree).collect::<Vec<_>>(),
            [1, 2, 3, 4, 5, 6]
        );
        assert_eq!(
            walk_iterating(&tree).collect::<Vec<_>>(),
            [1, 2, 3, 4, 5, 6]
        );
        assert_eq!(
            walk_refs(&tree).copied().collect::<Vec<_>>(),
            [1, 2, 3, 4, 5, 6]
        );
        let mut g = depths_and_sum(&tree, 0);
        assert_eq!(
            g.by_ref().collect::<Vec<_>>(),
            [(0, 4), (1, 2), (2, 1), (2, 3), (1, 6), (2, 5)]
        );
        assert_eq!(g.take_return(), Some(21));
    }

    #[test]
    fn recursion_over_an_owned_tree() {
        assert_eq!(
            walk_owned_delegating(sample_tree()).collect::<Vec<_>>(),
            [1, 2, 3, 4, 5, 6]
        );
        assert_eq!(
            walk_owned_iterating(sample_tree()).collect::<Vec<_>>(),
            [1, 2, 3, 4, 5, 6]
        );
    }

    #[test]
    fn recursion_over_a_deep_degenerate_tree() {
        // A list-shaped tree: each level delegates to the next.
        let depth = if cfg!(miri) { 50 } else { 2_000 };
        let mut tree = Tree::Leaf;
        for v in (0..depth).rev() {
            tree = node(Tree::Leaf, v, tree);
        }
        let expected: Vec<i32> = (0..depth).collect();
        assert_eq!(walk_delegating(&tree).collect::<Vec<_>>(), expected);
        assert_eq!(walk_owned_delegating(tree).collect::<Vec<_>>(), expected);
    }
}

mod expression_form {
    //! The expression form: `gen_!`.

    use super::*;

    #[test]
    fn gen_block_infers_the_yield_type() {
        let g = gen_! {
            yield_!(1u8);
            yield_!(2);
        };
        let collected: Vec<u8> = g.collect();
        assert_eq!(collected, [1, 2]);
    }

    #[test]
    fn gen_block_captures_by_move() {
        let data = Rc::new(vec![3, 1, 2]);
        let weak = Rc::downgrade(&data);
        let mut g = gen_! {
            for x in data.iter() {
                yield_!(*x);
            }
        };
        // `data` moved into the generator: it lives exactly as long as `g`.
        assert_eq!(weak.strong_count(), 1);
        assert_eq!(g.next(), Some(3));
        drop(g);
        assert_eq!(weak.strong_count(), 0);
    }

    #[test]
    fn gen_block_is_lazy_and_returns_a_value() {
        let t = trace();
        let t2 = t.clone();
        let mut g = gen_! {
            log(&t2, "started");
            yield_!('a');
            "done"
        };
        assert_eq!(taken(&t), Vec::<String>::new());
        assert_eq!(g.next(), Some('a'));
        assert_eq!(taken(&t), ["started"]);
        assert_eq!(g.next(), None);
        assert_eq!(g.take_return(), Some("done"));
    }

    #[test]
    fn gen_block_with_arguments() {
        let mut g = gen_! {
            #![generator(yield = i32, resume = i32, first_resume = start)]
            let mut acc = start;
            loop {
                let x = yield_!(acc);
                if x == 0 {
                    break acc;
                }
                acc *= x;
            }
        };
        assert_eq!(g.send(2), CoroutineState::Yielded(2));
        assert_eq!(g.send(3), CoroutineState::Yielded(6));
        assert_eq!(g.send(7), CoroutineState::Yielded(42));
        assert_eq!(g.send(0), CoroutineState::Complete(42));
    }

    #[test]
    fn gen_block_from_a_closure_and_with_yield_from() {
        let range = |n: u32| gen_! { for i in 0..n { yield_!(i) } };
        let both = gen_! {
            yield_from!(range(2));
            yield_from!(range(3));
            yield_from!([9, 9]);
        };
        assert_eq!(both.collect::<Vec<_>>(), [0, 1, 0, 1, 2, 9, 9]);
    }

    #[test]
    fn gen_block_no_alloc() {
        let base = 10u64;
        let g = pin!(gen_! {
            #![generator(yield = u64, no_alloc)]
            for i in 0..3 {
                yield_!(base + i);
            }
        });
        assert_eq!(g.collect::<Vec<_>>(), [10, 11, 12]);
    }
}

mod no_alloc_generators {
    //! `no_alloc` generators.

    use super::*;

    #[generator(yield = i32, resume = i32, no_alloc)]
    fn no_alloc_doubler() -> &'static str {
        let mut x = yield_!(0);
        while x >= 0 {
            x = yield_!(x * 2);
        }
        "negative"
    }

    #[generator(yield = u32, no_alloc)]
    fn no_alloc_outer() -> u32 {
        let a = yield_from!(squares(2));
        let mut inner = pin!(squares(3));
        let b = yield_from!(inner.as_mut());
        a + b
    }

    #[test]
    fn no_alloc_iterates_when_pinned() {
        let mut g = pin!(squares(4));
        assert_eq!(g.as_mut().collect::<Vec<_>>(), [1, 4, 9, 16]);
        assert_eq!(g.as_mut().take_return(), Some(30));
        assert!(g.is_finished());
        assert_eq!(g.next(), None);
    }

    #[test]
    fn no_alloc_send_and_resume() {
        let mut g = pin!(no_alloc_doubler());
        assert_eq!(g.as_mut().send(100), CoroutineState::Yielded(0));
        assert_eq!(g.as_mut().send(4), CoroutineState::Yielded(8));
        assert_eq!(g.as_mut().resume(21), CoroutineState::Yielded(42));
        assert_eq!(g.as_mut().send(-1), CoroutineState::Complete("negative"));
        assert!(g.is_finished());
    }

    #[test]
    fn no_alloc_delegates_to_no_alloc() {
        let mut g = pin!(no_alloc_outer());
        assert_eq!(g.as_mut().collect::<Vec<_>>(), [1, 4, 1, 4, 9]);
        assert_eq!(g.as_mut().take_return(), Some(5 + 14));
    }

    #[test]
    fn no_alloc_close() {
        let mut g = pin!(squares(10));
        assert_eq!(g.next(), Some(1));
        g.as_mut().close();
        assert!(g.is_finished());
        assert_eq!(g.next(), None);
        assert_eq!(g.as_mut().take_return(), None);
    }
}

mod iterator_debug_and_coroutine_impls {
    //! `Iterator`, `FusedIterator`, `Debug` and the `Coroutine` impls of wrappers.

    use super::*;

    fn assert_fused<I: FusedIterator>(_: &I) {}

    #[test]
    fn fused_iterator() {
        let mut g = three_then("x");
        assert_fused(&g);
        assert_fused(&pin!(squares(1)).as_mut());
        assert_eq!(g.by_ref().count(), 3);
        for _ in 0..3 {
            assert_eq!(g.next(), None);
        }
        assert!(g.is_finished());
    }

    #[test]
    fn for_loops_and_adapters() {
        let mut seen = Vec::new();
        for x in three_then("x") {
            seen.push(x);
        }
        assert_eq!(seen, [1, 2, 3]);
        let mut g = jumping_range(6);
        let firsts: Vec<i32> = g.by_ref().take(2).collect();
        assert_eq!(firsts, [0, 1]);
        assert_eq!(g.map(|x| x * 10).collect::<Vec<_>>(), [20, 30, 40, 50]);
    }

    #[test]
    fn debug_shows_the_state() {
        let mut g = three_then("x");
        let state = |g: &Gen<_>| format!("{g:?}");
        assert!(state(&g).starts_with("Gen"), "{}", state(&g));
        assert!(state(&g).contains("unresumed"), "{}", state(&g));
        g.next();
        assert!(state(&g).contains("suspended"), "{}", state(&g));
        g.by_ref().for_each(drop);
        assert!(state(&g).contains("returned"), "{}", state(&g));
        let mut g = three_then("x");
        g.next();
        g.close();
        assert!(state(&g).contains("closed"), "{}", state(&g));

        let g = pin!(squares(2));
        let text = format!("{g:?}");
        assert!(
            text.starts_with("NoAllocGen") && text.contains("unresumed"),
            "{text}"
        );
    }

    /// Drives any coroutine taking `i32` to its end, sending 1, 2, 3, ...
    fn drive_to_end<C>(coroutine: C) -> (Vec<i32>, i32)
    where
        C: Coroutine<i32, Yield = i32, Return = i32>,
    {
        let mut c = pin!(coroutine);
        let mut yielded = Vec::new();
        let mut arg = 0;
        loop {
            match c.as_mut().resume(arg) {
                CoroutineState::Yielded(y) => yielded.push(y),
                CoroutineState::Complete(r) => return (yielded, r),
            }
            arg += 1;
        }
    }

    #[generator(yield = i32, resume = i32)]
    fn sum_three() -> i32 {
        let a = yield_!(-1);
        let b = yield_!(-2);
        let c = yield_!(-3);
        a * 100 + b * 10 + c
    }

    #[generator(yield = i32, resume = i32, no_alloc)]
    fn sum_three_no_alloc() -> i32 {
        let a = yield_!(-1);
        let b = yield_!(-2);
        let c = yield_!(-3);
        a * 100 + b * 10 + c
    }

    #[test]
    fn coroutine_impls_of_references_pins_and_boxes() {
        let expected = (vec![-1, -2, -3], 123);
        assert_eq!(drive_to_end(sum_three()), expected);

        let mut g = sum_three();
        assert_eq!(drive_to_end(&mut g), expected);
        assert!(g.is_finished());

        let mut g = pin!(sum_three_no_alloc());
        assert_eq!(drive_to_end(g.as_mut()), expected);
        assert!(g.is_finished());

        let g: Pin<Box<_>> = Box::pin(sum_three_no_alloc());
        assert_eq!(drive_to_end(g), expected);
        assert_eq!(drive_to_end(Box::new(sum_three())), expected);

        let mut g = sum_three();
        assert_eq!(drive_to_end(Pin::new(&mut g)), expected);
    }

    #[test]
    fn the_return_type_names_the_body() {
        fn boxed_counter() -> Gen<impl Body<Yield = u32, Resume = (), Return = ()>> {
            gen_! { for i in 0..2u32 { yield_!(i) } }
        }
        fn takes_gen<B: Body<Yield = u32, Resume = ()>>(g: Gen<B>) -> Vec<u32> {
            g.collect()
        }
        assert_eq!(takes_gen(boxed_counter()), [0, 1]);
        assert_eq!(takes_gen(visibility::public(2)), [0, 1]);
    }
}
