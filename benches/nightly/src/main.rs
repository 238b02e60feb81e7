//! Nightly reference: what the compiler's own coroutines cost, in
//! instructions per item, for the shapes coyield's bench measures.
//! `cargo +nightly build --release`, then run each case under
//! `valgrind --tool=callgrind` at two sizes and take the difference.
//! A counting global allocator, as in coyield's benches.
#![feature(gen_blocks, coroutines, coroutine_trait)]
use std::hint::black_box;
use std::ops::{Coroutine, CoroutineState};
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;
static ALLOCS: AtomicUsize = AtomicUsize::new(0);
unsafe impl std::alloc::GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: std::alloc::Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        unsafe { std::alloc::System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: std::alloc::Layout) { unsafe { std::alloc::System.dealloc(p, l) } }
}
#[global_allocator]
static A: Counting = Counting;

struct Count { next: u64, end: u64 }
impl Iterator for Count {
    type Item = u64;
    #[inline]
    fn next(&mut self) -> Option<u64> {
        if self.next < self.end { let v = self.next; self.next += 1; Some(v) } else { None }
    }
}

fn count_gen(n: u64) -> impl Iterator<Item = u64> { gen move { let mut i = 0; while i < n { yield i; i += 1; } } }
fn deleg_gen(n: u64) -> impl Iterator<Item = u64> { gen move { for x in count_gen(n) { yield x } } }
fn count_co(n: u64) -> impl Coroutine<Yield = u64, Return = ()> {
    #[coroutine] move || { let mut i = 0; while i < n { yield i; i += 1; } }
}
/// One level of delegation to a boxed inner coroutine (what a recursive
/// `yield from` needs): the inner state lives in its own allocation.
fn deleg_co(n: u64) -> impl Coroutine<Yield = u64, Return = ()> {
    #[coroutine] move || {
        let mut inner = Box::pin(count_co(n));
        while let CoroutineState::Yielded(v) = inner.as_mut().resume(()) { yield v }
    }
}
/// A coroutine as an iterator: on the consumer's stack (`Stack`) or boxed
/// like coyield's default generator (`Boxed`).
struct Stack<C>(Pin<Box<C>>);
impl<C: Coroutine<Yield = u64, Return = ()>> Iterator for Stack<C> {
    type Item = u64;
    #[inline]
    fn next(&mut self) -> Option<u64> {
        match self.0.as_mut().resume(()) { CoroutineState::Yielded(v) => Some(v), CoroutineState::Complete(()) => None }
    }
}
struct Boxed<C>(Pin<Box<C>>);
impl<C: Coroutine<Yield = u64, Return = ()>> Iterator for Boxed<C> {
    type Item = u64;
    #[inline]
    fn next(&mut self) -> Option<u64> {
        match self.0.as_mut().resume(()) { CoroutineState::Yielded(v) => Some(v), CoroutineState::Complete(()) => None }
    }
}

#[inline(always)]
fn drain(items: impl IntoIterator<Item = u64>) -> u64 {
    let mut s = 0u64;
    for x in items { s = s.wrapping_add(black_box(x)); }
    s
}
#[inline(never)]
fn drain_dyn(items: &mut dyn Iterator<Item = u64>) -> u64 { drain(black_box(items)) }

#[inline(never)]
fn case_hand(n: u64) -> u64 { drain(Count { next: 0, end: n }) }
#[inline(never)]
fn case_gen(n: u64) -> u64 { drain(count_gen(n)) }
#[inline(never)]
fn case_gen_deleg(n: u64) -> u64 { drain(deleg_gen(n)) }
#[inline(never)]
fn case_co_stack(n: u64) -> u64 { drain(Stack(Box::pin(count_co(n)))) }
#[inline(never)]
fn case_co_stack_deleg(n: u64) -> u64 { { let mut c = std::pin::pin!(deleg_co(n)); let mut s = 0u64; while let CoroutineState::Yielded(x) = c.as_mut().resume(()) { s = s.wrapping_add(black_box(x)); } s } }
#[inline(never)]
fn case_co_boxed(n: u64) -> u64 { drain(Boxed(Box::pin(count_co(n)))) }
#[inline(never)]
fn case_co_boxed_deleg(n: u64) -> u64 { drain(Boxed(Box::pin(deleg_co(n)))) }
#[inline(never)]
fn case_dyn_hand(n: u64) -> u64 { drain_dyn(&mut Count { next: 0, end: n }) }
#[inline(never)]
fn case_dyn_gen(n: u64) -> u64 { drain_dyn(&mut count_gen(n)) }
#[inline(never)]
fn case_dyn_gen_deleg(n: u64) -> u64 { drain_dyn(&mut deleg_gen(n)) }
#[inline(never)]
fn case_dyn_co_boxed(n: u64) -> u64 { drain_dyn(&mut Boxed(Box::pin(count_co(n)))) }
#[inline(never)]
fn case_dyn_co_boxed_deleg(n: u64) -> u64 { drain_dyn(&mut Boxed(Box::pin(deleg_co(n)))) }


fn count_co_ret(n: u64) -> impl Coroutine<Yield = u64, Return = u64> {
    #[coroutine] move || { let mut i = 0; while i < n { yield i; i += 1; } n }
}
fn deleg_co_ret(n: u64) -> impl Coroutine<Yield = u64, Return = u64> {
    #[coroutine] move || {
        let mut inner = Box::pin(count_co_ret(n));
        loop { match inner.as_mut().resume(()) { CoroutineState::Yielded(v) => yield v, CoroutineState::Complete(r) => break r } }
    }
}
#[inline(always)]
fn drain_co<C: Coroutine<Yield = u64, Return = u64>>(c: C) -> u64 {
    let mut c = std::pin::pin!(c);
    let mut s = 0u64;
    while let CoroutineState::Yielded(x) = c.as_mut().resume(()) { s = s.wrapping_add(black_box(x)); }
    s
}
#[inline(never)]
fn case_co_ret(n: u64) -> u64 { drain_co(count_co_ret(n)) }
#[inline(never)]
fn case_co_ret_deleg(n: u64) -> u64 { drain_co(deleg_co_ret(n)) }
/// `co_ret_deleg` with the delegator boxed, as coyield's default generator
/// is (a coroutine of its own, so that each has one call site: with two,
/// the delegator's resume is not inlined, and `co_ret_deleg` costs 50).
fn deleg_co_ret_boxed(n: u64) -> impl Coroutine<Yield = u64, Return = u64> {
    #[coroutine] move || {
        let mut inner = Box::pin(count_co_ret(n));
        loop { match inner.as_mut().resume(()) { CoroutineState::Yielded(v) => yield v, CoroutineState::Complete(r) => break r } }
    }
}
#[inline(never)]
fn case_co_ret_deleg_boxed(n: u64) -> u64 {
    let mut c = Box::pin(deleg_co_ret_boxed(n));
    let mut s = 0u64;
    while let CoroutineState::Yielded(x) = c.as_mut().resume(()) { s = s.wrapping_add(black_box(x)); }
    s
}

fn main() {
    let mut a = std::env::args().skip(1);
    let case = a.next().expect("case");
    let n: u64 = black_box(a.next().expect("n").parse().expect("n"));
    let r = match case.as_str() {
        "hand" => case_hand(n),
        "gen" => case_gen(n),
        "gen_deleg" => case_gen_deleg(n),
        "co_stack" => case_co_stack(n),
        "co_stack_deleg" => case_co_stack_deleg(n),
        "co_boxed" => case_co_boxed(n),
        "co_boxed_deleg" => case_co_boxed_deleg(n),
        "dyn_hand" => case_dyn_hand(n),
        "dyn_gen" => case_dyn_gen(n),
        "dyn_gen_deleg" => case_dyn_gen_deleg(n),
        "dyn_co_boxed" => case_dyn_co_boxed(n),
        "dyn_co_boxed_deleg" => case_dyn_co_boxed_deleg(n),
        "co_ret" => case_co_ret(n),
        "co_ret_deleg" => case_co_ret_deleg(n),
        "co_ret_deleg_boxed" => case_co_ret_deleg_boxed(n),
        other => panic!("unknown case {other}"),
    };
    println!("{r} allocs={}", ALLOCS.load(Ordering::Relaxed));
}
