//! Generators that have to go somewhere: the erased types (`LocalBoxGen`,
//! `BoxGen` and their async forms) in struct fields, `IntoIterator` impls,
//! other threads and `yield_from!`; generator methods declared in traits;
//! `yield_from!` without a `Default` resume; the borrowing `gen_ref!`.

use std::cell::RefCell;
use std::rc::Rc;

use coyield::{
    BoxAsyncGen, BoxGen, Coroutine, CoroutineState, LocalBoxAsyncGen, LocalBoxGen, gen_, gen_ref,
    generator, yield_, yield_from,
};

mod common;
use common::{block_on_noop, taken, trace};

/// A bag of numbers, iterable by reference through an erased generator.
struct Bag(Vec<u32>);

#[generator(yield = &'a u32)]
fn items<'a>(bag: &'a Bag) {
    for x in &bag.0 {
        yield_!(x);
    }
}

impl<'a> IntoIterator for &'a Bag {
    type Item = &'a u32;
    // What `impl Iterator` cannot be here (it is unstable in this place).
    type IntoIter = LocalBoxGen<'a, &'a u32>;

    fn into_iter(self) -> Self::IntoIter {
        items(self).boxed_local()
    }
}

/// A struct holding a generator it resumes with values.
struct Accumulator {
    totals: LocalBoxGen<'static, i32, i32, i32>,
}

#[generator(yield = i32, resume = i32)]
fn running_total() -> i32 {
    let mut total = 0;
    while total < 10 {
        total += yield_!(total);
    }
    total
}

mod erased_types {
    use super::*;

    #[test]
    fn into_iterator_for_a_reference_and_a_struct_field() {
        let bag = Bag(vec![3, 1, 4]);
        let mut seen = Vec::new();
        for x in &bag {
            seen.push(*x);
        }
        assert_eq!(seen, [3, 1, 4]);
        assert_eq!((&bag).into_iter().copied().sum::<u32>(), 8);

        let mut acc = Accumulator {
            totals: running_total().boxed_local(),
        };
        assert_eq!(acc.totals.send(0), CoroutineState::Yielded(0));
        assert_eq!(acc.totals.send(4), CoroutineState::Yielded(4));
        assert_eq!(acc.totals.send(7), CoroutineState::Complete(11));
        assert!(acc.totals.is_finished());
        assert_eq!(
            format!("{:?}", acc.totals),
            "LocalBoxGen { state: \"returned\", .. }"
        );
    }

    /// It keeps what its source had: `take_return`, `close`, `Coroutine`,
    /// `Debug`, `FusedIterator`.
    #[test]
    fn everything_of_the_source_generator() {
        #[generator(yield = u8)]
        fn two() -> &'static str {
            yield_!(1);
            yield_!(2);
            "done"
        }
        let mut g: LocalBoxGen<'_, u8, (), &str> = two().boxed_local();
        assert_eq!(format!("{g:?}"), "LocalBoxGen { state: \"unresumed\", .. }");
        assert_eq!(
            std::pin::Pin::new(&mut g).resume(()),
            CoroutineState::Yielded(1)
        );
        assert_eq!(g.by_ref().collect::<Vec<_>>(), [2]);
        assert_eq!(g.next(), None);
        assert_eq!(g.take_return(), Some("done"));

        let t = trace();
        let t2 = t.clone();
        let mut g = gen_! {
            let _guard = common::guard(&t2, "local");
            yield_!(1u8);
            yield_!(2u8);
        }
        .boxed_local();
        assert_eq!(g.next(), Some(1));
        g.close();
        assert_eq!(taken(&t), ["drop local"]);
        assert!(g.is_finished());
        assert_eq!(g.next(), None);
    }

    #[test]
    fn the_send_flavour_crosses_threads() {
        #[generator(yield = u64)]
        fn squares(n: u64) -> u64 {
            for i in 0..n {
                yield_!(i * i);
            }
            n
        }
        let g: BoxGen<'static, u64, (), u64> = squares(4).boxed();
        let (sum, returned) = std::thread::spawn(move || {
            let mut g = g;
            let sum = g.by_ref().sum::<u64>();
            (sum, g.take_return())
        })
        .join()
        .unwrap();
        assert_eq!((sum, returned), (14, Some(4)));

        // Shared across threads too: `&BoxGen` reads only the status.
        let g = squares(1).boxed();
        std::thread::scope(|s| {
            s.spawn(|| assert!(!g.is_finished()));
        });
        // And it converts into the local flavour without a new allocation.
        let local: LocalBoxGen<'static, u64, (), u64> = g.into();
        assert_eq!(local.collect::<Vec<_>>(), [0]);
    }

    /// A recursive generator returning the erased type delegates to itself
    /// 10,000 levels deep, depth-independently: each resume polls a bounded
    /// number of bodies, on a bounded stack.
    #[test]
    fn yield_from_an_erased_generator_10_000_deep() {
        fn countdown(n: u32) -> LocalBoxGen<'static, u32, (), u32> {
            gen_! {
                #![generator(yield = u32)]
                if n == 0 {
                    return 0;
                }
                yield_!(n);
                let below = yield_from!(countdown(n - 1));
                below + 1
            }
            .boxed_local()
        }
        const DEPTH: u32 = if cfg!(miri) { 200 } else { 10_000 };
        let mut g = countdown(DEPTH);
        let all = g.by_ref().collect::<Vec<_>>();
        assert_eq!(all.len(), DEPTH as usize);
        assert_eq!((all[0], all[all.len() - 1]), (DEPTH, 1));
        assert_eq!(g.take_return(), Some(DEPTH));
    }
}

/// A trait with generator methods: declared once, implemented with
/// `#[generator]`, one implementation recursive through `yield_from!`.
trait Shape {
    #[generator(yield = u32)]
    fn corners(&self);

    /// A default method with a body.
    #[generator(yield = u32)]
    fn twice(&self) {
        yield_from!(self.corners());
        yield_from!(self.corners());
    }
}

struct Square;

impl Shape for Square {
    #[generator(yield = u32)]
    fn corners(&self) {
        for i in 0..4 {
            yield_!(i);
        }
    }
}

/// Nested squares: its corners, then those of the shape inside.
struct Nested(u32, Option<Box<Nested>>);

impl Shape for Nested {
    #[generator(yield = u32)]
    fn corners(&self) {
        yield_!(self.0);
        if let Some(inner) = &self.1 {
            yield_from!(inner.corners());
        }
    }
}

/// An async generator method that every implementation must make `Send`.
trait Feed {
    #[generator(yield = u32, send)]
    async fn items(&self);
}

struct Numbers(Vec<u32>);

impl Feed for Numbers {
    #[generator(yield = u32, send)]
    async fn items(&self) {
        for &x in &self.0 {
            yield_!(x);
        }
    }
}

fn assert_send<T: Send>(_: &T) {}

mod traits {
    use super::*;

    #[test]
    fn a_trait_declares_generator_methods() {
        assert_eq!(Square.corners().collect::<Vec<_>>(), [0, 1, 2, 3]);
        assert_eq!(Square.twice().count(), 8);
        let nested = Nested(
            1,
            Some(Box::new(Nested(2, Some(Box::new(Nested(3, None)))))),
        );
        assert_eq!(nested.corners().collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(nested.twice().collect::<Vec<_>>(), [1, 2, 3, 1, 2, 3]);

        // Through a generic function, which sees only the declaration.
        fn total(shape: &impl Shape) -> u32 {
            shape.corners().sum()
        }
        assert_eq!(total(&Square) + total(&nested), 6 + 6);
    }

    #[test]
    fn an_async_method_declared_send() {
        fn items_of<F: Feed>(feed: &F) -> Vec<u32> {
            let g = feed.items();
            // The declaration promises `Send` for every implementation.
            assert_send(&g);
            block_on_noop(async move {
                let mut g = g;
                let mut all = Vec::new();
                while let Some(x) = g.next().await {
                    all.push(x);
                }
                all
            })
        }
        assert_eq!(items_of(&Numbers(vec![5, 6])), [5, 6]);
    }
}

/// A declaration that says its implementations read their first resume's
/// argument: delegated to through it, the delegate starts with
/// `R::default()` when the delegator took the argument already.
trait Source {
    #[generator(yield = u32, resume = u32, first_resume = first)]
    fn numbers(&self);
}

struct Echoes;

impl Source for Echoes {
    #[generator(yield = u32, resume = u32, first_resume = first)]
    fn numbers(&self) {
        let second = yield_!(first + 100);
        yield_!(second + 100);
    }
}

mod traits_with_first_resume {
    use super::*;

    #[generator(yield = u32, resume = u32)]
    fn through<S: Source>(source: &S) {
        yield_!(0);
        yield_from!(source.numbers());
    }

    /// A declaration that does not say so, of an implementation that reads
    /// its first argument.
    trait Quiet {
        #[generator(yield = u32, resume = u32)]
        fn numbers(&self);
    }

    impl Quiet for Echoes {
        #[generator(yield = u32, resume = u32, first_resume = first)]
        fn numbers(&self) {
            yield_!(first + 200);
        }
    }

    #[generator(yield = u32, resume = u32)]
    fn through_quiet<S: Quiet>(source: &S) {
        yield_!(0);
        yield_from!(source.numbers());
    }

    /// The resume type has a default: `yield_from!` starts the delegate
    /// with it whatever its type shows.
    #[test]
    fn an_undeclared_first_resume_gets_the_default_too() {
        let mut g = through_quiet(&Echoes);
        assert_eq!(g.send(1), CoroutineState::Yielded(0));
        assert_eq!(g.send(2), CoroutineState::Yielded(200));
        assert_eq!(g.send(3), CoroutineState::Complete(()));
    }

    #[test]
    fn a_declared_first_resume_gets_the_default() {
        let mut g = through(&Echoes);
        assert_eq!(g.send(1), CoroutineState::Yielded(0));
        // `2` was taken by `yield_!(0)`: the delegate's first is `0`.
        assert_eq!(g.send(2), CoroutineState::Yielded(100));
        assert_eq!(g.send(3), CoroutineState::Yielded(103));
        assert_eq!(g.send(4), CoroutineState::Complete(()));
    }
}

mod delegation_without_default {
    use super::*;

    /// A resume type without `Default`.
    #[derive(Debug, PartialEq)]
    enum Command {
        Add(u32),
        Stop,
    }

    /// Reads no first argument: a delegate that needs none made up.
    #[generator(yield = u32, resume = Command)]
    fn adder() -> u32 {
        let mut total = 0;
        loop {
            match yield_!(total) {
                Command::Add(n) => total += n,
                Command::Stop => return total,
            }
        }
    }

    #[generator(yield = u32, resume = Command)]
    fn boss() -> u32 {
        let first = yield_!(100);
        assert_eq!(first, Command::Add(0));
        // This resume's argument was taken above: the delegate starts
        // without one, which it never reads.
        let total = yield_from!(adder());
        total * 2
    }

    /// A delegate that already started, taken over after the delegating
    /// body took the resume's argument: its pending `yield_!` gets
    /// `R::default()` (Python sends `None`).
    #[test]
    fn a_started_delegate_gets_the_default() {
        #[generator(yield = u32, resume = u32)]
        fn doubler() {
            let mut x = 0;
            loop {
                x = yield_!(x * 2);
            }
        }
        let mut started = doubler();
        assert_eq!(started.send(7), CoroutineState::Yielded(0));
        assert_eq!(started.send(5), CoroutineState::Yielded(10));
        let mut outer = gen_! {
            #![generator(yield = u32, resume = u32)]
            yield_!(100);
            yield_from!(&mut started);
        };
        assert_eq!(outer.send(1), CoroutineState::Yielded(100));
        assert_eq!(outer.send(2), CoroutineState::Yielded(0));
        assert_eq!(outer.send(3), CoroutineState::Yielded(6));
    }

    #[test]
    fn a_delegate_without_first_resume_needs_no_default() {
        let mut g = boss();
        assert_eq!(g.send(Command::Stop), CoroutineState::Yielded(100));
        assert_eq!(g.send(Command::Add(0)), CoroutineState::Yielded(0));
        assert_eq!(g.send(Command::Add(2)), CoroutineState::Yielded(2));
        assert_eq!(g.send(Command::Add(3)), CoroutineState::Yielded(5));
        assert_eq!(g.send(Command::Stop), CoroutineState::Complete(10));
    }
}

mod borrowing_blocks {
    use super::*;

    #[test]
    fn gen_ref_borrows_and_the_owner_keeps_the_value() {
        let words = vec![String::from("one"), String::from("three")];
        let log = RefCell::new(Vec::new());
        {
            let lengths = gen_ref! {
                for w in &words {
                    log.borrow_mut().push(w.clone());
                    yield_!(w.len());
                }
            };
            assert_eq!(lengths.collect::<Vec<_>>(), [3, 5]);
        }
        // Used after the generator is dropped: it was only borrowed.
        assert_eq!(words, ["one", "three"]);
        assert_eq!(log.into_inner(), ["one", "three"]);
    }

    #[test]
    fn async_gen_ref_borrows() {
        let base = 10;
        let shared = Rc::new(3);
        let numbers = coyield::async_gen_ref! {
            for i in 0..*shared {
                yield_!(base + i);
            }
        };
        let all = block_on_noop(async move {
            let mut numbers = numbers;
            let mut all = Vec::new();
            while let Some(n) = numbers.next().await {
                all.push(n);
            }
            all
        });
        assert_eq!(all, [10, 11, 12]);
        assert_eq!(Rc::strong_count(&shared), 1);
    }
}

mod async_erased {
    use super::*;

    #[generator(yield = u32)]
    async fn ticks(n: u32) -> u32 {
        for i in 0..n {
            tokio::task::yield_now().await;
            yield_!(i);
        }
        n
    }

    #[test]
    #[cfg_attr(miri, ignore)] // tokio's runtime
    fn the_send_flavour_under_tokio() {
        // `tokio::spawn` requires a `Send` future: the erased generator in it
        // must be `Send`.
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let (all, returned) = runtime.block_on(async {
            let mut g: BoxAsyncGen<'static, u32, (), u32> = ticks(3).boxed();
            tokio::spawn(async move {
                let mut all = Vec::new();
                while let Some(i) = g.next().await {
                    all.push(i);
                }
                (all, g.take_return())
            })
            .await
            .unwrap()
        });
        assert_eq!((all, returned), (vec![0, 1, 2], Some(3)));
    }

    #[generator(yield = u32, resume = u32)]
    async fn doubler() {
        let mut x = 0;
        loop {
            coyield::rt::yield_now().await;
            x = yield_!(x * 2);
        }
    }

    #[test]
    fn the_local_flavour_under_coyield_rt() {
        let out = coyield::rt::block_on(async {
            let mut g: LocalBoxAsyncGen<'static, u32, u32> = doubler().boxed_local();
            let mut out = Vec::new();
            for v in [0, 5, 21] {
                out.push(g.send(v).await);
            }
            // And delegated to, from an async generator: the first resume's
            // argument, `0`, goes to the delegate's pending yield (PEP 380).
            let mut outer = coyield::async_gen_! {
                #![generator(yield = u32, resume = u32)]
                yield_from!(g);
            };
            out.push(outer.send(0).await);
            out.push(outer.send(8).await);
            out
        });
        use CoroutineState::Yielded;
        assert_eq!(
            out,
            [
                Yielded(0),
                Yielded(10),
                Yielded(42),
                Yielded(0),
                Yielded(16)
            ]
        );
    }
}
