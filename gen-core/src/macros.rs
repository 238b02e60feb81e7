//! The `macro_rules!` half of the macros: `yield_!` and `yield_from!`. `#[generator]` and the `gen_!` blocks rewrite the
//! `yield_!`s they see; what reaches these definitions is the `@coyield_used`
//! marker (which makes an import count as used), an error message, or a
//! misplaced use, which gets an error.

/// Suspends the generator with a value; evaluates to the next resume argument.
///
/// Only valid directly in the body of a `#[generator]` function or a
/// [`gen_!`](crate::gen_)/[`async_gen_!`](crate::async_gen_) block: not
/// inside a closure, an `async` block or a nested function of that body
/// (they run outside the generator's resume), nor inside another macro's
/// arguments (`println!`, `select!`...: their tokens are theirs to expand).
/// Yield first and pass the value in: `let x = yield_!(v); println!("{x}");`.
///
/// `yield_!()` yields `()`.
///
/// ```
/// use coyield::{generator, yield_};
///
/// #[generator(yield = &'static str, resume = i32)]
/// fn ask() -> i32 {
///     let a = yield_!("first?");
///     let b = yield_!("second?");
///     a + b
/// }
///
/// let mut g = ask();
/// assert_eq!(g.send(0).yielded(), Some("first?"));
/// assert_eq!(g.send(1).yielded(), Some("second?"));
/// assert_eq!(g.send(2).complete(), Some(3));
/// ```
#[macro_export]
macro_rules! yield_ {
    // What `#[generator]` and the `gen_!` blocks hand the macro the user's
    // path names, so that an import of it counts as used: never anything of
    // the generator itself.
    (@coyield_used) => {};
    (@coyield_error $message:literal) => {
        ::core::compile_error!($message)
    };
    (@coyield_stub) => {
        ::core::unreachable!()
    };
    ($($tokens:tt)*) => {
        ::core::compile_error!(
            "`yield_!` only works directly in the body of a #[generator] function or a `gen_!` block (not inside a closure, an `async` block or another macro's arguments)"
        )
    };
}

/// Delegates to another generator, coroutine, iterable or (in async
/// generators) stream, like Python's `yield from`: yields everything it
/// yields, passes every resume argument in, and evaluates to its return
/// value.
///
/// Valid in the same places as [`yield_!`].
///
/// ```
/// use coyield::{generator, yield_, yield_from};
///
/// #[generator(yield = i32)]
/// fn ex1() -> i32 {
///     yield_!(1);
///     yield_!(2);
///     3
/// }
///
/// #[generator(yield = i32)]
/// fn ex2() {
///     let three = yield_from!(ex1());
///     yield_from!([10, 20]);
///     yield_!(three);
/// }
///
/// assert_eq!(ex2().collect::<Vec<_>>(), [1, 2, 10, 20, 3]);
/// ```
#[macro_export]
macro_rules! yield_from {
    // What `#[generator]` and the `gen_!` blocks hand the macro the user's
    // path names, so that an import of it counts as used: never anything of
    // the generator itself.
    (@coyield_used) => {};
    (@coyield_error $message:literal) => {
        ::core::compile_error!($message)
    };
    (@coyield_stub) => {
        ::core::unreachable!()
    };
    ($($tokens:tt)*) => {
        ::core::compile_error!(
            "`yield_from!` only works directly in the body of a #[generator] function or a `gen_!` block (not inside a closure, an `async` block or another macro's arguments)"
        )
    };
}
