use core::pin::pin;
use coyield::{Coroutine, CoroutineState, gen_, generator, yield_, yield_from};

#[generator(yield = u64)]
fn count(start: u64) {
    let mut i = start;
    loop {
        yield_!(i);
        i += 1;
    }
}

#[generator(yield = i32)]
fn ex1() -> i32 {
    yield_!(1);
    yield_!(2);
    3
}

#[generator(yield = i32)]
fn ex2() {
    let r = yield_from!(ex1());
    yield_!(r * 10);
}

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

#[generator(yield = u32, no_alloc)]
fn squares(n: u32) {
    for i in 1..=n {
        yield_!(i * i);
    }
}

#[generator(yield = u64)]
fn chain(n: u64) {
    if n == 0 {
        yield_!(7);
        yield_!(8);
    } else {
        yield_from!(chain(n - 1));
    }
}

#[test]
fn smoke() {
    assert_eq!(count(10).take(3).collect::<Vec<_>>(), [10, 11, 12]);
    assert_eq!(ex2().collect::<Vec<_>>(), [1, 2, 30]);
    let mut g = top();
    assert_eq!(g.send(0), CoroutineState::Yielded(42));
    assert_eq!(g.send(84), CoroutineState::Complete(84));
    let g = pin!(squares(4));
    assert_eq!(g.collect::<Vec<_>>(), [1, 4, 9, 16]);
    let g = gen_! { for i in 0..3u8 { yield_!(i) } };
    assert_eq!(g.collect::<Vec<_>>(), [0, 1, 2]);
    let mut c = pin!(count(5));
    assert_eq!(c.as_mut().resume(()), CoroutineState::Yielded(5));
    for depth in [0, 1, 2, 3, 10, 100, 10_000] {
        assert_eq!(chain(depth).collect::<Vec<_>>(), [7, 8], "depth {depth}");
    }
}
