//! Generators and coroutines for stable Rust, with the semantics Python
//! programmers know — `yield`, `send`, `yield from` with return values,
//! cleanup on close — and the cost of a hand-written [`Iterator`].
//!
//! ```
//! use coyield::{generator, yield_, yield_from};
//!
//! #[generator(yield = u64)]
//! fn count(start: u64) {
//!     let mut i = start;
//!     loop {
//!         yield_!(i);
//!         i += 1;
//!     }
//! }
//!
//! assert_eq!(count(10).take(3).collect::<Vec<_>>(), [10, 11, 12]);
//! ```
//!
//! # Generator functions
//!
//! `#[generator(yield = Y)]` turns a function into one that returns a
//! generator. Nothing of the body runs until the generator is first resumed
//! (as in Python). [`yield_!`]`(v)` suspends it with `v` and evaluates to the
//! next resume argument. The written return type is what the body returns
//! at its end; `return` and `?` work as in any function.
//!
//! | argument | meaning |
//! |---|---|
//! | `yield = Y` | the type `yield_!` takes (required on functions) |
//! | `resume = R` | the type `yield_!` evaluates to and each resume passes in; default `()` |
//! | `first_resume = name` | binds the first resume's argument, which no `yield_!` receives |
//! | `no_alloc` | return a [`NoAllocGen`] (no allocation, usable without `alloc`) |
//! | `send` | the returned generator's type says it is `Send` (in a trait declaration: every implementation's must be) |
//! | `unsafe(crate = path)` | where `coyield` is, if your dependency has another name (see [Soundness](#soundness)) |
//!
//! The returned [`Gen`] is an [`Iterator`] (and [`FusedIterator`]) when `R`
//! implements [`Default`] — `next()` resumes with `R::default()`, like
//! Python's `next(g)` — and a [`Coroutine<R>`] always. It is `Unpin`, `Send`
//! and `Sync` when the state of its body is, allocates once when created and
//! never when resumed. Locals may be borrowed across `yield_!`.
//!
//! ```
//! use coyield::{CoroutineState, generator, yield_};
//!
//! // Python's `jumping_range`, from "How the heck does async/await work":
//! // the value sent in is how far to jump.
//! #[generator(yield = i32, resume = Option<i32>)]
//! fn jumping_range(up_to: i32) {
//!     let mut index = 0;
//!     while index < up_to {
//!         let jump = yield_!(index);
//!         index += jump.unwrap_or(1);
//!     }
//! }
//!
//! let mut it = jumping_range(5);
//! assert_eq!(it.next(), Some(0));
//! assert_eq!(it.send(Some(2)), CoroutineState::Yielded(2));
//! assert_eq!(it.next(), Some(3));
//! assert_eq!(it.send(Some(-1)), CoroutineState::Yielded(2));
//! assert_eq!(it.collect::<Vec<_>>(), [3, 4]);
//! ```
//!
//! The first resume has no `yield_!` to receive its argument: by default it
//! is dropped before that resume returns (Python's `next(g)`, or
//! `send(None)`); `first_resume = name` binds it instead:
//!
//! ```
//! use coyield::{generator, yield_};
//!
//! #[generator(yield = f64, resume = f64, first_resume = first)]
//! fn running_average() {
//!     let (mut total, mut count) = (first, 1.0);
//!     loop {
//!         total += yield_!(total / count);
//!         count += 1.0;
//!     }
//! }
//!
//! let mut avg = running_average();
//! assert_eq!(avg.send(10.0).yielded(), Some(10.0));
//! assert_eq!(avg.send(20.0).yielded(), Some(15.0));
//! ```
//!
//! After the iterator ends, [`Gen::take_return`] gives back what the body
//! returned; [`Gen::send`] is Python's `send`, [`Gen::close`] its `close`.
//! Resuming a finished generator panics with a message saying so. If the
//! body panics, the panic passes through `resume` unchanged and the
//! generator is finished. Dropping a suspended generator runs the
//! destructors of all its live locals.
//!
//! Generator functions can be free functions or methods (with `self`,
//! `&self`, `&mut self`), generic, with lifetimes, where clauses and
//! `impl Trait` arguments, and can implement a trait method that returns
//! `impl Iterator<Item = T> + '_`. Attributes and doc comments stay.
//!
//! # Delegation: `yield_from!`
//!
//! [`yield_from!`] is Python's `yield from` (PEP 380): it runs another
//! generator — or any [`Coroutine`], or any iterable — yielding everything
//! it yields, passing every resume argument in, and evaluates to its return
//! value. Recursion needs no boxing, and the cost of an item does not grow
//! with the depth of delegation: a 10,000-deep chain yields as fast as a
//! shallow one.
//!
//! ```
//! use coyield::{generator, yield_, yield_from};
//!
//! enum Tree {
//!     Leaf,
//!     Node(Box<Tree>, u32, Box<Tree>),
//! }
//!
//! #[generator(yield = u32)]
//! fn walk(tree: &Tree) {
//!     if let Tree::Node(left, value, right) = tree {
//!         yield_from!(walk(left));
//!         yield_!(*value);
//!         yield_from!(walk(right));
//!     }
//! }
//!
//! let leaf = || Box::new(Tree::Leaf);
//! let tree = Tree::Node(Box::new(Tree::Node(leaf(), 1, leaf())), 2, leaf());
//! assert_eq!(walk(&tree).collect::<Vec<_>>(), [1, 2]);
//! ```
//!
//! The delegate's first resume gets the argument that resumed the
//! delegating generator, if its body has not taken it yet. Otherwise a
//! delegate that needs one (one already suspended in a `yield_!`, or one with
//! `first_resume`) gets `R::default()` (Python sends `None`), and one that
//! needs none starts without: `yield_from!` of a fresh generator without
//! `first_resume` compiles whatever the resume type, `Default` or not. Where
//! an argument is needed and `R` has no default, the delegate's `yield_!` or
//! `first_resume` panics, saying so. Dropping a delegating
//! generator closes the delegate first, then drops its own locals (Python's
//! `close()` order).
//!
//! What an item costs: a delegate without a `yield_from!` of its own, and
//! any iterable, runs in place, inside the delegating generator's resume.
//! Where the loop consuming the generator is inlined, delegating to a
//! `no_alloc` generator or to an iterable compiles to the same loop as
//! yielding the values directly. A default (boxed) delegate keeps its state
//! in an allocation of its own, which the compiler leaves in memory: an item
//! then costs several plain yields. So a generator written to be delegated
//! to can be `no_alloc`, and `yield_from!` takes it as it is, unpinned:
//!
//! ```
//! use coyield::{generator, yield_, yield_from};
//!
//! #[generator(yield = u32, no_alloc)]
//! fn digits(mut n: u32) {
//!     while n > 0 {
//!         yield_!(n % 10);
//!         n /= 10;
//!     }
//! }
//!
//! #[generator(yield = u32)]
//! fn all_digits(numbers: Vec<u32>) {
//!     for n in numbers {
//!         yield_from!(digits(n));
//!     }
//! }
//!
//! assert_eq!(all_digits(vec![12, 305]).collect::<Vec<_>>(), [2, 1, 5, 0, 3]);
//! ```
//!
//! A delegate that may delegate further runs in a chain that resumes its
//! innermost generator directly: one indirect call per item, however deep.
//!
//! # Generator expressions: `gen_!`
//!
//! [`gen_!`] is the expression form, like nightly's `gen { }` block: it
//! captures its environment by move and infers the yield type.
//!
//! ```
//! use coyield::{gen_, yield_};
//!
//! let limit = 20;
//! let evens = gen_! {
//!     for n in (0..limit).step_by(2) {
//!         yield_!(n);
//!     }
//! };
//! assert_eq!(evens.sum::<i32>(), 90);
//! ```
//!
//! [`gen_ref!`] is the borrowing form, like nightly's `gen { }` without
//! `move`: it captures by reference, so what it reads stays with its owner.
//! [`async_gen_!`] and [`async_gen_ref!`] are the async forms.
//!
//! # Async generators
//!
//! An `async fn` with `#[generator]` (or an [`async_gen_!`] block) may
//! `.await`; it returns an [`AsyncGen`], a
//! [`Stream`](https://docs.rs/futures-core/0.3/futures_core/stream/trait.Stream.html) with an inherent `next().await` and
//! Python's `asend` as `send(v).await`. Wake-ups reach whatever executor
//! polls it: tokio, [`rt`] (this crate's small executor) or another.
//!
//! ```
//! use coyield::{generator, rt, yield_};
//! use std::time::Duration;
//!
//! #[generator(yield = u64)]
//! async fn ticks(n: u64) {
//!     for i in 0..n {
//!         rt::sleep(Duration::from_millis(1)).await;
//!         yield_!(i);
//!     }
//! }
//!
//! let all = rt::block_on(async {
//!     let mut ticks = ticks(3);
//!     let mut all = Vec::new();
//!     while let Some(i) = ticks.next().await {
//!         all.push(i);
//!     }
//!     all
//! });
//! assert_eq!(all, [0, 1, 2]);
//! ```
//!
//! # Without allocation
//!
//! With `no_alloc`, the generator holds its body inline: it allocates
//! nothing and works in `#![no_std]` crates without `alloc`. It is `!Unpin`:
//! pin it, and `Pin<&mut NoAllocGen<_>>` is the iterator.
//!
//! ```
//! use coyield::{generator, yield_};
//! use core::pin::pin;
//!
//! #[generator(yield = u8, no_alloc)]
//! fn digits(mut n: u32) {
//!     while n > 0 {
//!         yield_!((n % 10) as u8);
//!         n /= 10;
//!     }
//! }
//!
//! let digits = pin!(digits(907));
//! assert_eq!(digits.collect::<Vec<_>>(), [7, 0, 9]);
//! ```
//!
//! # Storing and naming generators
//!
//! A generator's type, `Gen<impl Body<..>>`, cannot be written where a type
//! must be named: a struct field, `type IntoIter = ...`, an associated type.
//! There, erase it: [`LocalBoxGen<'a, Y, R, T>`](LocalBoxGen) is any
//! generator with yield type `Y`, resume type `R` and return type `T`
//! (`R` and `T` default to `()`); [`BoxGen`] is its `Send` flavour, and
//! [`LocalBoxAsyncGen`] and [`BoxAsyncGen`] are the async ones, like
//! futures' `LocalBoxStream` and `BoxStream`. `.boxed_local()` and
//! `.boxed()` convert any generator, without a new allocation when it is
//! boxed already (a default one); the result keeps what its source had:
//! [`Iterator`], [`Coroutine`], `send`, `take_return`, `close`,
//! `is_finished`, `Debug`, and `yield_from!` still delegates to it
//! depth-independently.
//!
//! ```
//! use coyield::{LocalBoxGen, generator, yield_};
//!
//! struct Bag(Vec<u32>);
//!
//! #[generator(yield = &'a u32)]
//! fn items<'a>(bag: &'a Bag) {
//!     for x in &bag.0 {
//!         yield_!(x);
//!     }
//! }
//!
//! impl<'a> IntoIterator for &'a Bag {
//!     type Item = &'a u32;
//!     type IntoIter = LocalBoxGen<'a, &'a u32>;
//!
//!     fn into_iter(self) -> Self::IntoIter {
//!         items(self).boxed_local()
//!     }
//! }
//!
//! /// A struct holding a generator it sends values into.
//! struct Totals {
//!     totals: LocalBoxGen<'static, i32, i32>,
//! }
//!
//! #[generator(yield = i32, resume = i32)]
//! fn running_total() {
//!     let mut total = 0;
//!     loop {
//!         total += yield_!(total);
//!     }
//! }
//!
//! let bag = Bag(vec![1, 2, 3]);
//! assert_eq!((&bag).into_iter().sum::<u32>(), 6);
//! let mut t = Totals { totals: running_total().boxed_local() };
//! assert_eq!(t.totals.send(0).yielded(), Some(0));
//! assert_eq!(t.totals.send(5).yielded(), Some(5));
//! ```
//!
//! A trait declares a generator method with `#[generator(..)]` on the
//! method without a body, and each implementation writes it with
//! `#[generator(..)]` too; a default method may have a body. `send` in the
//! declaration requires every implementation's generator to be `Send`, as
//! `+ Send` does on a trait's `async fn` (trait_variant). When the
//! implementations use `first_resume`, say so in the declaration too: a
//! `yield_from!` through the trait then asks for `R: Default` at compile
//! time, rather than panicking when it has no argument to start them with.
//!
//! ```
//! use coyield::{generator, yield_, yield_from};
//!
//! trait Shape {
//!     #[generator(yield = (i32, i32))]
//!     fn corners(&self);
//!
//!     #[generator(yield = (i32, i32), send)]
//!     async fn corners_slowly(&self);
//! }
//!
//! struct Square(i32);
//!
//! impl Shape for Square {
//!     #[generator(yield = (i32, i32))]
//!     fn corners(&self) {
//!         for (x, y) in [(0, 0), (1, 0), (1, 1), (0, 1)] {
//!             yield_!((x * self.0, y * self.0));
//!         }
//!     }
//!
//!     #[generator(yield = (i32, i32), send)]
//!     async fn corners_slowly(&self) {
//!         yield_from!(self.corners());
//!     }
//! }
//!
//! fn count_corners(shape: &impl Shape) -> usize {
//!     shape.corners().count()
//! }
//! assert_eq!(count_corners(&Square(2)), 4);
//! ```
//!
//! `Pin<Box<dyn Coroutine<R, Yield = Y, Return = T>>>` is the better tool
//! when the values come from coroutines other than coyield's (nightly's own,
//! or a hand-written [`Coroutine`]), or when only `resume` is needed:
//! `yield_from!` takes it too, as it takes any coroutine, but runs it as a
//! black box: each item costs a call, and the chain of a recursive
//! generator behind it is not joined, so an item costs one call per level.
//!
//! # How it works
//!
//! The body becomes an `async` block. This generator
//!
//! ```
//! # use coyield::{generator, yield_};
//! #[generator(yield = u64)]
//! fn count(mut i: u64) {
//!     loop {
//!         yield_!(i);
//!         i += 1;
//!     }
//! }
//! ```
//!
//! expands to
//!
//! <!-- the expansion of `count`, checked by a test of coyield-macros -->
//! ```text
//! #[allow(refining_impl_trait)]
//! fn count(i: u64) -> ::coyield::Gen<impl ::coyield::Body<Yield = u64, Resume = (), Return = ()>> {
//!     {
//!         extern crate coyield;
//!         coyield::Gen::new(
//!             coyield::__private::BodyFn::<_, u64, (), coyield::__private::BodyFlags<false, false>>::new::<()>(
//!                 move |__coyield_co| async move {
//!                     let mut i = i;
//!                     loop {
//!                         {
//!                             yield_!(@coyield_used);
//!                             let __coyield_value: u64 = i;
//!                             extern crate coyield;
//!                             unsafe { coyield::__private::yield_unit(__coyield_co, __coyield_value) }
//!                         }
//!                         .await;
//!                         i += 1;
//!                     }
//!                 }
//!             )
//!         )
//!     }
//! }
//! ```
//!
//! To resume, the generator polls that future with a waker that carries a
//! pointer to a slot on the stack of that one poll, holding the resume's
//! argument; the future `yield_unit(co, i)` returns (`yield_` when the
//! generator takes a resume value) finds the slot through it,
//! leaves `i` there and returns `Pending`, and the generator hands `i` to its
//! caller. Nothing in the body points at the generator, so moving it between
//! resumes is fine, and an async generator forwards wake-ups to the
//! executor's real waker. When inlined, the whole exchange compiles to the
//! loop a hand-written iterator would be.
//!
//! # Soundness
//!
//! No safe program can cause undefined behaviour through a generator,
//! whatever macros, traits or names it defines around one:
//!
//! - The handle `__coyield_co` grants nothing by itself. Every operation that
//!   reaches a slot through it (`yield_`, `first_resume`, `yield_from`) is an
//!   `unsafe fn` whose contract is that its future is awaited in the body of
//!   the generator that made the handle; only the expansion calls them, as
//!   above.
//! - The expansion hands neither the handle nor an `unsafe` block to anything
//!   user code can intercept: it names coyield through `extern crate coyield`
//!   written in a block of its own (a path like `::coyield` could be pointed
//!   elsewhere), evaluates your yielded values and delegates outside the
//!   `unsafe` blocks, and passes your path to `yield_!` nothing but the
//!   marker `@coyield_used` (so that your import of it counts as used).
//! - An attribute macro of yours below `#[generator]` runs first, on the
//!   function as you wrote it.
//!
//! If your dependency on coyield has another name, say where it is with
//! `unsafe(crate = path)`: the expansion then trusts that path, and its
//! `unsafe` blocks are reported at your `unsafe` (so
//! `#![forbid(unsafe_code)]` rejects it, and
//! `clippy::undocumented_unsafe_blocks` asks for a `// SAFETY:` comment,
//! which can go inside the attribute, on the line above `unsafe(...)`).
//!
//! The unsafe code all lives in `coyield-core`: the slot protocol in
//! `transport.rs`, the driver's body cell in `raw_gen.rs`, and the
//! delegation chains and futures in `delegate/`; each block states its
//! argument, and Miri runs the test suite clean under Stacked and Tree
//! Borrows.
//!
//! # Features
//!
//! - `std` (default): implies `alloc`.
//! - `alloc`: the boxed generator types ([`Gen`], [`AsyncGen`]) and the
//!   erased ones ([`LocalBoxGen`], [`BoxGen`], [`LocalBoxAsyncGen`],
//!   [`BoxAsyncGen`]). Without it only the `no_alloc` types exist.
//! - `rt` (default, needs `std`): the executor in [`rt`].
//!
//! [`FusedIterator`]: core::iter::FusedIterator

#![no_std]
#![warn(missing_docs)]
// docs.rs builds with `--cfg docsrs` (see Cargo.toml): feature badges.
#![cfg_attr(docsrs, feature(doc_cfg))]

#[doc(inline)]
pub use coyield_core::*;
