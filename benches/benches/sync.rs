//! Sync generators against a hand-written `Iterator` and the other stable
//! generator crates (issue 2, SPEC.md "Performance"): yields in a summing
//! loop, yields through `&mut dyn Iterator` and through the erased types'
//! own `next`, creating and draining a 3-item
//! generator, resuming with a value, and allocations.
//!
//! Every consumer passes each item through `black_box`, so no implementation
//! can be folded into a closed form; each measured function is
//! `#[inline(never)]` so it can be found in a disassembly or a callgrind
//! profile (`--toggle-collect='*sum_coyield*'`, with `BENCH_ROUNDS=1`).

use std::hint::black_box;
use std::pin::pin;

use corosensei::stack::DefaultStack;
use corosensei::{CoroutineResult, Yielder};
use coyield::{Coroutine, CoroutineState, generator, yield_};
use coyield_benches::{
    Count, Goals, Row, Table, count, count_allocations, count_no_alloc, drain, scaled,
};
use genawaiter::GeneratorState;

#[global_allocator]
static ALLOC: coyield_benches::CountingAlloc = coyield_benches::CountingAlloc;

const COLUMNS: [&str; 8] = [
    "hand",
    "coyield",
    "no_alloc",
    "ga stack",
    "ga rc",
    "ga sync",
    "next-gen",
    "corosensei",
];
const HAND: usize = 0;
const COYIELD: usize = 1;
const NO_ALLOC: usize = 2;

// ---------------------------------------------------------------------------
// The generators, once per implementation.

#[generator(yield = u64)]
fn three(base: u64) {
    yield_!(base);
    yield_!(base + 1);
    yield_!(base + 2);
}

#[generator(yield = u64, no_alloc)]
fn three_no_alloc(base: u64) {
    yield_!(base);
    yield_!(base + 1);
    yield_!(base + 2);
}

/// `three_no_alloc` written as a loop, the shape of the range-like
/// hand-written iterator.
#[generator(yield = u64, no_alloc)]
fn three_no_alloc_loop(base: u64) {
    for i in base..base + 3 {
        yield_!(i);
    }
}

/// The hand-written equivalent of `running_sum`.
struct RunningSum {
    total: u64,
}

impl RunningSum {
    #[inline]
    fn resume(&mut self, v: u64) -> u64 {
        self.total = self.total.wrapping_add(v);
        self.total
    }
}

/// Yields the sum of the values it was resumed with (the first one, which
/// starts the body, is dropped).
#[generator(yield = u64, resume = u64)]
fn running_sum() {
    let mut total = 0_u64;
    loop {
        let v = yield_!(total);
        total = total.wrapping_add(v);
    }
}

#[generator(yield = u64, resume = u64, no_alloc)]
fn running_sum_no_alloc() {
    let mut total = 0_u64;
    loop {
        let v = yield_!(total);
        total = total.wrapping_add(v);
    }
}

/// next-gen's generators, in a module of their own: its prelude has its own
/// `generator` and `yield_!`.
mod ng {
    use next_gen::prelude::*;

    #[generator(yield(u64))]
    pub(crate) fn count(n: u64) {
        for i in 0..n {
            yield_!(i);
        }
    }

    #[generator(yield(u64))]
    pub(crate) fn three(base: u64) {
        yield_!(base);
        yield_!(base + 1);
        yield_!(base + 2);
    }

    #[generator(yield(u64), resume(u64))]
    pub(crate) fn running_sum() {
        let mut total = 0_u64;
        loop {
            let v = yield_!(total);
            total = total.wrapping_add(v);
        }
    }
}
use ng::{count as ng_count, running_sum as ng_running_sum, three as ng_three};

/// corosensei's coroutines have no `Iterator` impl; this is the obvious one.
struct CoroIter(corosensei::Coroutine<(), u64, ()>);

impl Iterator for CoroIter {
    type Item = u64;

    #[inline]
    fn next(&mut self) -> Option<u64> {
        match self.0.resume(()) {
            CoroutineResult::Yield(value) => Some(value),
            CoroutineResult::Return(()) => None,
        }
    }
}

fn coro_count(n: u64) -> CoroIter {
    CoroIter(corosensei::Coroutine::new(
        move |y: &Yielder<(), u64>, ()| {
            for i in 0..n {
                y.suspend(i);
            }
        },
    ))
}

fn coro_running_sum() -> corosensei::Coroutine<u64, u64, ()> {
    corosensei::Coroutine::new(|y: &Yielder<u64, u64>, _first: u64| {
        let mut total = 0_u64;
        loop {
            let v = y.suspend(total);
            total = total.wrapping_add(v);
        }
    })
}

// ---------------------------------------------------------------------------
// 1. The summing loop: 10M items, each through `black_box`.

#[inline(never)]
fn sum_hand(n: u64) -> u64 {
    drain(Count { next: 0, end: n })
}

#[inline(never)]
fn sum_coyield(n: u64) -> u64 {
    drain(count(n))
}

#[inline(never)]
fn sum_no_alloc(n: u64) -> u64 {
    drain(pin!(count_no_alloc(n)))
}

#[inline(never)]
fn sum_ga_stack(n: u64) -> u64 {
    genawaiter::stack::let_gen_using!(g, |co: genawaiter::stack::Co<'_, u64>| async move {
        for i in 0..n {
            co.yield_(i).await;
        }
    });
    drain(g)
}

#[inline(never)]
fn sum_ga_rc(n: u64) -> u64 {
    drain(genawaiter::rc::Gen::new(|co| async move {
        for i in 0..n {
            co.yield_(i).await;
        }
    }))
}

#[inline(never)]
fn sum_ga_sync(n: u64) -> u64 {
    drain(genawaiter::sync::Gen::new(|co| async move {
        for i in 0..n {
            co.yield_(i).await;
        }
    }))
}

#[inline(never)]
fn sum_next_gen(n: u64) -> u64 {
    next_gen::mk_gen!(let g = ng_count(n));
    drain(g)
}

#[inline(never)]
fn sum_corosensei(n: u64) -> u64 {
    drain(coro_count(n))
}

// ---------------------------------------------------------------------------
// 2. The same through `&mut dyn Iterator`: one indirect call per item.

#[inline(never)]
fn sum_dyn(items: &mut dyn Iterator<Item = u64>) -> u64 {
    let mut sum = 0_u64;
    for x in items {
        sum = sum.wrapping_add(black_box(x));
    }
    sum
}

/// Hides which iterator `sum_dyn` gets, so that it cannot be devirtualised.
fn opaque(items: &mut dyn Iterator<Item = u64>) -> &mut dyn Iterator<Item = u64> {
    black_box(items)
}

#[inline(never)]
fn dyn_hand(n: u64) -> u64 {
    sum_dyn(opaque(&mut Count { next: 0, end: n }))
}

#[inline(never)]
fn dyn_coyield(n: u64) -> u64 {
    sum_dyn(opaque(&mut count(n)))
}

#[inline(never)]
fn dyn_no_alloc(n: u64) -> u64 {
    sum_dyn(opaque(&mut pin!(count_no_alloc(n))))
}

#[inline(never)]
fn dyn_ga_stack(n: u64) -> u64 {
    genawaiter::stack::let_gen_using!(g, |co: genawaiter::stack::Co<'_, u64>| async move {
        for i in 0..n {
            co.yield_(i).await;
        }
    });
    sum_dyn(opaque(&mut g.into_iter()))
}

#[inline(never)]
fn dyn_ga_rc(n: u64) -> u64 {
    let g = genawaiter::rc::Gen::new(|co| async move {
        for i in 0..n {
            co.yield_(i).await;
        }
    });
    sum_dyn(opaque(&mut g.into_iter()))
}

#[inline(never)]
fn dyn_ga_sync(n: u64) -> u64 {
    let g = genawaiter::sync::Gen::new(|co| async move {
        for i in 0..n {
            co.yield_(i).await;
        }
    });
    sum_dyn(opaque(&mut g.into_iter()))
}

#[inline(never)]
fn dyn_next_gen(n: u64) -> u64 {
    next_gen::mk_gen!(let mut g = ng_count(n));
    sum_dyn(opaque(&mut g))
}

#[inline(never)]
fn dyn_corosensei(n: u64) -> u64 {
    sum_dyn(opaque(&mut coro_count(n)))
}

// ---------------------------------------------------------------------------
// 2b. The erased types through their own `next`: the indirect call is theirs.

/// Sums an erased generator through its `next` (one call through the
/// erased generator's vtable), in a function of its own per erased type.
#[inline(never)]
fn sum_erased(items: &mut impl Iterator<Item = u64>) -> u64 {
    let mut sum = 0_u64;
    for x in items {
        sum = sum.wrapping_add(black_box(x));
    }
    sum
}

#[inline(never)]
fn erased_local(n: u64) -> u64 {
    sum_erased(black_box(&mut count(n).boxed_local()))
}

#[inline(never)]
fn erased_send(n: u64) -> u64 {
    sum_erased(black_box(&mut count(n).boxed()))
}

#[inline(never)]
fn erased_no_alloc(n: u64) -> u64 {
    sum_erased(black_box(&mut count_no_alloc(n).boxed_local()))
}

// ---------------------------------------------------------------------------
// 3. Create and drain a 3-item generator, in a function that is not inlined.

#[inline(never)]
fn three_hand(base: u64) -> u64 {
    drain(Count {
        next: base,
        end: base + 3,
    })
}

/// A second hand-written shape of `three`: one state per `yield_!`, which is
/// what a generator body compiles to.
enum ThreeStates {
    First(u64),
    Second(u64),
    Third(u64),
    Done,
}

impl Iterator for ThreeStates {
    type Item = u64;

    #[inline]
    fn next(&mut self) -> Option<u64> {
        let (value, next) = match *self {
            ThreeStates::First(base) => (base, ThreeStates::Second(base)),
            ThreeStates::Second(base) => (base + 1, ThreeStates::Third(base)),
            ThreeStates::Third(base) => (base + 2, ThreeStates::Done),
            ThreeStates::Done => return None,
        };
        *self = next;
        Some(value)
    }
}

#[inline(never)]
fn three_hand_states(base: u64) -> u64 {
    drain(ThreeStates::First(base))
}

#[inline(never)]
fn three_coyield(base: u64) -> u64 {
    drain(three(base))
}

#[inline(never)]
fn three_no_alloc_loop_(base: u64) -> u64 {
    drain(pin!(three_no_alloc_loop(base)))
}

#[inline(never)]
fn three_no_alloc_(base: u64) -> u64 {
    drain(pin!(three_no_alloc(base)))
}

#[inline(never)]
fn three_ga_stack(base: u64) -> u64 {
    genawaiter::stack::let_gen_using!(g, |co: genawaiter::stack::Co<'_, u64>| async move {
        co.yield_(base).await;
        co.yield_(base + 1).await;
        co.yield_(base + 2).await;
    });
    drain(g)
}

#[inline(never)]
fn three_ga_rc(base: u64) -> u64 {
    drain(genawaiter::rc::Gen::new(|co| async move {
        co.yield_(base).await;
        co.yield_(base + 1).await;
        co.yield_(base + 2).await;
    }))
}

#[inline(never)]
fn three_ga_sync(base: u64) -> u64 {
    drain(genawaiter::sync::Gen::new(|co| async move {
        co.yield_(base).await;
        co.yield_(base + 1).await;
        co.yield_(base + 2).await;
    }))
}

#[inline(never)]
fn three_next_gen(base: u64) -> u64 {
    next_gen::mk_gen!(let g = ng_three(base));
    drain(g)
}

/// With a stack kept from the previous call: a new one is an `mmap`.
#[inline(never)]
fn three_corosensei(base: u64, stack: DefaultStack) -> (u64, DefaultStack) {
    let mut co = corosensei::Coroutine::with_stack(stack, move |y: &Yielder<(), u64>, ()| {
        y.suspend(base);
        y.suspend(base + 1);
        y.suspend(base + 2);
    });
    let mut sum = 0_u64;
    while let CoroutineResult::Yield(x) = co.resume(()) {
        sum = sum.wrapping_add(black_box(x));
    }
    (sum, co.into_stack())
}

/// Calls `f` `calls` times with opaque arguments; sums the results.
#[inline(always)]
fn repeat(calls: u64, mut f: impl FnMut(u64) -> u64) -> u64 {
    let mut sum = 0_u64;
    for i in 0..calls {
        sum = sum.wrapping_add(f(black_box(i)));
    }
    sum
}

// ---------------------------------------------------------------------------
// 4. Resume with a value: a running sum. Each implementation is started
//    (with 0) before the loop, then resumed with 0, 1, 2, ...

#[inline(always)]
fn feed(n: u64, mut resume: impl FnMut(u64) -> u64) -> u64 {
    let mut sum = 0_u64;
    for i in 0..n {
        sum = sum.wrapping_add(black_box(resume(black_box(i))));
    }
    sum
}

#[inline(never)]
fn resume_hand(n: u64) -> u64 {
    let mut g = RunningSum { total: 0 };
    feed(n, |v| g.resume(v))
}

fn yielded<R>(state: CoroutineState<u64, R>) -> u64 {
    match state {
        CoroutineState::Yielded(value) => value,
        CoroutineState::Complete(_) => unreachable!("the running sum never returns"),
    }
}

#[inline(never)]
fn resume_coyield(n: u64) -> u64 {
    let mut g = running_sum();
    g.send(0);
    feed(n, |v| yielded(g.send(v)))
}

#[inline(never)]
fn resume_no_alloc(n: u64) -> u64 {
    let mut g = pin!(running_sum_no_alloc());
    g.as_mut().resume(0);
    feed(n, |v| yielded(g.as_mut().resume(v)))
}

fn ga_yielded<R>(state: GeneratorState<u64, R>) -> u64 {
    match state {
        GeneratorState::Yielded(value) => value,
        GeneratorState::Complete(_) => unreachable!("the running sum never returns"),
    }
}

#[inline(never)]
fn resume_ga_stack(n: u64) -> u64 {
    genawaiter::stack::let_gen_using!(g, |co: genawaiter::stack::Co<'_, u64, u64>| async move {
        let mut total = 0_u64;
        loop {
            let v = co.yield_(total).await;
            total = total.wrapping_add(v);
        }
    });
    g.resume_with(0);
    feed(n, |v| ga_yielded(g.resume_with(v)))
}

#[inline(never)]
fn resume_ga_rc(n: u64) -> u64 {
    let mut g = genawaiter::rc::Gen::new(|co: genawaiter::rc::Co<u64, u64>| async move {
        let mut total = 0_u64;
        loop {
            let v = co.yield_(total).await;
            total = total.wrapping_add(v);
        }
    });
    g.resume_with(0);
    feed(n, |v| ga_yielded(g.resume_with(v)))
}

#[inline(never)]
fn resume_ga_sync(n: u64) -> u64 {
    let mut g = genawaiter::sync::Gen::new(|co: genawaiter::sync::Co<u64, u64>| async move {
        let mut total = 0_u64;
        loop {
            let v = co.yield_(total).await;
            total = total.wrapping_add(v);
        }
    });
    g.resume_with(0);
    feed(n, |v| ga_yielded(g.resume_with(v)))
}

#[inline(never)]
fn resume_next_gen(n: u64) -> u64 {
    use next_gen::prelude::GeneratorState;
    next_gen::mk_gen!(let mut g = ng_running_sum());
    g.as_mut().resume(0);
    feed(n, |v| match g.as_mut().resume(v) {
        GeneratorState::Yielded(value) => value,
        GeneratorState::Returned(_) => unreachable!("the running sum never returns"),
    })
}

#[inline(never)]
fn resume_corosensei(n: u64) -> u64 {
    let mut g = coro_running_sum();
    g.resume(0);
    feed(n, |v| match g.resume(v) {
        CoroutineResult::Yield(value) => value,
        CoroutineResult::Return(()) => unreachable!("the running sum never returns"),
    })
}

// ---------------------------------------------------------------------------
// 5. Allocations: at creation, and while resuming.

/// Allocations at creation, then per resume while draining `n` items.
struct Allocations {
    at_creation: u64,
    per_resume: f64,
}

fn allocations<G>(n: u64, create: impl FnOnce() -> G, run: impl FnOnce(G) -> u64) -> Allocations {
    let (g, at_creation) = count_allocations(create);
    let (_, during) = count_allocations(|| black_box(run(g)));
    Allocations {
        at_creation,
        per_resume: during as f64 / n as f64,
    }
}

/// Counts the allocations of each column, draining `n` items (the stack
/// generators are created and drained in one step, so they are counted
/// together).
fn measure_allocations(n: u64) -> Vec<Allocations> {
    let fused = |f: &dyn Fn() -> u64| {
        let (_, total) = count_allocations(|| black_box(f()));
        total
    };
    let ga_stack_total = fused(&|| sum_ga_stack(n));
    let next_gen_total = fused(&|| sum_next_gen(n));
    vec![
        allocations(n, || Count { next: 0, end: n }, drain),
        allocations(n, || count(n), drain),
        {
            let (_, total) = count_allocations(|| black_box(sum_no_alloc(n)));
            Allocations {
                at_creation: total,
                per_resume: total as f64 / n as f64,
            }
        },
        Allocations {
            at_creation: ga_stack_total,
            per_resume: ga_stack_total as f64 / n as f64,
        },
        allocations(
            n,
            || {
                genawaiter::rc::Gen::new(move |co| async move {
                    for i in 0..n {
                        co.yield_(i).await;
                    }
                })
            },
            drain,
        ),
        allocations(
            n,
            || {
                genawaiter::sync::Gen::new(move |co| async move {
                    for i in 0..n {
                        co.yield_(i).await;
                    }
                })
            },
            drain,
        ),
        Allocations {
            at_creation: next_gen_total,
            per_resume: next_gen_total as f64 / n as f64,
        },
        allocations(n, || coro_count(n), drain),
    ]
}

// ---------------------------------------------------------------------------

/// Every implementation computes the same on small inputs (the rows check
/// this again on the full ones, between columns of the same size).
fn check_agreement() {
    for n in [0, 1, 2, 3, 1000] {
        let sums = [
            sum_hand(n),
            sum_coyield(n),
            sum_no_alloc(n),
            sum_ga_stack(n),
            sum_ga_rc(n),
            sum_ga_sync(n),
            sum_next_gen(n),
            sum_corosensei(n),
            dyn_hand(n),
            dyn_coyield(n),
            dyn_no_alloc(n),
            dyn_ga_stack(n),
            dyn_ga_rc(n),
            dyn_ga_sync(n),
            dyn_next_gen(n),
            dyn_corosensei(n),
            erased_local(n),
            erased_send(n),
            erased_no_alloc(n),
        ];
        assert!(sums.iter().all(|&s| s == sums[0]), "sum of {n}: {sums:?}");
        let resumed = [
            resume_hand(n),
            resume_coyield(n),
            resume_no_alloc(n),
            resume_ga_stack(n),
            resume_ga_rc(n),
            resume_ga_sync(n),
            resume_next_gen(n),
            resume_corosensei(n),
        ];
        assert!(
            resumed.iter().all(|&s| s == resumed[0]),
            "running sum of {n}: {resumed:?}"
        );
        let mut stack = DefaultStack::default();
        let threes = [
            three_hand(n),
            three_hand_states(n),
            three_coyield(n),
            three_no_alloc_(n),
            three_no_alloc_loop_(n),
            three_ga_stack(n),
            three_ga_rc(n),
            three_ga_sync(n),
            three_next_gen(n),
            {
                let sum;
                (sum, stack) = three_corosensei(n, stack);
                sum
            },
        ];
        drop(stack);
        assert!(
            threes.iter().all(|&s| s == threes[0]),
            "three from {n}: {threes:?}"
        );
    }
}

fn main() {
    coyield_benches::assert_allocator_counts();
    let items = scaled(10_000_000);
    let calls = scaled(1_000_000);
    let resumes = scaled(10_000_000);
    // genawaiter's `sync` flavour locks a mutex per resume: a tenth of the
    // work keeps the run short.
    let slow = |units: u64| (units / 10).max(1);
    let n = black_box(items);
    check_agreement();

    let sum = Row::new("sum of 10M u64")
        .case(items, || sum_hand(n))
        .case(items, || sum_coyield(n))
        .case(items, || sum_no_alloc(n))
        .case(items, || sum_ga_stack(n))
        .case(items, || sum_ga_rc(n))
        .case(slow(items), || sum_ga_sync(slow(n)))
        .case(items, || sum_next_gen(n))
        .case(items, || sum_corosensei(n))
        .measure();

    let dyn_iter = Row::new("sum via &mut dyn Iterator")
        .case(items, || dyn_hand(n))
        .case(items, || dyn_coyield(n))
        .case(items, || dyn_no_alloc(n))
        .case(items, || dyn_ga_stack(n))
        .case(items, || dyn_ga_rc(n))
        .case(slow(items), || dyn_ga_sync(slow(n)))
        .case(items, || dyn_next_gen(n))
        .case(items, || dyn_corosensei(n))
        .measure();

    let erased = Row::new("sum, erased: own next")
        .case(items, || dyn_hand(n))
        .case(items, || dyn_coyield(n))
        .case(items, || erased_local(n))
        .case(items, || erased_send(n))
        .case(items, || erased_no_alloc(n))
        .measure();

    let mut stack = Some(DefaultStack::default());
    let create = Row::new("create + drain 3 items")
        .case(calls, || repeat(calls, three_hand))
        .case(calls, || repeat(calls, three_coyield))
        .case(calls, || repeat(calls, three_no_alloc_))
        .case(calls, || repeat(calls, three_ga_stack))
        .case(calls, || repeat(calls, three_ga_rc))
        .case(slow(calls), || repeat(slow(calls), three_ga_sync))
        .case(calls, || repeat(calls, three_next_gen))
        .case(calls, || {
            repeat(calls, |base| {
                let (sum, kept) = three_corosensei(base, stack.take().unwrap());
                stack = Some(kept);
                sum
            })
        })
        .measure();

    let shapes = Row::new("create + drain 3 items")
        .case(calls, || repeat(calls, three_hand))
        .case(calls, || repeat(calls, three_hand_states))
        .case(calls, || repeat(calls, three_no_alloc_))
        .case(calls, || repeat(calls, three_coyield))
        .case(calls, || repeat(calls, three_no_alloc_loop_))
        .measure();

    let resume = Row::new("resume with a value")
        .case(resumes, || resume_hand(black_box(resumes)))
        .case(resumes, || resume_coyield(black_box(resumes)))
        .case(resumes, || resume_no_alloc(black_box(resumes)))
        .case(resumes, || resume_ga_stack(black_box(resumes)))
        .case(resumes, || resume_ga_rc(black_box(resumes)))
        .case(slow(resumes), || resume_ga_sync(black_box(slow(resumes))))
        .case(resumes, || resume_next_gen(black_box(resumes)))
        .case(resumes, || resume_corosensei(black_box(resumes)))
        .measure();

    let mut table = Table::new(
        "sync generators: ns per item, call or resume (ratio to hand-written in this run; fastest of each column's rounds)",
        "case",
        &COLUMNS,
    );
    table
        .timings(&sum, HAND)
        .timings(&dyn_iter, HAND)
        .timings(&create, HAND)
        .timings(&resume, HAND)
        .note("coyield = the default `Gen` (boxed once at creation); no_alloc = `#[generator(no_alloc)]`, pinned on the stack")
        .note("ga = genawaiter 0.99: `stack` (let_gen_using!), `rc`, `sync` (timed over a tenth of the items); next-gen 0.1 on the stack (mk_gen!)")
        .note("corosensei 0.3: create + drain reuses one stack (`with_stack` / `into_stack`): a new stack is an mmap")
        .note("create + drain is one #[inline(never)] call per generator; the others are per item or per resume")
        .note("the hand-written figure through dyn moves between 0.95 and 1.4 ns from build to build (code alignment), and its ratios with it");
    table.print();

    let mut table = Table::new(
        "erased generators: ns per item through their own `next` (ratio to coyield through &mut dyn Iterator)",
        "case",
        &[
            "hand, dyn",
            "coyield, dyn",
            "LocalBoxGen",
            "BoxGen",
            "LocalBoxGen of no_alloc",
        ],
    );
    table
        .timings(&erased, COYIELD)
        .note("LocalBoxGen / BoxGen = `count(n).boxed_local()` / `.boxed()`, summed by a `for` loop in an #[inline(never)] function; each `next` is one call through the erased generator's vtable")
        .note("goal (issue 14): the erased types cost what a default generator costs through `&mut dyn Iterator`");
    table.print();

    let mut table = Table::new(
        "create + drain 3 items: two hand-written shapes (ns per call, ratio to the range-like one)",
        "case",
        &[
            "hand (range)",
            "hand (3 states)",
            "no_alloc",
            "coyield",
            "no_alloc loop",
        ],
    );
    table
        .timings(&shapes, HAND)
        .note("hand (range) is the `Count` iterator of the table above; hand (3 states) is an enum with one state per yield, like a generator body")
        .note("no_alloc and coyield write three `yield_!`s, one state each; no_alloc loop writes `for i in base..base + 3 { yield_!(i) }`, the shape of hand (range)");
    table.print();

    let allocs = measure_allocations(scaled(1_000_000));
    let mut table = Table::new(
        "sync generators: allocations (draining 1M items)",
        "case",
        &COLUMNS,
    );
    table
        .row(
            std::iter::once("at creation".to_string())
                .chain(allocs.iter().map(|a| a.at_creation.to_string()))
                .collect(),
        )
        .row(
            std::iter::once("per resume".to_string())
                .chain(allocs.iter().map(|a| format!("{}", a.per_resume)))
                .collect(),
        )
        .note("ga stack, no_alloc and next-gen are created and drained in one step; their counts cover both")
        .note("corosensei's stack is an mmap, which the counting allocator does not see");
    table.print();

    let mut goals = Goals::new();
    goals
        .ratio("sum: coyield / hand", sum.ratio(COYIELD, HAND), 1.1)
        .ratio("sum: no_alloc / hand", sum.ratio(NO_ALLOC, HAND), 1.1)
        .ratio(
            "dyn Iterator: coyield / hand",
            dyn_iter.ratio(COYIELD, HAND),
            1.5,
        )
        .ratio(
            "dyn Iterator: no_alloc / hand",
            dyn_iter.ratio(NO_ALLOC, HAND),
            1.5,
        )
        .ns("create + drain 3: coyield", create.ns(COYIELD), 25.0)
        .ratio(
            "create + drain 3: no_alloc / hand",
            create.ratio(NO_ALLOC, HAND),
            1.2,
        )
        .info(
            "create + drain 3: no_alloc / hand (3 states) (no goal)",
            format!("{:.2}x", shapes.ratio(2, 1)),
        )
        .info(
            "create + drain 3: no_alloc loop / hand (range) (no goal)",
            format!("{:.2}x", shapes.ratio(4, 0)),
        )
        .ratio(
            "resume: coyield send / hand",
            resume.ratio(COYIELD, HAND),
            1.1,
        )
        .ratio(
            "resume: no_alloc resume / hand",
            resume.ratio(NO_ALLOC, HAND),
            1.1,
        )
        .ratio(
            "erased: LocalBoxGen next / coyield through dyn",
            erased.ratio(2, COYIELD),
            1.1,
        )
        .ratio(
            "erased: BoxGen next / coyield through dyn",
            erased.ratio(3, COYIELD),
            1.1,
        )
        .count(
            "allocations per resume: coyield",
            allocs[COYIELD].per_resume,
            0.0,
        )
        .count(
            "allocations per resume: no_alloc",
            allocs[NO_ALLOC].per_resume,
            0.0,
        )
        .count(
            "allocations at creation: coyield",
            allocs[COYIELD].at_creation as f64,
            1.0,
        );
    goals.print("sync generators: goals (issue 2, SPEC.md)");
}
