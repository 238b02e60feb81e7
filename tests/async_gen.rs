//! Async generators (PEP 525): `Stream`, `next().await`, `send(v).await`
//! (Python's `asend`), delegation to sync and async generators and streams,
//! wake-ups reaching the real executor, drop mid-await, and tokio.
//!
//! The tests drive generators with the two tiny executors of
//! `tests/common/executor.rs` (`block_on_noop`, `block_on`), so most of this
//! file also runs under Miri. The tokio tests need a real runtime.

use core::future::{Future, poll_fn};
use core::pin::{Pin, pin};
use core::task::{Context, Poll, Waker};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;
use std::thread;
use std::time::{Duration, Instant};

use coyield::{AsyncGen, Body, CoroutineState, async_gen_, gen_, generator, yield_, yield_from};

mod common;
use common::{
    Trace, WakeByRef, WakeClone, WakeFromThread, assert_send, block_on, block_on_noop, guard, log,
    taken, trace,
};
use futures_core::{FusedStream, Stream};

use CoroutineState::{Complete, Yielded};

// Generators and helpers that several sections use.

#[generator(yield = u64)]
async fn numbers(n: u64) -> &'static str {
    for i in 0..n {
        yield_!(i * i);
    }
    "numbers done"
}

/// Drains a stream through `Stream::poll_next` alone.
async fn collect_stream<S: Stream + Unpin>(mut stream: S) -> Vec<S::Item> {
    let mut items = Vec::new();
    while let Some(item) = poll_fn(|cx| Pin::new(&mut stream).poll_next(cx)).await {
        items.push(item);
    }
    items
}

mod draining {
    //! Draining, with `next().await` and as a `Stream`; wake-ups reaching the executor.

    use super::*;

    #[test]
    fn drain_with_next_and_no_real_awaits() {
        let mut g = numbers(5);
        let items = block_on_noop(async {
            let mut items = Vec::new();
            while let Some(i) = g.next().await {
                items.push(i);
            }
            items
        });
        assert_eq!(items, [0, 1, 4, 9, 16]);
        assert_eq!(g.take_return(), Some("numbers done"));
        assert!(g.is_finished());
    }

    #[test]
    fn drain_as_a_stream() {
        let (items, wakes) = block_on(collect_stream(numbers(4)));
        assert_eq!(items, [0, 1, 4, 9]);
        assert_eq!(wakes, 0, "nothing waited, nothing woke");
    }

    #[test]
    fn nothing_runs_before_the_first_poll() {
        let t = trace();
        let t2 = t.clone();
        let mut g = async_gen_! {
            log(&t2, "started");
            yield_!(1u8);
        };
        assert_eq!(taken(&t), Vec::<String>::new());
        assert_eq!(block_on_noop(g.next()), Some(1));
        assert_eq!(taken(&t), ["started"]);
    }

    #[generator(yield = &'static str)]
    async fn awaits_everything() -> usize {
        let mut awaited = 0;
        yield_!("start");
        yield_!(WakeByRef::default().await);
        awaited += 1;
        yield_!(WakeClone::default().await);
        awaited += 1;
        yield_!(WakeFromThread::default().await);
        awaited += 1;
        awaited
    }

    #[test]
    fn wake_ups_reach_the_executor() {
        let mut g = awaits_everything();
        let (items, wakes) = block_on(async {
            let mut items = Vec::new();
            while let Some(item) = g.next().await {
                items.push(item);
            }
            items
        });
        assert_eq!(items, ["start", "by ref", "by clone", "from thread"]);
        assert_eq!(wakes, 3);
        assert_eq!(g.take_return(), Some(3));
    }

    #[test]
    fn wake_ups_reach_the_executor_through_delegation() {
        #[generator(yield = &'static str)]
        async fn level(n: u32) -> usize {
            if n == 0 {
                yield_from!(awaits_everything())
            } else {
                let below = yield_from!(level(n - 1));
                WakeClone::default().await;
                below + 1
            }
        }
        for depth in [0, 1, 2, 3, 6] {
            let mut g = level(depth);
            let (items, wakes) = block_on(collect_stream(&mut g));
            assert_eq!(items, ["start", "by ref", "by clone", "from thread"]);
            assert_eq!(wakes, 3 + depth as usize, "depth {depth}");
            assert_eq!(g.take_return(), Some(3 + depth as usize));
        }
    }

    #[test]
    fn an_async_generator_iterating_another_by_hand() {
        let mut g = async_gen_! {
            let mut inner = awaits_everything();
            while let Some(word) = inner.next().await {
                WakeByRef::default().await;
                yield_!(word.len());
            }
            for x in gen_! { yield_!(100); yield_!(200) } {
                yield_!(x);
            }
        };
        let (items, wakes) = block_on(collect_stream(&mut g));
        assert_eq!(items, [5, 6, 8, 11, 100, 200]);
        assert_eq!(wakes, 3 + 4);
    }

    /// `awaits_everything` as a block: `#[generator]` functions are not `Send`
    /// yet (see `tests/auto_traits.rs`), blocks are when their state is.
    macro_rules! awaits_everything_block {
        () => {
            async_gen_! {
                yield_!("start");
                yield_!(WakeByRef::default().await);
                yield_!(WakeClone::default().await);
                yield_!(WakeFromThread::default().await);
            }
        };
    }

    #[test]
    fn moving_a_generator_to_another_thread_between_polls() {
        let mut g = awaits_everything_block!();
        let (first, _) = block_on(g.next());
        assert_eq!(first, Some("start"));
        let (second, _) = block_on(g.next());
        assert_eq!(second, Some("by ref"));
        let mut moved = Box::new(g);
        // Polled from another thread, by another executor.
        let rest = thread::spawn(move || block_on(collect_stream(&mut *moved)).0)
            .join()
            .unwrap();
        assert_eq!(rest, ["by clone", "from thread"]);
    }

    /// Pending once, then pushes into the buffer it borrows: the shape of
    /// `reader.read(&mut buf).await`.
    struct FillLater<'a> {
        buffer: &'a mut Vec<u8>,
        waited: bool,
    }

    impl Future for FillLater<'_> {
        type Output = usize;
        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<usize> {
            if !self.waited {
                self.waited = true;
                cx.waker().wake_by_ref();
                return Poll::Pending;
            }
            self.buffer.push(b'x');
            Poll::Ready(self.buffer.len())
        }
    }

    /// A future in the body holds `&mut` to a local of the body while it is
    /// pending, and the executor polls the generator again: the driver must not
    /// invalidate that borrow (Miri checks it; see
    /// `borrowing_locals_across_yields::a_mutable_borrow_of_a_local_lives_across_yields`
    /// in `tests/generator.rs`).
    #[test]
    fn a_local_mutably_borrowed_by_a_pending_future() {
        let mut g = async_gen_! {
            let mut buffer = Vec::new();
            for _ in 0..2 {
                let len = FillLater { buffer: &mut buffer, waited: false }.await;
                yield_!(len);
            }
            let counter = &mut buffer;
            counter.push(b'y');
            yield_!(counter.len());
            counter.push(b'z');
            yield_!(counter.len());
        };
        let (items, wakes) = block_on(collect_stream(&mut g));
        assert_eq!(items, [1, 2, 3, 4]);
        assert_eq!(wakes, 2);
    }
}

mod asend {
    //! `send(v).await`: Python's `asend`.

    use super::*;

    // Python:
    //     async def jumping_range(up_to):
    //         index = 0
    //         while index < up_to:
    //             jump = yield index
    //             if jump is None:
    //                 jump = 1
    //             index += jump
    //     g = jumping_range(5)
    //     await g.asend(None) -> 0;  await g.asend(2) -> 2;  await anext(g) -> 3
    //     await g.asend(-1) -> 2;    [x async for x in g] == [3, 4]
    #[generator(yield = i32, resume = Option<i32>)]
    async fn jumping_range(up_to: i32) {
        let mut index = 0;
        while index < up_to {
            WakeByRef::default().await;
            let jump = yield_!(index);
            index += jump.unwrap_or(1);
        }
    }

    #[test]
    fn asend_jumping_range() {
        let mut g = jumping_range(5);
        let (trace, _) = block_on(async {
            let mut trace = Vec::new();
            trace.push(g.send(None).await);
            trace.push(g.send(Some(2)).await);
            trace.push(g.next().await.map_or(Complete(()), Yielded));
            trace.push(g.send(Some(-1)).await);
            while let Some(x) = g.next().await {
                trace.push(Yielded(x));
            }
            trace
        });
        assert_eq!(
            trace,
            [
                Yielded(0),
                Yielded(2),
                Yielded(3),
                Yielded(2),
                Yielded(3),
                Yielded(4)
            ]
        );
        assert!(g.is_finished());
    }

    #[generator(yield = String, resume = i32, first_resume = first)]
    async fn async_echo() -> i32 {
        let mut total = first;
        loop {
            WakeClone::default().await;
            let x = yield_!(format!("total {total}"));
            if x == 0 {
                return total;
            }
            total += x;
        }
    }

    #[test]
    fn asend_values_and_the_return_value() {
        let mut g = async_echo();
        let (trace, wakes) = block_on(async {
            vec![
                g.send(10).await,
                g.send(5).await,
                g.send(-3).await,
                g.send(0).await,
            ]
        });
        assert_eq!(
            trace,
            [
                Yielded("total 10".to_string()),
                Yielded("total 15".to_string()),
                Yielded("total 12".to_string()),
                Complete(12),
            ]
        );
        assert_eq!(wakes, 3);
    }

    #[test]
    #[should_panic(expected = "previous resume did not finish")]
    fn send_after_an_interrupted_resume_panics() {
        let mut g = async_echo();
        block_on_noop(g.send(1)).yielded().unwrap();
        {
            // Polled once: the body waits in `WakeClone`; the future is dropped.
            let mut send = pin!(g.send(2));
            let mut cx = Context::from_waker(Waker::noop());
            assert!(send.as_mut().poll(&mut cx).is_pending());
        }
        block_on_noop(g.send(3));
    }

    #[test]
    fn next_finishes_an_interrupted_resume() {
        let mut g = async_echo();
        assert_eq!(block_on_noop(g.send(1)), Yielded("total 1".to_string()));
        {
            let mut send = pin!(g.send(2));
            let mut cx = Context::from_waker(Waker::noop());
            assert!(send.as_mut().poll(&mut cx).is_pending());
        }
        // The interrupted resume already delivered 2.
        assert_eq!(block_on_noop(g.next()), Some("total 3".to_string()));
    }
}

mod delegation {
    //! Delegation to sync and async generators, iterables and streams.

    use super::*;

    #[generator(yield = i32, resume = i32)]
    fn sync_adder() -> i32 {
        let mut total = 0;
        for _ in 0..2 {
            total += yield_!(total);
        }
        total
    }

    #[generator(yield = i32, resume = i32)]
    async fn async_adder() -> i32 {
        let mut total = 0;
        for _ in 0..2 {
            WakeByRef::default().await;
            total += yield_!(total);
        }
        total
    }

    /// A stream that counts down; not a generator.
    struct Countdown(i32);

    impl Stream for Countdown {
        type Item = i32;
        fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<i32>> {
            if self.0 == 0 {
                return Poll::Ready(None);
            }
            if self.0 % 2 == 0 {
                // Pending every other item, waking at once.
                self.0 -= 1;
                cx.waker().wake_by_ref();
                return Poll::Pending;
            }
            self.0 -= 1;
            Poll::Ready(Some(self.0 * 100))
        }
    }

    // Python has no `yield from` in async generators; the manual equivalent is
    //     async def outer():
    //         a = await delegate(sync_adder())     # asend loop forwarding values
    //         b = await delegate(async_adder())
    //         for x in [7, 8]: yield x
    //         async for x in countdown(4): yield x
    //         return a * 1000 + b
    // Resume values go into each delegate; their return values come back out.
    #[generator(yield = i32, resume = i32)]
    async fn async_delegator() -> i32 {
        let a = yield_from!(sync_adder());
        let b = yield_from!(async_adder());
        yield_from!([7, 8]);
        yield_from!(Countdown(4));
        a * 1000 + b
    }

    #[test]
    fn async_yield_from_sync_async_iterable_and_stream() {
        let mut g = async_delegator();
        let (trace, wakes) = block_on(async {
            let mut trace = Vec::new();
            for arg in [0, 3, 4, 5, 6, 0, 0, 0, 0] {
                trace.push(g.send(arg).await);
            }
            trace
        });
        assert_eq!(
            trace,
            [
                Yielded(0), // sync_adder starts (its first argument is dropped)
                Yielded(3),
                Yielded(0), // sync_adder returned 7; async_adder starts with 0
                Yielded(5),
                Yielded(7), // async_adder returned 11
                Yielded(8),
                Yielded(200),
                Yielded(0),
                Complete(7011),
            ]
        );
        assert_eq!(wakes, 2 + 2, "two in async_adder, two in Countdown");
        assert!(g.is_finished());
    }

    #[test]
    fn async_yield_from_return_values_through_three_levels() {
        #[generator(yield = i32, resume = i32)]
        async fn level3() -> i32 {
            WakeClone::default().await;
            let x = yield_!(3);
            x + 1
        }
        #[generator(yield = i32, resume = i32)]
        async fn level2() -> i32 {
            let r = yield_from!(level3());
            yield_!(r);
            r * 10
        }
        #[generator(yield = i32, resume = i32)]
        async fn level1() -> i32 {
            let r = yield_from!(level2());
            r + 5
        }
        let mut g = level1();
        let (trace, wakes) =
            block_on(async { vec![g.send(0).await, g.send(100).await, g.send(0).await] });
        assert_eq!(trace, [Yielded(3), Yielded(101), Complete(1015)]);
        assert_eq!(wakes, 1);
    }

    #[test]
    fn async_yield_from_a_borrowed_partially_consumed_async_generator() {
        let mut inner = numbers(5);
        assert_eq!(block_on_noop(inner.next()), Some(0));
        let borrowed = &mut inner;
        let mut outer = async_gen_! {
            let done = yield_from!(borrowed);
            yield_!(done.len() as u64);
        };
        let (items, _) = block_on(collect_stream(&mut outer));
        assert_eq!(items, [1, 4, 9, 16, "numbers done".len() as u64]);
        drop(outer);
        assert!(inner.is_finished());
    }
}

mod fused_stream_panics_and_drop_mid_await {
    //! `FusedStream`, panics, drop mid-await.

    use super::*;

    /// Never ready; logs when dropped.
    struct Forever(Trace, &'static str);

    impl Future for Forever {
        type Output = ();
        fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
            Poll::Pending
        }
    }

    impl Drop for Forever {
        fn drop(&mut self) {
            log(&self.0, format!("drop {}", self.1));
        }
    }

    #[test]
    fn fused_stream_after_the_end() {
        let mut g = numbers(2);
        assert!(!g.is_terminated());
        assert_eq!(block_on_noop(g.next()), Some(0));
        assert!(!g.is_terminated());
        assert_eq!(block_on_noop(g.next()), Some(1));
        assert!(!g.is_terminated());
        assert_eq!(block_on_noop(g.next()), None);
        assert!(g.is_terminated());
        let mut cx = Context::from_waker(Waker::noop());
        for _ in 0..3 {
            assert_eq!(Pin::new(&mut g).poll_next(&mut cx), Poll::Ready(None));
        }
        assert_eq!(block_on_noop(g.next()), None);
        assert_eq!(g.size_hint(), (0, None));
    }

    /// Yields 1, waits once, then panics, with a guard named `local` alive.
    #[generator(yield = u8)]
    async fn panics_after_a_wait(trace: Trace) {
        let _g = guard(&trace, "local");
        yield_!(1);
        WakeByRef::default().await;
        panic!("async boom");
    }

    #[test]
    fn a_panic_keeps_its_payload_and_terminates_the_stream() {
        let t = trace();
        let mut g = panics_after_a_wait(t.clone());
        assert_eq!(block_on_noop(g.next()), Some(1));
        let payload = catch_unwind(AssertUnwindSafe(|| block_on_noop(g.next()))).unwrap_err();
        assert_eq!(payload.downcast_ref::<&str>(), Some(&"async boom"));
        assert_eq!(taken(&t), ["drop local"]);
        assert!(g.is_finished());
        assert!(g.is_terminated());
        assert_eq!(block_on_noop(g.next()), None);
        drop(g);
        assert_eq!(taken(&t), Vec::<String>::new());
    }

    /// Python: an async generator that raises after an `await` is finished;
    /// `asend` then raises `StopAsyncIteration`, not an error about a resume
    /// still under way.
    #[test]
    fn a_panic_after_a_wait_leaves_no_resume_under_way() {
        let t = trace();
        let mut g = panics_after_a_wait(t.clone());
        assert_eq!(block_on_noop(g.send(())), Yielded(1));
        {
            let mut send = pin!(g.send(()));
            let mut cx = Context::from_waker(Waker::noop());
            assert!(send.as_mut().poll(&mut cx).is_pending(), "waits once");
            let payload =
                catch_unwind(AssertUnwindSafe(|| send.as_mut().poll(&mut cx))).unwrap_err();
            assert_eq!(payload.downcast_ref::<&str>(), Some(&"async boom"));
        }
        assert_eq!(taken(&t), ["drop local"], "dropped while unwinding");
        assert!(g.is_finished());
        let payload = catch_unwind(AssertUnwindSafe(|| block_on_noop(g.send(())))).unwrap_err();
        let message = payload.downcast_ref::<&str>().copied().unwrap_or_default();
        assert!(
            message.starts_with("resumed a generator that already finished"),
            "{message}"
        );
        assert_eq!(block_on_noop(g.next()), None);
    }

    #[test]
    fn drop_mid_await_drops_live_locals_once() {
        let t = trace();
        let t2 = t.clone();
        let mut g = async_gen_! {
            let _a = guard(&t2, "a");
            yield_!(1u8);
            let _b = guard(&t2, "b");
            Forever(t2.clone(), "awaited future").await;
            yield_!(2u8);
        };
        assert_eq!(block_on_noop(g.next()), Some(1));
        {
            let mut next = pin!(g.next());
            let mut cx = Context::from_waker(Waker::noop());
            assert_eq!(next.as_mut().poll(&mut cx), Poll::Pending);
            assert_eq!(next.as_mut().poll(&mut cx), Poll::Pending);
        }
        assert_eq!(taken(&t), Vec::<String>::new());
        assert!(!g.is_finished());
        drop(g);
        assert_eq!(taken(&t), ["drop awaited future", "drop b", "drop a"]);
    }

    #[test]
    fn drop_mid_await_inside_a_delegate() {
        #[generator(yield = u8)]
        async fn waits_inside(t: Trace, n: u32) {
            let _g = guard(&t, ["level 0", "level 1", "level 2", "level 3"][n as usize]);
            if n == 0 {
                yield_!(0);
                Forever(t.clone(), "awaited future").await;
            } else {
                yield_from!(waits_inside(t.clone(), n - 1));
            }
        }
        for depth in [0, 1, 2, 3] {
            let t = trace();
            let mut g = waits_inside(t.clone(), depth);
            assert_eq!(block_on_noop(g.next()), Some(0));
            let mut cx = Context::from_waker(Waker::noop());
            assert_eq!(Pin::new(&mut g).poll_next(&mut cx), Poll::Pending);
            drop(g);
            let mut expected = vec!["drop awaited future".to_string()];
            expected.extend((0..=depth).map(|i| format!("drop level {i}")));
            assert_eq!(taken(&t), expected, "depth {depth}");
        }
    }

    #[test]
    fn close_an_async_generator() {
        let t = trace();
        let t2 = t.clone();
        let mut g = async_gen_! {
            let _a = guard(&t2, "a");
            yield_!(1u8);
            yield_!(2u8);
        };
        assert_eq!(block_on_noop(g.next()), Some(1));
        g.close();
        assert_eq!(taken(&t), ["drop a"]);
        assert!(g.is_finished());
        assert!(g.is_terminated());
        assert_eq!(block_on_noop(g.next()), None);
    }
}

mod shapes {
    //! Shapes: `?`, methods, `no_alloc`, the expression form.

    use super::*;

    #[generator(yield = u32)]
    async fn parse(text: &str) -> Result<usize, String> {
        let mut n = 0;
        for c in text.chars() {
            WakeByRef::default().await;
            yield_!(c.to_digit(10).ok_or(format!("bad {c}"))?);
            n += 1;
        }
        Ok(n)
    }

    #[test]
    fn question_mark_in_an_async_generator() {
        let mut g = parse("12z");
        assert_eq!(block_on(collect_stream(&mut g)).0, [1, 2]);
        assert_eq!(g.take_return(), Some(Err("bad z".to_string())));
        let mut g = parse("345");
        assert_eq!(block_on(collect_stream(&mut g)).0, [3, 4, 5]);
        assert_eq!(g.take_return(), Some(Ok(3)));
    }

    struct Source {
        items: Vec<u32>,
    }

    impl Source {
        #[generator(yield = u32)]
        async fn doubled(&self) {
            for x in &self.items {
                WakeByRef::default().await;
                yield_!(x * 2);
            }
        }
    }

    #[test]
    fn async_generator_methods() {
        let s = Source {
            items: vec![1, 2, 3],
        };
        assert_eq!(block_on(collect_stream(s.doubled())).0, [2, 4, 6]);
    }

    #[generator(yield = u8, no_alloc)]
    async fn inline_numbers(n: u8) -> u8 {
        for i in 0..n {
            WakeClone::default().await;
            yield_!(i);
        }
        n
    }

    #[test]
    fn no_alloc_async_generator() {
        let (items, wakes) = block_on(async {
            let mut g = pin!(inline_numbers(3));
            let mut items = Vec::new();
            while let Some(i) = g.as_mut().next().await {
                items.push(i);
            }
            assert!(g.is_terminated());
            assert_eq!(g.as_mut().take_return(), Some(3));
            items
        });
        assert_eq!(items, [0, 1, 2]);
        assert_eq!(wakes, 3);

        let (trace, _) = block_on(async {
            let mut g = pin!(inline_numbers(1));
            vec![g.as_mut().send(()).await, g.as_mut().send(()).await]
        });
        assert_eq!(trace, [Yielded(0), Complete(1)]);
    }

    #[test]
    fn async_gen_block_captures_by_move_and_takes_arguments() {
        let data = Rc::new(vec![5, 6]);
        let weak = Rc::downgrade(&data);
        let g = async_gen_! {
            for x in data.iter() {
                WakeByRef::default().await;
                yield_!(*x);
            }
        };
        assert_eq!(weak.strong_count(), 1);
        assert_eq!(block_on(collect_stream(g)).0, [5, 6]);
        assert_eq!(weak.strong_count(), 0);

        let mut g = async_gen_! {
            #![generator(yield = i32, resume = i32, first_resume = first)]
            let second = yield_!(first * 2);
            first + second
        };
        let (trace, _) = block_on(async { vec![g.send(4).await, g.send(5).await] });
        assert_eq!(trace, [Yielded(8), Complete(9)]);
    }

    fn named_return_type() -> AsyncGen<impl Body<Yield = u8, Resume = (), Return = ()>> {
        async_gen_! { yield_!(1u8) }
    }

    #[test]
    fn the_return_type_names_the_body() {
        assert_eq!(block_on(collect_stream(named_return_type())).0, [1]);
    }
}

mod with_tokio {
    //! Under tokio: its timers, tasks and channels.

    use super::*;

    #[generator(yield = u64)]
    async fn ticks(n: u64) -> u64 {
        for i in 0..n {
            tokio::time::sleep(Duration::from_millis(1)).await;
            yield_!(i);
        }
        n
    }

    #[tokio::test]
    #[cfg_attr(miri, ignore = "tokio")]
    async fn tokio_sleep_in_the_body() {
        let start = Instant::now();
        let mut g = ticks(5);
        let mut seen = Vec::new();
        while let Some(i) = g.next().await {
            seen.push(i);
        }
        assert_eq!(seen, [0, 1, 2, 3, 4]);
        assert_eq!(g.take_return(), Some(5));
        assert!(start.elapsed() >= Duration::from_millis(5));
    }

    #[tokio::test]
    #[cfg_attr(miri, ignore = "tokio")]
    async fn tokio_spawn_a_task_draining_one() {
        let g = ticks(4);
        assert_send(&g);
        let drained = tokio::spawn(async move {
            let mut g = g;
            let mut seen = Vec::new();
            while let Some(i) = g.next().await {
                seen.push(i);
            }
            (seen, g.take_return())
        });
        assert_eq!(drained.await.unwrap(), (vec![0, 1, 2, 3], Some(4)));
    }

    #[tokio::test]
    #[cfg_attr(miri, ignore = "tokio")]
    async fn tokio_spawn_a_task_creating_and_delegating() {
        let task = tokio::spawn(async {
            let mut g = async_gen_! {
                #![generator(yield = u64)]
                let n = yield_from!(ticks(3));
                yield_from!(gen_! { yield_!(10u64); yield_!(11) });
                yield_!(n * 100);
            };
            let mut seen = Vec::new();
            while let Some(i) = g.next().await {
                seen.push(i);
            }
            seen
        });
        assert_eq!(task.await.unwrap(), [0, 1, 2, 10, 11, 300]);
    }

    #[generator(yield = u32)]
    async fn relay(mut rx: tokio::sync::mpsc::Receiver<u32>) -> usize {
        let mut count = 0;
        while let Some(v) = rx.recv().await {
            count += 1;
            yield_!(v * 10);
        }
        count
    }

    #[tokio::test]
    #[cfg_attr(miri, ignore = "tokio")]
    async fn tokio_channel_fed_from_another_task() {
        let (tx, rx) = tokio::sync::mpsc::channel(1);
        let feeder = tokio::spawn(async move {
            for v in 0..5 {
                tokio::time::sleep(Duration::from_millis(2)).await;
                tx.send(v).await.unwrap();
            }
        });
        let mut g = relay(rx);
        let drained = tokio::time::timeout(Duration::from_secs(10), async {
            let mut seen = Vec::new();
            while let Some(v) = g.next().await {
                seen.push(v);
            }
            seen
        })
        .await
        .expect("a lost wake-up: the channel never woke the generator");
        assert_eq!(drained, [0, 10, 20, 30, 40]);
        assert_eq!(g.take_return(), Some(5));
        feeder.await.unwrap();
    }

    #[tokio::test]
    #[cfg_attr(miri, ignore = "tokio")]
    async fn tokio_resume_interrupted_in_one_task_finished_in_another() {
        let (tx, mut rx) = tokio::sync::mpsc::channel::<u32>(1);
        let g = async_gen_! {
            #![generator(yield = u32)]
            let mut count = 0;
            while let Some(v) = rx.recv().await {
                count += 1;
                yield_!(v * 10);
            }
            count
        };
        let g = tokio::spawn(async move {
            let mut g = g;
            // Waits in `recv` until the timeout drops the `next` future.
            let timed_out = tokio::time::timeout(Duration::from_millis(5), g.next()).await;
            assert!(timed_out.is_err());
            assert!(!g.is_finished());
            g
        })
        .await
        .unwrap();
        let rest = tokio::spawn(async move {
            let mut g = g;
            let mut seen = Vec::new();
            while let Some(v) = g.next().await {
                seen.push(v);
            }
            (seen, g.take_return())
        });
        // Sent after the second task started waiting: only its waker can see it.
        tokio::time::sleep(Duration::from_millis(5)).await;
        tx.send(7).await.unwrap();
        drop(tx);
        let rest = tokio::time::timeout(Duration::from_secs(10), rest)
            .await
            .expect("a lost wake-up")
            .unwrap();
        assert_eq!(rest, (vec![70], Some(1)));
    }
}
