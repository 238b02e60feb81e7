//! [`as_completed`]: an async generator that yields outputs as they come.

use std::future::Future;

use super::future_set::FutureSet;
// Named in the body, so that `#[generator]` marks this import used.
use crate::yield_;

/// Runs all the futures concurrently and yields each output as soon as its
/// future completes: Python's `for aw in asyncio.as_completed(aws)`.
///
/// It is itself an async generator, made with coyield's own
/// `#[generator]`: a [`Stream`](futures_core::Stream), with `next().await`.
/// Futures that are ready at the first poll come in input order, the others
/// in the order they complete. The futures run only while the generator is
/// polled (they need not be `'static`); to keep them running meanwhile,
/// pass the [`JoinHandle`](super::JoinHandle)s of spawned tasks.
///
/// ```
/// # // Timing-sensitive: Miri's interpreter is too slow for these deadlines.
/// # #[cfg(not(miri))] {
/// use coyield::rt;
/// use std::time::Duration;
///
/// rt::block_on(async {
///     let mut done = rt::as_completed([30, 10, 20].map(|ms| async move {
///         rt::sleep(Duration::from_millis(ms)).await;
///         ms
///     }));
///     let mut order = Vec::new();
///     while let Some(ms) = done.next().await {
///         order.push(ms);
///     }
///     assert_eq!(order, [10, 20, 30]);
/// });
/// # }
/// ```
#[crate::generator(
    yield = <I::Item as Future>::Output,
    // SAFETY: this crate is coyield's runtime, whose `__private` module the
    // expansion names; the facade `coyield` re-exports it.
    unsafe(crate = crate)
)]
pub async fn as_completed<I>(futures: I)
where
    I: IntoIterator,
    I::Item: Future,
{
    let mut set = FutureSet::new(futures);
    loop {
        let (rest, next) = set.into_next().await;
        let Some((_, output)) = next else {
            break;
        };
        set = rest;
        yield_!(output);
    }
}
