//! `Guard`: a value whose drop shows in a [`Trace`], to check that each
//! local, argument, resume argument or yielded value is dropped exactly once,
//! and when.

use super::trace::{Trace, log};

/// Logs `drop <name>` to its trace when dropped; made with [`guard`].
pub(crate) struct Guard {
    name: String,
    trace: Trace,
    panic_on_drop: bool,
}

/// A guard named `name` that logs to `trace`.
pub(crate) fn guard(trace: &Trace, name: impl Into<String>) -> Guard {
    Guard {
        name: name.into(),
        trace: trace.clone(),
        panic_on_drop: false,
    }
}

impl Guard {
    /// The name it logs.
    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    /// If `panic` is true, the destructor panics with `destructor of <name>
    /// panicked` after logging, to test a panic during close or drop.
    pub(crate) fn panic_on_drop(mut self, panic: bool) -> Self {
        self.panic_on_drop = panic;
        self
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        log(&self.trace, format!("drop {}", self.name));
        if self.panic_on_drop {
            panic!("destructor of {} panicked", self.name);
        }
    }
}
