//! [`sleep`] and [`sleep_until`]: futures that complete at a deadline,
//! registered with the executor's [timers](super::timers).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use super::executor;
use super::timers::TimerKey;

/// A future that completes once `duration` has passed: Python's
/// `await asyncio.sleep(seconds)`.
///
/// The deadline is taken when `sleep` is called, not when the future is
/// first polled. A duration too large for [`Instant`] never elapses.
///
/// ```
/// use coyield::rt;
/// use std::time::{Duration, Instant};
///
/// let start = Instant::now();
/// rt::block_on(rt::sleep(Duration::from_millis(10)));
/// assert!(start.elapsed() >= Duration::from_millis(10));
/// ```
///
/// # Panics
///
/// The future panics if polled outside [`block_on`](super::block_on())
/// (under another executor, for example): its timer lives in the executor.
/// The panic reports the line that polled it (its `.await`).
pub fn sleep(duration: Duration) -> Sleep {
    Sleep {
        deadline: Instant::now().checked_add(duration),
        timer: None,
    }
}

/// A future that completes once `deadline` has passed (at once if it has
/// already).
///
/// ```
/// use coyield::rt;
/// use std::time::{Duration, Instant};
///
/// let deadline = Instant::now() + Duration::from_millis(10);
/// rt::block_on(rt::sleep_until(deadline));
/// assert!(Instant::now() >= deadline);
/// ```
///
/// # Panics
///
/// As [`sleep`]: when polled outside [`block_on`](super::block_on()).
pub fn sleep_until(deadline: Instant) -> Sleep {
    Sleep {
        deadline: Some(deadline),
        timer: None,
    }
}

/// The future of [`sleep`] and [`sleep_until`].
///
/// It is `Unpin`, so `&mut sleep` can be awaited, or polled in a `select`
/// loop, again and again. Dropping it before it completes removes its timer
/// from the executor at once.
#[must_use = "futures do nothing unless awaited"]
pub struct Sleep {
    /// `None`: never (the deadline overflowed `Instant`).
    deadline: Option<Instant>,
    /// The registration with an executor (by id), once polled.
    timer: Option<(u64, TimerKey)>,
}

impl Sleep {
    /// When this sleep completes; `None` if never (its duration overflowed
    /// [`Instant`]).
    #[must_use]
    pub fn deadline(&self) -> Option<Instant> {
        self.deadline
    }
}

impl Future for Sleep {
    type Output = ();

    // The misuse panic points at the caller: the `.await`, or the line of
    // a hand-written poll.
    #[track_caller]
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = &mut *self;
        let ready = executor::with_current(|executor| {
            let mut timers = executor.timers.borrow_mut();
            if let Some((id, key)) = &this.timer {
                if *id == executor.id {
                    return match timers.get_mut(key) {
                        // Fired: the executor removed it.
                        None => {
                            this.timer = None;
                            true
                        }
                        Some(waker) => {
                            // Clones only if it is another waker now.
                            waker.clone_from(cx.waker());
                            false
                        }
                    };
                }
            }
            let Some(deadline) = this.deadline else {
                return false;
            };
            if Instant::now() >= deadline {
                return true;
            }
            this.timer = Some((executor.id, timers.insert(deadline, cx.waker().clone())));
            false
        });
        match ready {
            Some(true) => Poll::Ready(()),
            Some(false) => Poll::Pending,
            None => polled_outside_block_on(),
        }
    }
}

#[cold]
#[track_caller]
fn polled_outside_block_on() -> ! {
    panic!(
        "a `coyield::rt` timer (`sleep`, `sleep_until` or `timeout`) was polled outside \
         `coyield::rt::block_on`; await it inside `block_on(...)`"
    )
}

impl Drop for Sleep {
    fn drop(&mut self) {
        if let Some((id, key)) = self.timer.take() {
            let removed = executor::with_current(|executor| {
                if executor.id != id {
                    return None;
                }
                executor.timers.try_borrow_mut().ok()?.remove(&key)
            });
            // The waker is dropped here, after the timers are released.
            drop(removed);
        }
    }
}

impl fmt::Debug for Sleep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sleep")
            .field("deadline", &self.deadline)
            .finish_non_exhaustive()
    }
}
