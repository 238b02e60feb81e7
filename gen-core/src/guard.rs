//! [`OnUnwind`]: the one guard idiom of the driver and the delegation
//! chains. A value travels with the work to do on it if the code using it
//! unwinds; the code that finishes normally defuses the guard and gets the
//! value back.

use core::ops::{Deref, DerefMut};

/// `value`, with `on_unwind` to run on it if the guard is dropped before
/// [`defuse`](Self::defuse) (that is, while a panic unwinds).
///
/// `F` is a function item or closure type, not a `fn` pointer: a pointer
/// would be stored next to the value, and keep the generator's state in
/// memory around every poll of the body, where the compiler can otherwise
/// keep it in registers.
pub(crate) struct OnUnwind<T, F: FnMut(&mut T)> {
    /// `Some` until defused.
    value: Option<T>,
    on_unwind: F,
}

impl<T, F: FnMut(&mut T)> OnUnwind<T, F> {
    #[inline(always)]
    pub(crate) fn new(value: T, on_unwind: F) -> Self {
        OnUnwind {
            value: Some(value),
            on_unwind,
        }
    }

    /// The code finished normally: nothing to do, here is the value back.
    #[inline(always)]
    pub(crate) fn defuse(mut self) -> T {
        match self.value.take() {
            Some(value) => value,
            None => unreachable!("a guard is defused once"),
        }
    }
}

impl<T, F: FnMut(&mut T)> Deref for OnUnwind<T, F> {
    type Target = T;

    #[inline(always)]
    fn deref(&self) -> &T {
        match &self.value {
            Some(value) => value,
            None => unreachable!("a defused guard is gone"),
        }
    }
}

impl<T, F: FnMut(&mut T)> DerefMut for OnUnwind<T, F> {
    #[inline(always)]
    fn deref_mut(&mut self) -> &mut T {
        match &mut self.value {
            Some(value) => value,
            None => unreachable!("a defused guard is gone"),
        }
    }
}

impl<T, F: FnMut(&mut T)> Drop for OnUnwind<T, F> {
    // Inlined into the unwind path of the caller: an out-of-line call there
    // would take the generator's address, and a generator whose address
    // escapes stays in memory in the caller's loop.
    #[inline(always)]
    fn drop(&mut self) {
        if let Some(value) = &mut self.value {
            (self.on_unwind)(value);
        }
    }
}
