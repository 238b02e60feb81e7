//! Iterables, iterators and generators, as in Python.
//!
//! Python separates an *iterable* (anything `iter()` works on: a list) from
//! an *iterator* (the object `next()` advances). Rust has the same split:
//! `IntoIterator` and `Iterator`. A generator is an iterator written as a
//! function with `yield`: here, `#[generator]` and `yield_!`.
//!
//! Run with `cargo run --example iterators`.

use coyield::{generator, yield_, yield_from};

/// Python:
/// ```python
/// class Countdown:
///     def __init__(self, start): self.current = start
///     def __iter__(self): return self
///     def __next__(self):
///         if self.current <= 0: raise StopIteration
///         self.current -= 1
///         return self.current + 1
/// ```
struct Countdown {
    current: u32,
}

impl Iterator for Countdown {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        if self.current == 0 {
            return None;
        }
        self.current -= 1;
        Some(self.current + 1)
    }
}

/// The same as a generator: the state lives in local variables.
/// ```python
/// def countdown(start):
///     while start > 0:
///         yield start
///         start -= 1
/// ```
#[generator(yield = u32)]
fn countdown(mut start: u32) {
    while start > 0 {
        yield_!(start);
        start -= 1;
    }
}

/// `itertools.count(start, step)`: never ends.
#[generator(yield = i64)]
fn count(start: i64, step: i64) {
    let mut n = start;
    loop {
        yield_!(n);
        n += step;
    }
}

/// `itertools.cycle(iterable)`: saves the items, then repeats them forever.
#[generator(yield = T)]
fn cycle<T: Clone>(items: impl IntoIterator<Item = T>) {
    let mut saved = Vec::new();
    for item in items {
        yield_!(item.clone());
        saved.push(item);
    }
    if saved.is_empty() {
        return;
    }
    loop {
        for item in &saved {
            yield_!(item.clone());
        }
    }
}

/// `itertools.repeat(value, times)`; `None` repeats forever.
#[generator(yield = T)]
fn repeat<T: Clone>(value: T, times: Option<usize>) {
    match times {
        None => loop {
            yield_!(value.clone());
        },
        Some(times) => {
            for _ in 0..times {
                yield_!(value.clone());
            }
        }
    }
}

/// `itertools.chain(*iterables)` with nested loops:
/// ```python
/// def chain(*iterables):
///     for it in iterables:
///         for x in it:
///             yield x
/// ```
#[generator(yield = T)]
fn chain_loops<T, I: IntoIterator<Item = T>>(iterables: Vec<I>) {
    for iterable in iterables {
        for item in iterable {
            yield_!(item);
        }
    }
}

/// The same with `yield from`:
/// ```python
/// def chain(*iterables):
///     for it in iterables:
///         yield from it
/// ```
#[generator(yield = T)]
fn chain_delegating<T, I: IntoIterator<Item = T>>(iterables: Vec<I>) {
    for iterable in iterables {
        yield_from!(iterable);
    }
}

fn main() {
    // An array is iterable, not an iterator: each `iter()` starts afresh.
    let numbers = [1, 2, 3];
    let first_pass: Vec<_> = numbers.iter().collect();
    let second_pass: Vec<_> = numbers.iter().collect();
    println!("iterable, iterated twice: {first_pass:?} {second_pass:?}");

    // An iterator is used up: a second pass finds nothing.
    let mut it = numbers.iter();
    let drained: Vec<_> = it.by_ref().collect();
    println!("iterator, then again: {drained:?} {:?}", it.next());

    // A hand-written iterator and a generator produce the same thing.
    println!(
        "Countdown struct:    {:?}",
        Countdown { current: 3 }.collect::<Vec<_>>()
    );
    println!(
        "countdown generator: {:?}",
        countdown(3).collect::<Vec<_>>()
    );

    // A generator is lazy: nothing runs until the first `next`.
    let mut lazy = countdown(2);
    println!(
        "next: {:?}, next: {:?}, next: {:?}",
        lazy.next(),
        lazy.next(),
        lazy.next()
    );

    println!(
        "count(10, 5):      {:?}",
        count(10, 5).take(4).collect::<Vec<_>>()
    );
    println!(
        "cycle(\"ab\"):       {:?}",
        cycle("ab".chars()).take(5).collect::<String>()
    );
    println!(
        "repeat(7, 3):      {:?}",
        repeat(7, Some(3)).collect::<Vec<_>>()
    );
    println!(
        "repeat('x') x 4:   {:?}",
        repeat('x', None).take(4).collect::<String>()
    );
    println!(
        "chain (loops):     {:?}",
        chain_loops(vec![vec![1, 2], vec![3], vec![]]).collect::<Vec<_>>()
    );
    println!(
        "chain (yield_from): {:?}",
        chain_delegating(vec![1..3, 3..4, 4..6]).collect::<Vec<_>>()
    );
}
