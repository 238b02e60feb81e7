//! `coyield::rt`: the executor, its tasks, timers and combinators.
//!
//! Every assertion is on exact values or traces; the only timing checks are
//! lower bounds (a sleep never ends early), which load cannot break. Orders
//! of completion come from deadlines 10 ms apart (250 ms under Miri).
//! Misuse panics are checked for their whole message and for the file and
//! line they report, which a panic hook records.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::panic::{self, AssertUnwindSafe};
use std::pin::{Pin, pin};
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::thread;
use std::time::{Duration, Instant};

use coyield::rt::{self, Elapsed, JoinHandle};
use coyield::{generator, yield_};

mod common;
use common::{
    Panicked, assert_panics_here, at_this_line, hooked_panic, last_panic, message, panic_message,
    watch_panics,
};

/// `n` milliseconds, stretched under Miri, where a few polls can take
/// longer than the gaps between the deadlines some tests order by.
fn ms(n: u64) -> Duration {
    const STRETCH: u64 = if cfg!(miri) { 25 } else { 1 };
    Duration::from_millis(n * STRETCH)
}

/// Sleeps `n` ms, then records `n` in `trace` and returns it.
async fn nap(n: u64, trace: Rc<RefCell<Vec<u64>>>) -> u64 {
    rt::sleep(ms(n)).await;
    trace.borrow_mut().push(n);
    n
}

/// Polls a future once, with a waker that does nothing. A misuse panic in
/// the poll reports the line of the `poll_once` call.
#[track_caller]
fn poll_once<F: Future>(future: Pin<&mut F>) -> Poll<F::Output> {
    future.poll(&mut Context::from_waker(Waker::noop()))
}

/// The misuse messages, exactly.
const SPAWN_OUTSIDE: &str =
    "`coyield::rt::spawn` called outside `coyield::rt::block_on`; run this inside `block_on(...)`";
const NESTED_BLOCK_ON: &str = "`coyield::rt::block_on` called inside `block_on`: it would block \
     this thread and every task on it until its future completes; `.await` the future instead, \
     or `spawn` it";
const TIMER_OUTSIDE: &str = "a `coyield::rt` timer (`sleep`, `sleep_until` or `timeout`) was \
     polled outside `coyield::rt::block_on`; await it inside `block_on(...)`";
const ABORTED: &str = "awaited a task that was aborted before it completed (by \
     `JoinHandle::abort`, or dropped when its `block_on` returned), so it has no output; drop \
     the handle of a task you abort instead of awaiting it";
const POLLED_AFTER: &str = "`JoinHandle` polled after it completed";
const OWN_HANDLE: &str = "a task awaited its own `JoinHandle`: it would wait for itself forever; \
     await the handle from another task, or from the future passed to `block_on`";

/// Sets its flag when dropped.
struct DropFlag(Rc<Cell<bool>>);

impl Drop for DropFlag {
    fn drop(&mut self) {
        self.0.set(true);
    }
}

/// Panics when dropped.
struct PanicOnDrop(&'static str);

impl Drop for PanicOnDrop {
    fn drop(&mut self) {
        panic!("{}", self.0);
    }
}

// ---------------------------------------------------------------- block_on

#[test]
fn block_on_returns_the_output() {
    assert_eq!(rt::block_on(async { 6 * 7 }), 42);
    // One executor after another on the same thread.
    assert_eq!(rt::block_on(async { rt::spawn(async { 1 }).await }), 1);
}

#[test]
fn block_on_a_sleep_created_outside() {
    let start = Instant::now();
    rt::block_on(rt::sleep(ms(10)));
    assert!(start.elapsed() >= ms(10));
}

// ---------------------------------------------------------------- join_all, as_completed

#[test]
fn join_all_keeps_input_order() {
    let trace = Rc::new(RefCell::new(Vec::new()));
    let outputs = rt::block_on(rt::join_all([30, 10, 20].map(|n| nap(n, trace.clone()))));
    assert_eq!(outputs, [30, 10, 20]);
    assert_eq!(*trace.borrow(), [10, 20, 30]);
}

#[test]
fn join_all_of_handles() {
    let trace = Rc::new(RefCell::new(Vec::new()));
    let outputs = rt::block_on(async {
        let handles: Vec<JoinHandle<u64>> = [30, 10, 20]
            .into_iter()
            .map(|n| rt::spawn(nap(n, trace.clone())))
            .collect();
        rt::join_all(handles).await
    });
    assert_eq!(outputs, [30, 10, 20]);
    assert_eq!(*trace.borrow(), [10, 20, 30]);
}

#[test]
fn join_all_of_nothing() {
    let outputs: Vec<u8> = rt::block_on(rt::join_all(Vec::<std::future::Ready<u8>>::new()));
    assert!(outputs.is_empty());
}

#[test]
fn as_completed_yields_in_completion_order() {
    let trace = Rc::new(RefCell::new(Vec::new()));
    let order = rt::block_on(async {
        let mut done = rt::as_completed([30, 10, 20].map(|n| nap(n, trace.clone())));
        let mut order = Vec::new();
        while let Some(n) = done.next().await {
            order.push(n);
        }
        order
    });
    assert_eq!(order, [10, 20, 30]);
    assert_eq!(*trace.borrow(), [10, 20, 30]);
}

#[test]
fn as_completed_of_handles_is_a_stream() {
    use futures_core::Stream;

    fn assert_stream<S: Stream<Item = u64>>(s: S) -> S {
        s
    }
    let trace = Rc::new(RefCell::new(Vec::new()));
    let order = rt::block_on(async {
        let handles: Vec<_> = [30, 10, 20]
            .into_iter()
            .map(|n| rt::spawn(nap(n, trace.clone())))
            .collect();
        let mut done = assert_stream(rt::as_completed(handles));
        let mut order = Vec::new();
        while let Some(n) = std::future::poll_fn(|cx| Pin::new(&mut done).poll_next(cx)).await {
            order.push(n);
        }
        order
    });
    assert_eq!(order, [10, 20, 30]);
}

#[test]
fn as_completed_same_turn_keeps_input_order() {
    let order = rt::block_on(async {
        let mut done = rt::as_completed([3, 1, 2].map(|n| async move { n }));
        let mut order = Vec::new();
        while let Some(n) = done.next().await {
            order.push(n);
        }
        order
    });
    assert_eq!(order, [3, 1, 2]);
}

// ---------------------------------------------------------------- timers

#[test]
fn timeout_completes_in_time() {
    let result = rt::block_on(rt::timeout(ms(1_000), async {
        rt::sleep(ms(5)).await;
        7
    }));
    assert_eq!(result, Ok(7));
}

#[test]
fn timeout_elapses() {
    let dropped = Rc::new(Cell::new(false));
    let start = Instant::now();
    let result = rt::block_on(rt::timeout(ms(20), {
        let guard = DropFlag(dropped.clone());
        async move {
            let _guard = guard;
            rt::sleep(ms(60_000)).await;
            7
        }
    }));
    let elapsed: Elapsed = result.unwrap_err();
    assert_eq!(elapsed.to_string(), "deadline has elapsed");
    assert!(dropped.get(), "the timed-out future is dropped");
    assert!(start.elapsed() >= ms(20));
}

#[test]
fn sleep_of_an_overflowing_duration_never_ends() {
    let sleep = rt::sleep(Duration::MAX);
    assert_eq!(sleep.deadline(), None);
    assert!(rt::block_on(rt::timeout(ms(5), sleep)).is_err());
}

#[test]
fn sleeps_end_in_deadline_order() {
    let trace = Rc::new(RefCell::new(Vec::new()));
    let start = Instant::now();
    rt::block_on(async {
        let base = Instant::now() + ms(10);
        let tasks: Vec<_> = [(2, 4), (0, 0), (2, 2), (1, 1), (2, 3)]
            .into_iter()
            .map(|(offset, id)| {
                let trace = trace.clone();
                rt::spawn(async move {
                    rt::sleep_until(base + ms(offset * 5)).await;
                    trace.borrow_mut().push(id);
                })
            })
            .collect();
        rt::join_all(tasks).await;
    });
    // Equal deadlines end in the order they were registered.
    assert_eq!(*trace.borrow(), [0, 1, 4, 2, 3]);
    assert!(start.elapsed() >= ms(20));
}

#[test]
fn sleep_until_the_past_is_ready_at_once() {
    rt::block_on(async {
        let past = Instant::now();
        let mut sleep = pin!(rt::sleep_until(past));
        let ready = std::future::poll_fn(|cx| Poll::Ready(sleep.as_mut().poll(cx))).await;
        assert_eq!(ready, Poll::Ready(()));
    });
}

#[test]
fn a_sleep_is_reusable_by_reference() {
    rt::block_on(async {
        let mut sleep = rt::sleep(ms(5));
        (&mut sleep).await;
        // Completed: awaiting again completes at once.
        (&mut sleep).await;
    });
}

// ---------------------------------------------------------------- wake-ups

/// A one-shot channel built on std only: the sender may live on any thread.
struct Oneshot<T> {
    state: Mutex<(Option<T>, Option<Waker>)>,
}

impl<T> Oneshot<T> {
    fn new() -> Arc<Self> {
        Arc::new(Oneshot {
            state: Mutex::new((None, None)),
        })
    }

    fn send(&self, value: T) {
        let mut state = self.state.lock().unwrap();
        state.0 = Some(value);
        let waker = state.1.take();
        drop(state);
        if let Some(waker) = waker {
            waker.wake();
        }
    }

    fn recv(self: &Arc<Self>) -> impl Future<Output = T> + use<T> {
        let this = self.clone();
        std::future::poll_fn(move |cx: &mut Context<'_>| {
            let mut state = this.state.lock().unwrap();
            match state.0.take() {
                Some(value) => Poll::Ready(value),
                None => {
                    state.1 = Some(cx.waker().clone());
                    Poll::Pending
                }
            }
        })
    }
}

#[test]
fn another_thread_wakes_the_executor() {
    let channel = Oneshot::new();
    let sender = channel.clone();
    let start = Instant::now();
    let worker = thread::spawn(move || {
        thread::sleep(ms(50));
        sender.send("from the thread");
    });
    // No timer is pending: the executor parks until the thread wakes it.
    let got = rt::block_on(channel.recv());
    assert_eq!(got, "from the thread");
    assert!(start.elapsed() >= ms(50));
    worker.join().unwrap();
}

#[test]
fn another_thread_wakes_a_task() {
    let channel = Oneshot::new();
    let sender = channel.clone();
    let worker = thread::spawn(move || {
        thread::sleep(ms(20));
        sender.send(5_u32);
    });
    let got = rt::block_on(async move {
        let task = rt::spawn(async move { channel.recv().await * 2 });
        task.await
    });
    assert_eq!(got, 10);
    worker.join().unwrap();
}

#[test]
fn no_wake_up_is_lost() {
    // Senders race the executor going to sleep; a lost wake-up would hang.
    let rounds = if cfg!(miri) { 20 } else { 500 };
    for round in 0..rounds {
        let channel = Oneshot::new();
        let sender = channel.clone();
        let worker = thread::spawn(move || sender.send(round));
        assert_eq!(rt::block_on(channel.recv()), round);
        worker.join().unwrap();
    }
}

#[test]
fn a_wake_after_block_on_returned_is_harmless() {
    let channel = Oneshot::<u8>::new();
    rt::block_on(async {
        let receiver = channel.clone();
        // The task waits on the channel, its waker kept there.
        drop(rt::spawn(async move { receiver.recv().await }));
        rt::yield_now().await;
    });
    // Its executor is gone: the wake-ups, from another thread and from this
    // one, go nowhere (and leak nothing: Miri checks).
    let sender = channel.clone();
    thread::spawn(move || sender.send(1)).join().unwrap();
    channel.send(2);
}

#[test]
fn yield_now_interleaves_tasks() {
    let trace = Rc::new(RefCell::new(Vec::new()));
    rt::block_on(async {
        let tasks: Vec<_> = ["a", "b", "c"]
            .into_iter()
            .map(|name| {
                let trace = trace.clone();
                rt::spawn(async move {
                    for i in 0..3 {
                        trace.borrow_mut().push(format!("{name}{i}"));
                        rt::yield_now().await;
                    }
                })
            })
            .collect();
        trace.borrow_mut().push("main".to_string());
        rt::join_all(tasks).await;
    });
    assert_eq!(
        *trace.borrow(),
        ["main", "a0", "b0", "c0", "a1", "b1", "c1", "a2", "b2", "c2"]
    );
}

#[test]
fn yield_now_lets_a_spawned_task_run_first() {
    let trace = Rc::new(RefCell::new(Vec::new()));
    rt::block_on(async {
        let t = trace.clone();
        let task = rt::spawn(async move { t.borrow_mut().push("task") });
        trace.borrow_mut().push("before");
        rt::yield_now().await;
        trace.borrow_mut().push("after");
        assert!(task.is_finished());
        task.await;
    });
    assert_eq!(*trace.borrow(), ["before", "task", "after"]);
}

// ---------------------------------------------------------------- tasks

#[test]
fn spawn_from_a_task() {
    let total = rt::block_on(async {
        let outer = rt::spawn(async {
            let inner: Vec<_> = (1..=4u64)
                .map(|i| rt::spawn(async move { i * i }))
                .collect();
            let mut sum = 0;
            for task in inner {
                sum += task.await;
            }
            sum
        });
        outer.await
    });
    assert_eq!(total, 30);
}

#[test]
fn a_panic_in_a_task_reaches_its_handle_only() {
    let progress = Rc::new(RefCell::new(Vec::new()));
    let p = progress.clone();
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        rt::block_on(async move {
            let doomed = rt::spawn(async {
                rt::yield_now().await;
                if true {
                    panic!("boom in a task");
                }
                1
            });
            let steady = rt::spawn({
                let p = p.clone();
                async move {
                    for i in 0..4 {
                        p.borrow_mut().push(i);
                        rt::yield_now().await;
                    }
                    "steady done"
                }
            });
            // The other task keeps running after the panic.
            assert_eq!(steady.await, "steady done");
            assert!(doomed.is_finished());
            p.borrow_mut().push(100);
            doomed.await // resumes the task's panic here
        })
    }));
    let payload = result.unwrap_err();
    assert_eq!(message(&*payload), "boom in a task");
    assert_eq!(*progress.borrow(), [0, 1, 2, 3, 100]);
}

#[test]
fn a_panic_passes_through_handles_awaited_in_tasks() {
    let outcome = rt::block_on(async {
        let doomed = rt::spawn(async {
            panic!("deep");
        });
        // Awaiting a panicked handle panics this task in turn.
        let middle = rt::spawn(doomed);
        rt::yield_now().await;
        assert!(middle.is_finished());
        panic_message(|| {
            let _ = poll_once(pin!(middle));
        })
    });
    assert_eq!(outcome, "deep");
}

#[test]
fn a_panic_in_a_task_destructor_reaches_its_handle() {
    let (finished, message) = rt::block_on(async {
        let task = rt::spawn(async {
            let _guard = PanicOnDrop("boom in a destructor");
            rt::yield_now().await;
            "completed, then dropped"
        });
        rt::yield_now().await;
        rt::yield_now().await;
        let finished = task.is_finished();
        let message = panic_message(|| {
            let _ = poll_once(pin!(task));
        });
        (finished, message)
    });
    assert!(finished);
    assert_eq!(message, "boom in a destructor");
}

#[test]
fn block_on_inside_a_task_panics_in_that_task() {
    let message = rt::block_on(async {
        let task = rt::spawn(async {
            rt::block_on(async {});
        });
        rt::yield_now().await;
        assert!(task.is_finished());
        panic_message(|| {
            let _ = poll_once(pin!(task));
        })
    });
    assert!(
        message.contains("`.await` the future instead, or `spawn` it"),
        "{message}"
    );
}

#[test]
fn abort_drops_the_task_at_once() {
    let dropped = Rc::new(Cell::new(false));
    let (finished, caught) = rt::block_on({
        let dropped = dropped.clone();
        async move {
            let guard = DropFlag(dropped.clone());
            let task = rt::spawn(async move {
                let _guard = guard;
                rt::sleep(ms(60_000)).await;
                1
            });
            rt::yield_now().await; // the task starts and waits
            assert!(!task.is_finished());
            assert!(!dropped.get());
            task.abort();
            assert!(dropped.get(), "abort drops the future before it returns");
            let finished = task.is_finished();
            let caught = panic_message(|| {
                let _ = poll_once(pin!(task));
            });
            (finished, caught)
        }
    });
    assert!(finished);
    assert!(
        caught.starts_with("awaited a task that was aborted"),
        "{caught}"
    );
}

#[test]
fn abort_before_the_first_poll() {
    let ran = Rc::new(Cell::new(false));
    rt::block_on({
        let ran = ran.clone();
        async move {
            let task = rt::spawn(async move { ran.set(true) });
            task.abort();
            assert!(task.is_finished());
            rt::yield_now().await;
        }
    });
    assert!(!ran.get());
}

#[test]
fn abort_after_completion_keeps_the_output() {
    let output = rt::block_on(async {
        let task = rt::spawn(async { "done" });
        rt::yield_now().await;
        assert!(task.is_finished());
        task.abort();
        task.await
    });
    assert_eq!(output, "done");
}

#[test]
fn a_task_aborts_itself() {
    let after = Rc::new(Cell::new(false));
    let dropped = Rc::new(Cell::new(false));
    rt::block_on({
        let after = after.clone();
        let dropped = dropped.clone();
        async move {
            let slot: Rc<RefCell<Option<JoinHandle<()>>>> = Rc::default();
            let task = rt::spawn({
                let slot = slot.clone();
                let guard = DropFlag(dropped.clone());
                async move {
                    let _guard = guard;
                    rt::yield_now().await;
                    slot.borrow().as_ref().unwrap().abort();
                    // The rest of this poll runs; the next never happens.
                    rt::yield_now().await;
                    after.set(true);
                }
            });
            *slot.borrow_mut() = Some(task);
            for _ in 0..4 {
                rt::yield_now().await;
            }
            assert!(slot.borrow().as_ref().unwrap().is_finished());
        }
    });
    assert!(dropped.get());
    assert!(!after.get());
}

#[test]
fn a_dropped_handle_detaches_its_task() {
    let done = Rc::new(Cell::new(false));
    rt::block_on({
        let done = done.clone();
        async move {
            let flag = done.clone();
            drop(rt::spawn(async move {
                rt::sleep(ms(5)).await;
                flag.set(true);
            }));
            rt::sleep(ms(30)).await;
            assert!(done.get(), "the detached task ran to its end");
        }
    });
    assert!(done.get());
}

#[test]
// The handle is returned on purpose, to look at it after `block_on`.
#[allow(clippy::async_yields_async)]
fn tasks_still_running_are_dropped_when_block_on_returns() {
    let dropped = Rc::new(Cell::new(false));
    let handle = rt::block_on({
        let dropped = dropped.clone();
        async move {
            let guard = DropFlag(dropped);
            rt::spawn(async move {
                let _guard = guard;
                rt::sleep(ms(60_000)).await;
            })
        }
    });
    assert!(dropped.get());
    assert!(handle.is_finished());
}

#[test]
fn a_destructor_may_spawn_during_shutdown() {
    struct SpawnOnDrop(Rc<Cell<u32>>);
    impl Drop for SpawnOnDrop {
        fn drop(&mut self) {
            self.0.set(self.0.get() + 1);
            let count = self.0.clone();
            drop(rt::spawn(async move {
                let _again = DropFlag(Rc::new(Cell::new(false)));
                count.set(count.get() + 10);
            }));
        }
    }
    let count = Rc::new(Cell::new(0));
    rt::block_on({
        let count = count.clone();
        async move {
            let guard = SpawnOnDrop(count);
            drop(rt::spawn(async move {
                let _guard = guard;
                std::future::pending::<()>().await;
            }));
            rt::yield_now().await;
        }
    });
    // Dropped at shutdown; the task it spawned is dropped without running.
    assert_eq!(count.get(), 1);
}

#[test]
fn many_tasks_reuse_slots() {
    let sum = rt::block_on(async {
        let mut sum = 0_u64;
        for round in 0..10_u64 {
            let handles: Vec<_> = (0..100_u64)
                .map(|i| rt::spawn(async move { round * 100 + i }))
                .collect();
            for handle in handles {
                sum += handle.await;
            }
        }
        sum
    });
    assert_eq!(sum, (0..1000).sum());
}

#[test]
fn a_task_awaiting_its_own_handle_panics_to_whoever_awaits_that_handle() {
    watch_panics();
    let line = Rc::new(Cell::new(0));
    let awaited = panic::catch_unwind(AssertUnwindSafe(|| {
        rt::block_on({
            let line = line.clone();
            async move {
                let own: Rc<RefCell<Option<JoinHandle<u8>>>> = Rc::default();
                let task = rt::spawn({
                    let own = own.clone();
                    async move {
                        rt::yield_now().await; // by now its handle is in `own`
                        // Polled in place, the handle stays in `own`, for
                        // `block_on`'s future to await.
                        std::future::poll_fn(|cx| {
                            let mut handle = own.borrow_mut();
                            at_this_line!(line, Pin::new(handle.as_mut().unwrap()).poll(cx))
                        })
                        .await
                    }
                });
                *own.borrow_mut() = Some(task);
                rt::yield_now().await; // the task's first poll
                rt::yield_now().await; // the task polls its own handle, and panics
                let task = own.borrow_mut().take().unwrap();
                assert!(task.is_finished());
                task.await
            }
        })
    }));
    assert_eq!(message(&*awaited.unwrap_err()), OWN_HANDLE);
    // The hook saw it once, where the task polled its own handle; awaiting
    // the handle resumed it without a second report.
    let expected = Panicked::at(file!(), line.get(), OWN_HANDLE);
    assert_eq!(last_panic(), Some(expected));
}

#[test]
fn a_task_awaiting_its_own_handle_panics_at_the_await() {
    watch_panics();
    let line = Rc::new(Cell::new(0));
    let finished = rt::block_on({
        let line = line.clone();
        async move {
            let own: Rc<RefCell<Option<JoinHandle<()>>>> = Rc::default();
            let task = rt::spawn({
                let own = own.clone();
                async move {
                    rt::yield_now().await;
                    let handle = own.borrow_mut().take().unwrap();
                    at_this_line!(line, handle.await);
                }
            });
            *own.borrow_mut() = Some(task);
            // The task panics at its second poll; nobody awaits its handle
            // (the task held it), so only the hook sees the panic.
            rt::yield_now().await;
            rt::yield_now().await;
            own.borrow().is_none()
        }
    });
    assert!(finished, "the task took its handle");
    let expected = Panicked::at(file!(), line.get(), OWN_HANDLE);
    assert_eq!(last_panic(), Some(expected));
}

// ---------------------------------------------------------------- misuse, at the caller's line

#[test]
fn spawn_outside_block_on_panics_at_the_caller() {
    assert_panics_here!(SPAWN_OUTSIDE, rt::spawn(async {}));
}

#[test]
fn block_on_inside_block_on_panics_at_the_caller() {
    let output = rt::block_on(async {
        assert_panics_here!(NESTED_BLOCK_ON, rt::block_on(async {}));
        // The outer executor is still the one running.
        rt::spawn(async { 3 }).await
    });
    assert_eq!(output, 3);
}

#[test]
fn timers_polled_outside_block_on_panic_at_the_caller() {
    assert_panics_here!(TIMER_OUTSIDE, poll_once(pin!(rt::sleep(ms(1)))));
    let sleep = pin!(rt::sleep_until(Instant::now()));
    assert_panics_here!(TIMER_OUTSIDE, poll_once(sleep));
    let timeout = pin!(rt::timeout(ms(1), std::future::pending::<()>()));
    assert_panics_here!(TIMER_OUTSIDE, poll_once(timeout));
    // A timer inside a timeout, or inside `join_all`: the caller still.
    let nested = pin!(rt::timeout(ms(1_000), rt::sleep(ms(1))));
    assert_panics_here!(TIMER_OUTSIDE, poll_once(nested));
    let all = pin!(rt::join_all([rt::sleep(ms(1))]));
    assert_panics_here!(TIMER_OUTSIDE, poll_once(all));
    // Awaited in a future that something else polls: the `.await` line.
    let line = Cell::new(0);
    let awaited = pin!(async { at_this_line!(line, rt::sleep(ms(1)).await) });
    let panicked = hooked_panic(|| poll_once(awaited));
    assert_eq!(panicked, Panicked::at(file!(), line.get(), TIMER_OUTSIDE));
}

#[test]
// The handle is returned on purpose, to await it after `block_on`.
#[allow(clippy::async_yields_async)]
fn a_handle_awaited_after_its_block_on_panics_at_the_caller() {
    let handle = rt::block_on(async { rt::spawn(std::future::pending::<()>()) });
    // Its task was dropped when `block_on` returned.
    assert!(handle.is_finished());
    assert_panics_here!(ABORTED, poll_once(pin!(handle)));

    let handle = rt::block_on(async { rt::spawn(std::future::pending::<()>()) });
    assert_panics_here!(ABORTED, rt::block_on(handle));
}

#[test]
fn a_handle_polled_after_it_completed_panics_at_the_caller() {
    rt::block_on(async {
        let mut task = rt::spawn(async { 5 });
        assert_eq!((&mut task).await, 5);
        assert_panics_here!(POLLED_AFTER, poll_once(Pin::new(&mut task)));
    });
}

#[test]
fn an_aborted_task_s_handle_panics_at_the_await() {
    watch_panics();
    let line = Cell::new(0);
    let awaited = panic::catch_unwind(AssertUnwindSafe(|| {
        rt::block_on(async {
            let task = rt::spawn(std::future::pending::<()>());
            task.abort();
            at_this_line!(line, task.await);
        });
    }));
    assert_eq!(message(&*awaited.unwrap_err()), ABORTED);
    let expected = Panicked::at(file!(), line.get(), ABORTED);
    assert_eq!(last_panic(), Some(expected));
}

// ---------------------------------------------------------------- shutdown

#[test]
fn a_destructor_panic_at_shutdown_leaves_the_thread_usable() {
    let dropped = Rc::new(Cell::new(false));
    let shutdown = panic::catch_unwind(AssertUnwindSafe(|| {
        rt::block_on({
            let dropped = dropped.clone();
            async move {
                drop(rt::spawn(async {
                    let _guard = PanicOnDrop("boom at shutdown");
                    std::future::pending::<()>().await;
                }));
                let guard = DropFlag(dropped);
                drop(rt::spawn(async move {
                    let _guard = guard;
                    std::future::pending::<()>().await;
                }));
                rt::yield_now().await; // both tasks start and wait
                "returned"
            }
        })
    }));
    // The panic passes out of `block_on`, after the other task is dropped.
    assert_eq!(message(&*shutdown.unwrap_err()), "boom at shutdown");
    assert!(dropped.get());
    // The thread's executor was uninstalled all the same.
    assert_eq!(rt::block_on(async { rt::spawn(async { 6 }).await * 7 }), 42);
    assert_eq!(panic_message(|| drop(rt::spawn(async {}))), SPAWN_OUTSIDE);
}

#[test]
fn a_destructor_panic_at_shutdown_yields_to_the_future_s_own_panic() {
    let destructor_ran = Rc::new(Cell::new(false));
    let shutdown = panic::catch_unwind(AssertUnwindSafe(|| {
        rt::block_on({
            let destructor_ran = destructor_ran.clone();
            async move {
                drop(rt::spawn(async move {
                    let _flag = DropFlag(destructor_ran);
                    let _guard = PanicOnDrop("boom at shutdown");
                    std::future::pending::<()>().await;
                }));
                rt::yield_now().await;
                panic!("boom in block_on's future");
            }
        })
    }));
    // A second panic escaping the shutdown would have aborted the process.
    assert_eq!(
        message(&*shutdown.unwrap_err()),
        "boom in block_on's future"
    );
    assert!(destructor_ran.get());
    assert_eq!(rt::block_on(async { rt::spawn(async { 1 }).await }), 1);
}

// ---------------------------------------------------------------- async generators

#[generator(yield = u64)]
async fn ticks(n: u64) {
    for i in 0..n {
        rt::sleep(ms(1)).await;
        yield_!(i * 10);
    }
}

#[test]
fn an_async_generator_drained_under_block_on() {
    let start = Instant::now();
    let seen = rt::block_on(async {
        let mut t = ticks(4);
        let mut seen = Vec::new();
        while let Some(i) = t.next().await {
            seen.push(i);
        }
        seen
    });
    assert_eq!(seen, [0, 10, 20, 30]);
    assert!(start.elapsed() >= ms(4));
}

#[test]
fn async_generators_run_as_tasks() {
    let sums = rt::block_on(async {
        let tasks: Vec<_> = (1..=3)
            .map(|n| {
                rt::spawn(async move {
                    let mut t = ticks(n);
                    let mut sum = 0;
                    while let Some(i) = t.next().await {
                        sum += i;
                    }
                    sum
                })
            })
            .collect();
        rt::join_all(tasks).await
    });
    assert_eq!(sums, [0, 10, 30]);
}

// ---------------------------------------------------------------- auto traits

#[test]
fn auto_traits() {
    fn send_sync_unpin<T: Send + Sync + Unpin>() {}
    fn unpin<T: Unpin>() {}
    fn error<T: std::error::Error + Send + Sync + 'static>() {}
    send_sync_unpin::<rt::Sleep>();
    send_sync_unpin::<rt::YieldNow>();
    send_sync_unpin::<rt::Timeout<rt::Sleep>>();
    send_sync_unpin::<Elapsed>();
    error::<Elapsed>();
    unpin::<JoinHandle<String>>();
    unpin::<rt::JoinAll<JoinHandle<String>>>();
    fn send<T: Send>(_: &T) {}
    send(&rt::join_all([rt::sleep(ms(1))]));
    send(&rt::as_completed([rt::sleep(ms(1))]));

    // Tasks stay on their thread, so their handles are not `Send`: this
    // call is ambiguous (does not compile) if `JoinHandle` were `Send`.
    trait AmbiguousIfSend<A> {
        fn check() {}
    }
    impl<T: ?Sized> AmbiguousIfSend<()> for T {}
    impl<T: ?Sized + Send> AmbiguousIfSend<u8> for T {}
    <JoinHandle<u8> as AmbiguousIfSend<_>>::check();
}
