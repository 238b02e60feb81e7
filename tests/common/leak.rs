//! `leak`: `mem::forget` that Miri accepts, for tests of what happens after
//! a generator is leaked.

use std::sync::Mutex;
use std::sync::atomic::AtomicPtr;

/// Leaks `value` like `mem::forget` (its destructor never runs), but keeps
/// its memory reachable from a static, so that Miri checks the code that
/// runs afterwards instead of failing the run for the leak.
pub(crate) fn leak<T>(value: T) {
    static LEAKED: Mutex<Vec<AtomicPtr<()>>> = Mutex::new(Vec::new());
    let leaked = Box::into_raw(Box::new(value)).cast::<()>();
    LEAKED.lock().unwrap().push(AtomicPtr::new(leaked));
}
