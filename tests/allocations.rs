//! Allocations, counted by a global allocator: a default generator allocates
//! exactly once, when created; no generator allocates when resumed, however
//! deep its delegation; `no_alloc` generators never allocate.
//!
//! The count is per thread, so tests running in parallel do not disturb each
//! other.

use core::pin::pin;
use core::task::Waker;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use coyield::{CoroutineState, async_gen_, gen_, generator, yield_, yield_from};

mod common;
use common::{WakeClone, WakeCounter, poll_to_end};

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn count_one() {
    // `try_with`: the thread-local may already be gone while a thread exits.
    let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
}

// SAFETY: every method forwards to `System` with the caller's arguments; the
// counting touches only a const-initialized thread-local without destructor.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count_one();
        // SAFETY: forwarded; the caller upholds `GlobalAlloc::alloc`'s contract.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count_one();
        // SAFETY: forwarded, as above.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count_one();
        // SAFETY: forwarded, as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded, as above.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// How many resumes the loops below count over (Miri is slow).
const RESUMES: u64 = if cfg!(miri) { 200 } else { 10_000 };

/// Runs `f`; returns its value and how many allocations it made.
fn allocations<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = ALLOCATIONS.with(Cell::get);
    let value = f();
    (value, ALLOCATIONS.with(Cell::get) - before)
}

#[test]
fn the_counter_counts() {
    let (v, n) = allocations(|| vec![1u8, 2, 3]);
    assert_eq!(n, 1);
    let (_, n) = allocations(|| drop(v));
    assert_eq!(n, 0);
}

// ---------------------------------------------------------------------------
// Default generators
// ---------------------------------------------------------------------------

#[generator(yield = u64)]
fn count(start: u64) {
    let mut i = start;
    loop {
        yield_!(i);
        i += 1;
    }
}

#[generator(yield = u64, resume = u64)]
fn accumulate() -> u64 {
    let mut total = 0;
    loop {
        let x = yield_!(total);
        if x == 0 {
            return total;
        }
        total += x;
    }
}

#[generator(yield = u8)]
fn three() {
    yield_!(1);
    yield_!(2);
    yield_!(3);
}

#[test]
fn creating_a_default_generator_allocates_once() {
    let (g, n) = allocations(|| count(0));
    assert_eq!(n, 1);
    let (_, n) = allocations(|| drop(g));
    assert_eq!(n, 0);
    let (g, n) = allocations(|| gen_! { yield_!(1u8) });
    assert_eq!(n, 1);
    drop(g);
    let (g, n) = allocations(accumulate);
    assert_eq!(n, 1);
    drop(g);
}

#[test]
fn create_and_drain_allocates_once_in_total() {
    let (sum, n) = allocations(|| three().map(u32::from).sum::<u32>());
    assert_eq!(sum, 6);
    assert_eq!(n, 1);
}

#[test]
fn resuming_never_allocates() {
    let mut g = count(0);
    let (sum, n) = allocations(|| (0..RESUMES).map(|_| g.next().unwrap()).sum::<u64>());
    assert_eq!(sum, RESUMES * (RESUMES - 1) / 2);
    assert_eq!(n, 0);

    let mut g = accumulate();
    let (last, n) = allocations(|| {
        let mut last = CoroutineState::Yielded(0);
        for x in 0..RESUMES {
            last = g.send(x + 1);
        }
        last
    });
    // The first `send(1)` starts the body; its argument is dropped.
    assert_eq!(
        last,
        CoroutineState::Yielded(RESUMES * (RESUMES + 1) / 2 - 1)
    );
    assert_eq!(n, 0);
}

// ---------------------------------------------------------------------------
// no_alloc
// ---------------------------------------------------------------------------

#[generator(yield = u32, no_alloc)]
fn inline_count(n: u32) -> u32 {
    for i in 0..n {
        yield_!(i);
    }
    n
}

#[generator(yield = u32, no_alloc)]
fn inline_delegating() -> u32 {
    let a = yield_from!(inline_count(3));
    yield_from!(10..13);
    let mut pinned = pin!(inline_count(2));
    let b = yield_from!(pinned.as_mut());
    a + b
}

#[test]
fn no_alloc_never_allocates() {
    let (sum, n) = allocations(|| {
        let g = pin!(inline_count(1_000));
        g.sum::<u32>()
    });
    assert_eq!(sum, 1_000 * 999 / 2);
    assert_eq!(n, 0);

    let (items, n) = allocations(|| {
        let mut g = pin!(inline_delegating());
        let mut items = [0u32; 8];
        for slot in &mut items {
            *slot = g.next().unwrap();
        }
        assert_eq!(g.next(), None);
        (items, g.as_mut().take_return())
    });
    assert_eq!(items, ([0, 1, 2, 10, 11, 12, 0, 1], Some(5)));
    assert_eq!(n, 0);

    let (sum, n) = allocations(|| {
        let g = pin!(gen_! {
            #![generator(yield = u8, no_alloc)]
            for i in 0..10 {
                yield_!(i);
            }
        });
        g.map(u32::from).sum::<u32>()
    });
    assert_eq!(sum, 45);
    assert_eq!(n, 0);
}

// ---------------------------------------------------------------------------
// Delegation
// ---------------------------------------------------------------------------

/// `n` levels of delegation above a generator that counts forever.
#[generator(yield = u64)]
fn chain(n: u32) {
    if n == 0 {
        yield_from!(count(0));
    } else {
        yield_from!(chain(n - 1));
    }
}

#[test]
fn resuming_through_delegation_never_allocates() {
    let depths: &[u32] = if cfg!(miri) {
        &[0, 1, 2, 3, 8]
    } else {
        &[0, 1, 2, 3, 8, 64, 1_000]
    };
    for &depth in depths {
        let mut g = chain(depth);
        let (first, setup) = allocations(|| g.next());
        assert_eq!(first, Some(0));
        // One per generator created: `chain(depth - 1)` down to `count(0)`.
        assert_eq!(setup, depth as usize + 1, "depth {depth}");
        let (sum, n) = allocations(|| (0..RESUMES).map(|_| g.next().unwrap()).sum::<u64>());
        assert_eq!(sum, RESUMES * (RESUMES + 1) / 2, "depth {depth}");
        assert_eq!(n, 0, "depth {depth}");
    }
}

#[test]
fn delegating_to_iterables_and_inline_generators_never_allocates() {
    let mut g = gen_! {
        #![generator(yield = u32)]
        yield_from!(0..1_000);
        yield_from!(inline_count(1_000));
        let mut pinned = pin!(inline_count(1_000));
        yield_from!(pinned.as_mut());
    };
    let (sum, n) = allocations(|| g.by_ref().sum::<u32>());
    assert_eq!(sum, 3 * (1_000 * 999 / 2));
    assert_eq!(n, 0);
}

#[test]
fn each_delegate_created_allocates_once() {
    #[generator(yield = u32)]
    fn pair(i: u32) {
        yield_!(i);
        yield_!(i + 1);
    }
    let mut g = gen_! {
        for i in 0..1_000u32 {
            yield_from!(pair(i));
        }
    };
    let (count, n) = allocations(|| g.by_ref().count());
    assert_eq!(count, 2_000);
    assert_eq!(n, 1_000);
}

// ---------------------------------------------------------------------------
// Async generators
// ---------------------------------------------------------------------------

#[generator(yield = u64)]
async fn async_count(n: u64) -> u64 {
    for i in 0..n {
        WakeClone::default().await;
        yield_!(i);
    }
    n
}

#[test]
fn creating_an_async_generator_allocates_once() {
    let (g, n) = allocations(|| async_count(3));
    assert_eq!(n, 1);
    drop(g);
    let (g, n) = allocations(|| async_gen_! { yield_!(1u8) });
    assert_eq!(n, 1);
    drop(g);
}

#[test]
fn resuming_an_async_generator_never_allocates() {
    let counter = WakeCounter::new();
    let waker = Waker::from(counter.clone());
    let mut g = async_count(RESUMES);
    let (sum, n) = allocations(|| {
        poll_to_end(
            async {
                let mut sum = 0;
                while let Some(i) = g.next().await {
                    sum += i;
                }
                sum
            },
            &waker,
        )
    });
    assert_eq!(sum, RESUMES * (RESUMES - 1) / 2);
    assert_eq!(n, 0);
    assert_eq!(counter.wakes() as u64, RESUMES);
}

#[test]
fn async_delegation_never_allocates_after_setup() {
    #[generator(yield = u64)]
    async fn async_chain(n: u32) -> u64 {
        if n == 0 {
            yield_from!(async_count(u64::MAX))
        } else {
            yield_from!(async_chain(n - 1))
        }
    }
    let depths: &[u32] = if cfg!(miri) {
        &[0, 1, 2, 5]
    } else {
        &[0, 1, 2, 5, 64]
    };
    for &depth in depths {
        let mut g = async_chain(depth);
        let (first, setup) = allocations(|| poll_to_end(g.next(), Waker::noop()));
        assert_eq!(first, Some(0));
        assert_eq!(setup, depth as usize + 1, "depth {depth}");
        let (sum, n) = allocations(|| {
            let mut sum = 0;
            for _ in 0..RESUMES {
                sum += poll_to_end(g.next(), Waker::noop()).unwrap();
            }
            sum
        });
        assert_eq!(sum, RESUMES * (RESUMES + 1) / 2, "depth {depth}");
        assert_eq!(n, 0, "depth {depth}");
    }
}

#[test]
fn no_alloc_async_never_allocates() {
    #[generator(yield = u8, no_alloc)]
    async fn inline_async() {
        for i in 0..100 {
            WakeClone::default().await;
            yield_!(i);
        }
    }
    let (sum, n) = allocations(|| {
        poll_to_end(
            async {
                let mut g = pin!(inline_async());
                let mut sum = 0u32;
                while let Some(i) = g.as_mut().next().await {
                    sum += u32::from(i);
                }
                sum
            },
            Waker::noop(),
        )
    });
    assert_eq!(sum, 99 * 100 / 2);
    assert_eq!(n, 0);
}

// ---------------------------------------------------------------------------
// Erased generators
// ---------------------------------------------------------------------------

#[test]
fn boxing_a_boxed_generator_allocates_nothing() {
    let g = count(0);
    let (erased, n) = allocations(|| g.boxed_local());
    assert_eq!(n, 0);
    let (send, n) = allocations(|| {
        let send: coyield::BoxGen<'static, u64> = count(0).boxed();
        send
    });
    assert_eq!(n, 1, "creating the generator, not boxing it");
    let (local, n) = allocations(|| coyield::LocalBoxGen::from(send));
    assert_eq!(n, 0);
    drop(local);

    let (sum, n) = allocations(|| erased.take(RESUMES as usize).sum::<u64>());
    assert_eq!(sum, RESUMES * (RESUMES - 1) / 2);
    assert_eq!(n, 0, "resuming through the erased type");

    let g = async_count(3);
    let (g, n) = allocations(|| g.boxed());
    assert_eq!(n, 0);
    let (sum, n) = allocations(|| {
        poll_to_end(
            async {
                let mut g = g;
                let mut sum = 0;
                while let Some(i) = g.next().await {
                    sum += i;
                }
                sum
            },
            Waker::noop(),
        )
    });
    assert_eq!((sum, n), (3, 0));
}

#[test]
fn boxing_a_no_alloc_generator_allocates_once() {
    let (g, n) = allocations(|| inline_count(5).boxed_local());
    assert_eq!(n, 1);
    let (sum, n) = allocations(|| g.sum::<u32>());
    assert_eq!((sum, n), (10, 0));
}
