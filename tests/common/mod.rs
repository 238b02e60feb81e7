//! Helpers shared by the behaviour tests: a trace that generators and
//! destructors append to, so a test can assert what happened, in order; a
//! guard that logs its drop there; futures that wake their task in a given
//! way and the small executors that poll them; compile-time auto-trait
//! checks; panics' messages and the locations they report.

// Each test crate uses the helpers it needs; in each, the others are dead
// code behind unused re-exports.
#![allow(dead_code, unused_imports, unused_macros)]

mod auto_traits;
mod executor;
mod guard;
mod leak;
mod panics;
mod trace;
mod wake;

pub(crate) use auto_traits::{assert_send, assert_sync, assert_unpin};
pub(crate) use executor::{WakeCounter, block_on, block_on_noop, poll_to_end};
pub(crate) use guard::{Guard, guard};
pub(crate) use leak::leak;
pub(crate) use panics::{
    Panicked, assert_panics_here, at_this_line, hooked_panic, last_panic, message, panic_message,
    watch_panics,
};
pub(crate) use trace::{Trace, log, taken, trace};
pub(crate) use wake::{WakeByRef, WakeClone, WakeFromThread};
