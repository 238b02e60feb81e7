//! Compile-time checks of auto traits: `assert_send(&g)` does not compile
//! unless `g` is `Send`.

/// Compiles only if `T` is `Send`.
pub(crate) fn assert_send<T: Send>(_: &T) {}

/// Compiles only if `T` is `Sync`.
pub(crate) fn assert_sync<T: Sync>(_: &T) {}

/// Compiles only if `T` is `Unpin`.
pub(crate) fn assert_unpin<T: Unpin>(_: &T) {}
