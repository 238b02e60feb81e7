//! `yield_from!` (issue 3): the cost per item at delegation depth 1, 8, 64
//! and 1024, as a ratio to depth 1 (goal: depth 64 <= 2x depth 1), and
//! plain yields against one level of delegation (goal <= 1.3x).
//!
//! Every item passes through `black_box`; each measured function is
//! `#[inline(never)]` so it can be found in a disassembly or a callgrind
//! profile.
//!
//! The delegating generators of the inlined table are used there only, and
//! those drained through `dyn` have copies of their own: the compiler
//! inlines a generator used by one consumer into its loop, but not one used
//! by two (the body of a delegating generator is too large for that), and
//! each table is meant to measure one of the two cases.

use std::hint::black_box;
use std::pin::pin;

use coyield::{generator, yield_, yield_from};
use coyield_benches::{Count, Goals, Row, Table, count, count_no_alloc, drain, scaled};

#[global_allocator]
static ALLOC: coyield_benches::CountingAlloc = coyield_benches::CountingAlloc;

/// Yields `0..n` from `depth` levels of `yield_from!` down.
#[generator(yield = u64)]
fn chain(depth: u32, n: u64) {
    if depth == 0 {
        for i in 0..n {
            yield_!(i);
        }
    } else {
        yield_from!(chain(depth - 1, n));
    }
}

/// One level of delegation to a generator.
#[generator(yield = u64)]
fn delegate_to_generator(n: u64) {
    yield_from!(count(n));
}

/// One level of delegation to a `no_alloc` generator, from a default one.
#[generator(yield = u64)]
fn delegate_to_no_alloc(n: u64) {
    yield_from!(count_no_alloc(n));
}

/// One level of delegation to an iterator.
#[generator(yield = u64)]
fn delegate_to_range(n: u64) {
    yield_from!(0..n);
}

#[generator(yield = u64, no_alloc)]
fn delegate_no_alloc(n: u64) {
    yield_from!(count_no_alloc(n));
}

/// One level of delegation to a default generator, from a `no_alloc` one.
#[generator(yield = u64, no_alloc)]
fn no_alloc_delegate_to_generator(n: u64) {
    yield_from!(count(n));
}

#[inline(never)]
fn sum_hand(n: u64) -> u64 {
    drain(Count { next: 0, end: n })
}

#[inline(never)]
fn sum_plain(n: u64) -> u64 {
    drain(count(n))
}

#[inline(never)]
fn sum_chain(depth: u32, n: u64) -> u64 {
    drain(chain(depth, n))
}

#[inline(never)]
fn sum_delegate_to_generator(n: u64) -> u64 {
    drain(delegate_to_generator(n))
}

#[inline(never)]
fn sum_delegate_to_no_alloc(n: u64) -> u64 {
    drain(delegate_to_no_alloc(n))
}

#[inline(never)]
fn sum_delegate_to_range(n: u64) -> u64 {
    drain(delegate_to_range(n))
}

#[inline(never)]
fn sum_plain_no_alloc(n: u64) -> u64 {
    drain(pin!(count_no_alloc(n)))
}

#[inline(never)]
fn sum_delegate_no_alloc(n: u64) -> u64 {
    drain(pin!(delegate_no_alloc(n)))
}

#[inline(never)]
fn sum_no_alloc_delegate_to_generator(n: u64) -> u64 {
    drain(pin!(no_alloc_delegate_to_generator(n)))
}

/// Drains through `&mut dyn Iterator`: the consumer cannot inline the
/// generator, so each item costs one call, as in most real code.
#[inline(never)]
fn drain_dyn(items: &mut dyn Iterator<Item = u64>) -> u64 {
    drain(black_box(items))
}

#[inline(never)]
fn dyn_hand(n: u64) -> u64 {
    drain_dyn(&mut Count { next: 0, end: n })
}

#[inline(never)]
fn dyn_plain(n: u64) -> u64 {
    drain_dyn(&mut count(n))
}

#[inline(never)]
fn dyn_delegate_to_generator(n: u64) -> u64 {
    #[generator(yield = u64)]
    fn delegate_to_generator(n: u64) {
        yield_from!(count(n));
    }
    drain_dyn(&mut delegate_to_generator(n))
}

#[inline(never)]
fn dyn_plain_no_alloc(n: u64) -> u64 {
    drain_dyn(&mut pin!(count_no_alloc(n)))
}

#[inline(never)]
fn dyn_delegate_no_alloc(n: u64) -> u64 {
    #[generator(yield = u64, no_alloc)]
    fn delegate_no_alloc(n: u64) {
        yield_from!(count_no_alloc(n));
    }
    drain_dyn(&mut pin!(delegate_no_alloc(n)))
}

const DEPTHS: [u32; 5] = [0, 1, 8, 64, 1024];

fn main() {
    coyield_benches::assert_allocator_counts();
    let items = scaled(10_000_000);
    let n = black_box(items);
    for n in [0, 1, 5] {
        let expected = sum_hand(n);
        for depth in DEPTHS {
            assert_eq!(sum_chain(depth, n), expected, "depth {depth}, {n} items");
        }
        assert_eq!(sum_delegate_to_generator(n), expected);
        assert_eq!(sum_delegate_to_range(n), expected);
        assert_eq!(sum_delegate_to_no_alloc(n), expected);
        assert_eq!(sum_delegate_no_alloc(n), expected);
        assert_eq!(sum_no_alloc_delegate_to_generator(n), expected);
        assert_eq!(dyn_hand(n), expected);
        assert_eq!(dyn_plain(n), expected);
        assert_eq!(dyn_delegate_to_generator(n), expected);
        assert_eq!(dyn_plain_no_alloc(n), expected);
        assert_eq!(dyn_delegate_no_alloc(n), expected);
    }

    // Column 0 is the hand-written iterator, then one column per depth.
    let mut row = Row::new("depth").case(items, || sum_hand(n));
    for depth in DEPTHS {
        row = row.case(items, move || sum_chain(black_box(depth), n));
    }
    let depths = row.measure();
    let depth_1 = 1 + DEPTHS.iter().position(|&d| d == 1).unwrap();
    let mut table = Table::new(
        "delegation: ns per item by depth of `yield_from!` (chain(depth, n), 10M items, fastest round)",
        "depth",
        &["ns per item", "/ depth 1", "/ hand-written"],
    );
    table.row(vec![
        "hand-written Iterator".to_string(),
        format!("{:.2}", depths.ns(0)),
        format!("{:.2}x", depths.ratio(0, depth_1)),
        String::new(),
    ]);
    for (i, depth) in DEPTHS.iter().enumerate() {
        let column = i + 1;
        table.row(vec![
            match depth {
                0 => "0 (plain yield_!)".to_string(),
                depth => depth.to_string(),
            },
            format!("{:.2}", depths.ns(column)),
            format!("{:.2}x", depths.ratio(column, depth_1)),
            format!("{:.2}x", depths.ratio(column, 0)),
        ]);
    }
    table.note("chain(0, n) yields 0..n itself; chain(d, n) is yield_from!(chain(d - 1, n))");
    table.print();

    let one_level = Row::new("one level")
        .case(items, || sum_hand(n))
        .case(items, || sum_plain(n))
        .case(items, || sum_delegate_to_generator(n))
        .case(items, || sum_delegate_to_range(n))
        .case(items, || sum_plain_no_alloc(n))
        .case(items, || sum_delegate_no_alloc(n))
        .case(items, || sum_delegate_to_no_alloc(n))
        .case(items, || sum_no_alloc_delegate_to_generator(n))
        .measure();
    let mut table = Table::new(
        "delegation: plain yield_! against one yield_from! (ns per item, 10M items, fastest round)",
        "case",
        &["ns per item", "/ plain", "/ hand-written"],
    );
    let cases = [
        ("hand-written Iterator", 0, 1),
        ("plain: count(n)", 1, 1),
        ("yield_from!(count(n))", 2, 1),
        ("yield_from!(0..n)", 3, 1),
        ("yield_from!(count_no_alloc(n))", 6, 1),
        ("no_alloc plain", 4, 4),
        ("no_alloc yield_from!(no_alloc)", 5, 4),
        ("no_alloc yield_from!(count(n))", 7, 4),
    ];
    for (label, column, plain) in cases {
        table.row(vec![
            label.to_string(),
            format!("{:.2}", one_level.ns(column)),
            format!("{:.2}x", one_level.ratio(column, plain)),
            format!("{:.2}x", one_level.ratio(column, 0)),
        ]);
    }
    table.note("/ plain compares with the plain generator of the same kind (default or no_alloc)");
    table.note("yield_from!(count_no_alloc(n)): a default generator delegating to a no_alloc one, which it keeps inline");
    table.note("no_alloc yield_from!(count(n)): a no_alloc generator, pinned on the consumer's stack, delegating to a default one");
    table.print();

    let through_dyn = Row::new("through dyn")
        .case(items, || dyn_hand(n))
        .case(items, || dyn_plain(n))
        .case(items, || dyn_delegate_to_generator(n))
        .case(items, || dyn_plain_no_alloc(n))
        .case(items, || dyn_delegate_no_alloc(n))
        .measure();
    let mut table = Table::new(
        "delegation through `&mut dyn Iterator`: one call per item (ns per item, 10M items, fastest round)",
        "case",
        &["ns per item", "/ plain", "/ hand-written"],
    );
    for (label, column, plain) in [
        ("hand-written Iterator", 0, 1),
        ("plain: count(n)", 1, 1),
        ("yield_from!(count(n))", 2, 1),
        ("no_alloc plain", 3, 3),
        ("no_alloc yield_from!(no_alloc)", 4, 3),
    ] {
        table.row(vec![
            label.to_string(),
            format!("{:.2}", through_dyn.ns(column)),
            format!("{:.2}x", through_dyn.ratio(column, plain)),
            format!("{:.2}x", through_dyn.ratio(column, 0)),
        ]);
    }
    table.note("above, the consumer inlines the whole generator: a plain one, and a no_alloc pair, cost what the hand-written loop does; a boxed delegate keeps its state in its own allocation, which the compiler does not fold into the loop");
    table.print();

    let depth_64 = 1 + DEPTHS.iter().position(|&d| d == 64).unwrap();
    let depth_1024 = 1 + DEPTHS.iter().position(|&d| d == 1024).unwrap();
    let mut goals = Goals::new();
    goals
        .ratio("depth 64 / depth 1", depths.ratio(depth_64, depth_1), 2.0)
        .info(
            "depth 1024 / depth 1 (no goal)",
            format!("{:.2}x", depths.ratio(depth_1024, depth_1)),
        )
        .ratio(
            "yield_from!(count(n)) / plain count(n)",
            one_level.ratio(2, 1),
            1.3,
        )
        .ratio(
            "no_alloc yield_from! / no_alloc plain",
            one_level.ratio(5, 4),
            1.3,
        )
        .info(
            "through dyn: yield_from!(count(n)) / plain (no goal)",
            format!("{:.2}x", through_dyn.ratio(2, 1)),
        )
        .info(
            "through dyn: no_alloc yield_from! / no_alloc plain (no goal)",
            format!("{:.2}x", through_dyn.ratio(4, 3)),
        );
    goals.print("delegation: goals (issue 3)");
}
