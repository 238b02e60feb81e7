//! Panics, as a test sees them: their message, and the file and line they
//! report, which a panic hook records (for the `#[track_caller]` checks).

use std::any::Any;
use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

/// The message of a panic payload.
pub(crate) fn message(payload: &(dyn Any + Send)) -> &str {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s
    } else {
        "<not a string>"
    }
}

/// Runs `f`, which must panic, and returns the panic's message.
pub(crate) fn panic_message(f: impl FnOnce()) -> String {
    let payload = panic::catch_unwind(AssertUnwindSafe(f)).expect_err("no panic");
    message(&*payload).to_string()
}

/// What the panic hook saw of a panic: where it says it happened, and its
/// message.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Panicked {
    pub(crate) file: String,
    pub(crate) line: u32,
    pub(crate) message: String,
}

impl Panicked {
    /// A panic at `line` of `file` (pass `file!()`).
    pub(crate) fn at(file: &str, line: u32, message: &str) -> Self {
        Panicked {
            file: file.to_string(),
            line,
            message: message.to_string(),
        }
    }
}

thread_local! {
    /// The last panic on this thread, recorded by the hook: per thread, as
    /// the tests run in parallel and the hook serves them all.
    static LAST_PANIC: RefCell<Option<Panicked>> = const { RefCell::new(None) };
}

/// Installs (once) a panic hook that records every panic's location and
/// message for its thread, then prints it as before; forgets the last one
/// recorded on this thread.
pub(crate) fn watch_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let panicked = info.location().map(|location| Panicked {
                file: location.file().to_string(),
                line: location.line(),
                message: message(info.payload()).to_string(),
            });
            // Not during the thread's teardown, when the local is gone.
            let _ = LAST_PANIC.try_with(|last| *last.borrow_mut() = panicked);
            previous(info);
        }));
    });
    LAST_PANIC.with_borrow_mut(|last| *last = None);
}

/// The last panic recorded on this thread since [`watch_panics`].
pub(crate) fn last_panic() -> Option<Panicked> {
    LAST_PANIC.with_borrow_mut(Option::take)
}

/// Runs `f`, which must panic, and returns what the panic hook saw.
pub(crate) fn hooked_panic<T>(f: impl FnOnce() -> T) -> Panicked {
    watch_panics();
    if panic::catch_unwind(AssertUnwindSafe(f)).is_ok() {
        panic!("no panic");
    }
    last_panic().expect("the hook saw the panic")
}

/// Asserts that `$call` panics with `$message` and reports the file and line
/// of this macro call, where `$call` is: keep the call on one line.
macro_rules! assert_panics_here {
    ($message:expr, $call:expr) => {{
        let line = line!();
        let panicked = $crate::common::hooked_panic(|| $call);
        assert_eq!(
            panicked,
            $crate::common::Panicked::at(file!(), line, $message)
        );
    }};
}

/// Sets `$line` (a `Cell<u32>`) to the line of this macro call, then
/// evaluates `$e`: the line a panic in `$e` (an `.await`, say) should report.
macro_rules! at_this_line {
    ($line:expr, $e:expr) => {{
        $line.set(line!());
        $e
    }};
}

pub(crate) use {assert_panics_here, at_this_line};
