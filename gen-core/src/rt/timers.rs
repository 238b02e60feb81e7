//! The executor's timers: one ordered map from deadline to waker, shared
//! by every [`Sleep`](super::Sleep) of one `block_on`.
//!
//! A `BTreeMap` keyed by `(deadline, id)` gives the next deadline in
//! `O(1)`, registration and removal in `O(log n)`, and lets a dropped
//! `Sleep` remove its entry at once, so it costs nothing later.

use std::collections::BTreeMap;
use std::task::Waker;
use std::time::Instant;
use std::vec::Vec;

/// A registered timer: its deadline and a number that makes the key unique
/// (and orders timers with equal deadlines by registration).
pub(crate) type TimerKey = (Instant, u64);

#[derive(Default)]
pub(crate) struct Timers {
    map: BTreeMap<TimerKey, Waker>,
    next_id: u64,
}

impl Timers {
    /// Registers `waker` to be woken once `deadline` has passed.
    pub(crate) fn insert(&mut self, deadline: Instant, waker: Waker) -> TimerKey {
        let key = (deadline, self.next_id);
        self.next_id += 1;
        self.map.insert(key, waker);
        key
    }

    /// The waker of a timer that has not fired yet; `None` once it fired.
    pub(crate) fn get_mut(&mut self, key: &TimerKey) -> Option<&mut Waker> {
        self.map.get_mut(key)
    }

    /// Forgets a timer (a `Sleep` dropped early).
    pub(crate) fn remove(&mut self, key: &TimerKey) -> Option<Waker> {
        self.map.remove(key)
    }

    /// The earliest deadline, if any timer is registered.
    pub(crate) fn next_deadline(&self) -> Option<Instant> {
        self.map
            .first_key_value()
            .map(|(&(deadline, _), _)| deadline)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Removes the timers due at `now`, in deadline order, and moves their
    /// wakers to `due` (the caller wakes them without borrowing `self`).
    pub(crate) fn expire(&mut self, now: Instant, due: &mut Vec<Waker>) {
        while let Some(entry) = self.map.first_entry() {
            if entry.key().0 > now {
                break;
            }
            due.push(entry.remove());
        }
    }

    /// Removes every timer, for the executor to drop when it shuts down.
    pub(crate) fn take_all(&mut self) -> BTreeMap<TimerKey, Waker> {
        std::mem::take(&mut self.map)
    }
}
