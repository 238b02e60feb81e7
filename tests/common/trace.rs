//! `Trace`: what happened, in order, appended to by generator bodies and
//! destructors and taken by the test to assert it whole.

use std::cell::RefCell;
use std::rc::Rc;

/// What happened, in order.
pub(crate) type Trace = Rc<RefCell<Vec<String>>>;

/// An empty trace.
pub(crate) fn trace() -> Trace {
    Rc::new(RefCell::new(Vec::new()))
}

/// Appends `entry` to `trace`.
pub(crate) fn log(trace: &Trace, entry: impl Into<String>) {
    trace.borrow_mut().push(entry.into());
}

/// Takes everything logged so far, leaving `trace` empty.
pub(crate) fn taken(trace: &Trace) -> Vec<String> {
    std::mem::take(&mut *trace.borrow_mut())
}
