//! `yield from` (PEP 380): delegating to a subgenerator, and the value it
//! returns. From Brett Cannon's "How the heck does async/await work in
//! Python 3.5?".
//!
//! Run with `cargo run --example delegation`.

use coyield::{CoroutineState, generator, yield_, yield_from};

/// ```python
/// def lazy_range(up_to):
///     """Generator to return the sequence of integers from 0 to up_to, exclusive."""
///     index = 0
///     def gratuitous_refactor():
///         nonlocal index
///         while index < up_to:
///             yield index
///             index += 1
///     yield from gratuitous_refactor()
/// ```
#[generator(yield = u32)]
fn lazy_range(up_to: u32) {
    let mut index = 0;
    #[generator(yield = u32)]
    fn gratuitous_refactor(index: &mut u32, up_to: u32) {
        while *index < up_to {
            yield_!(*index);
            *index += 1;
        }
    }
    yield_from!(gratuitous_refactor(&mut index, up_to));
}

/// ```python
/// def ex1():
///     yield 1
///     yield 2
///     return 3
/// ```
#[generator(yield = i32)]
fn ex1() -> i32 {
    yield_!(1);
    yield_!(2);
    3
}

/// ```python
/// def ex2():
///     r = yield from ex1()
///     print("ex1 returned", r)
/// ```
#[generator(yield = i32)]
fn ex2() {
    let r = yield_from!(ex1());
    println!("ex1 returned {r}");
}

/// ```python
/// def bottom():
///     # Returning the yield lets the value that goes up the call stack to come right back
///     # down.
///     return (yield 42)
///
/// def middle():
///     return (yield from bottom())
///
/// def top():
///     return (yield from middle())
/// ```
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

fn main() {
    println!("lazy_range(5): {:?}", lazy_range(5).collect::<Vec<_>>());

    for x in ex2() {
        println!("ex2 yielded {x}");
    }

    // ```python
    // # Get the generator.
    // gen = top()
    // value = next(gen)
    // print(value)  # Prints '42'.
    // try:
    //     value = gen.send(value * 2)
    // except StopIteration as exc:
    //     value = exc.value
    // print(value)  # Prints '84'.
    // ```
    let mut generator = top();
    let value = generator.next().expect("bottom yields 42");
    println!("{value}"); // Prints '42'.
    let value = match generator.send(value * 2) {
        CoroutineState::Yielded(value) => value,
        CoroutineState::Complete(value) => value,
    };
    println!("{value}"); // Prints '84'.
}
