//! Helpers shared by the behaviour tests: a trace that generators and
//! destructors append to, so a test can assert what happened, in order.

// Each test crate uses the helpers it needs.
#![allow(dead_code)]

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Mutex;
use std::sync::atomic::AtomicPtr;

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

/// Leaks `value` like `mem::forget` (its destructor never runs), but keeps
/// its memory reachable from a static, so that Miri checks the code that
/// runs afterwards instead of failing the run for the leak.
pub(crate) fn leak<T>(value: T) {
    static LEAKED: Mutex<Vec<AtomicPtr<()>>> = Mutex::new(Vec::new());
    let leaked = Box::into_raw(Box::new(value)).cast::<()>();
    LEAKED.lock().unwrap().push(AtomicPtr::new(leaked));
}
