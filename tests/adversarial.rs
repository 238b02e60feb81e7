//! Programs written as an adversarial user would, against the boundary
//! between a generator's body and its transport: macros, traits and paths
//! named like the ones the expansion uses. Each one here compiles, and runs
//! clean (Miri runs this file, under both borrow models); the ones that must
//! not compile are in `tests/ui/adversarial/`, and the crate-root
//! redirections (`extern crate self as coyield`) in
//! `tests/adversarial_redirected.rs`. Grow these with every change to the
//! macros.

use coyield::{Coroutine, CoroutineState, generator};

/// Macros named like coyield's, reached by path, that stop compilation if
/// the expansion hands them anything but the `@coyield_used` marker (which
/// only makes an import of them count as used).
mod evil {
    macro_rules! yield_ {
        (@coyield_used) => {};
        ($($tokens:tt)*) => {
            compile_error!("the expansion handed tokens to a user's `yield_!`")
        };
    }
    macro_rules! yield_from {
        (@coyield_used) => {};
        ($($tokens:tt)*) => {
            compile_error!("the expansion handed tokens to a user's `yield_from!`")
        };
    }
    pub(crate) use {yield_, yield_from};
}

mod by_path {
    use super::*;

    /// The program began with `evil::yield_!`, which received the
    /// handle; now it receives the marker, and the yield is coyield's.
    #[generator(yield = [usize; 2])]
    pub(super) fn g() -> u8 {
        evil::yield_!([0usize; 2]);
        evil::yield_from!([[1, 2], [3, 4]]);
        7
    }
}

mod by_import {
    use super::*;
    use crate::evil::{yield_, yield_from};

    #[generator(yield = u8)]
    pub(super) fn g() {
        yield_!(1);
        yield_from!(2..4);
    }
}

mod renamed_import {
    use super::*;
    // A user's `yield_from!` imported under the name `yield_`.
    use crate::evil::yield_from as yield_;

    #[generator(yield = u8)]
    pub(super) fn g() {
        yield_!(9);
    }
}

mod textual_scope {
    use super::*;

    // A crate-local `macro_rules!`, in textual scope, with no import.
    macro_rules! yield_ {
        (@coyield_used) => {};
        ($($tokens:tt)*) => {
            compile_error!("the expansion handed tokens to a textual `yield_!`")
        };
    }

    #[generator(yield = u8)]
    pub(super) fn g() {
        yield_!(4);
        let g2 = coyield::gen_! { yield_!(5u8) };
        for x in g2 {
            yield_!(x);
        }
    }
}

/// A blanket trait in scope with the name of the second method the
/// expansion calls on what `__coyield_kind()` returns: coyield's inherent
/// method is picked over it, so it never runs.
mod blanket_prepare {
    use super::*;

    #[allow(dead_code)]
    pub(crate) trait Steal: Sized {
        fn __coyield_prepare<D>(self, _delegate: D) -> u8 {
            unreachable!("a user trait method was picked over coyield's")
        }
    }
    impl<T> Steal for T {}

    #[generator(yield = u8)]
    pub(super) fn g() {
        coyield::yield_from!([1, 2]);
        coyield::yield_from!(by_import::g());
    }

    use super::by_import;
}

/// A user attribute below `#[generator]` runs first, on the function as
/// written: it sees neither the handle nor an `unsafe` block.
mod attribute_below {
    use super::*;
    use coyield_adversarial_macros::spy;

    #[generator(yield = u8)]
    #[spy]
    pub(super) fn spied() {
        coyield::yield_!(1);
        coyield::yield_from!([2]);
    }

    pub(super) const SEEN: &str = SPIED_SPIED;
}

/// A user local named like the expansion's delegate local is the user's own.
mod named_like_locals {
    use super::*;

    #[generator(yield = u8)]
    pub(super) fn g() {
        let __coyield_delegate = [7, 8];
        let __coyield_value = 6;
        coyield::yield_!(__coyield_value);
        coyield::yield_from!(__coyield_delegate);
    }
}

/// A user trait in scope that picks the kind of delegate ahead of coyield's,
/// at the probe's own receiver level, for the one case where coyield's
/// traits there do not apply (a delegate that does not bind its first
/// resume): it picks `FrameKind`, which makes up no argument for a started
/// delegate, where coyield would pick `FrameDefaultArgKind`. The delegation
/// is still one of coyield's futures, checked against the generator's
/// types; the worst it gets is the panic that says an argument is missing.
mod picks_a_kind {
    use super::*;
    use coyield::__private::kind::ViaFrame;
    use coyield::__private::{FrameKind, Probe, SyncBody};

    pub(crate) trait Pick<D> {
        fn __coyield_kind(self) -> FrameKind<SyncBody, u32, u32>;
    }
    impl<D: coyield::__private::SyncFrameOwner> Pick<D> for &&&&&&&Probe<'_, D, SyncBody, u32, u32> {
        fn __coyield_kind(self) -> FrameKind<SyncBody, u32, u32> {
            // `ViaFrame` is implemented for `&&&&Probe`, with `&self`.
            ViaFrame::__coyield_kind(**self)
        }
    }

    #[generator(yield = u32, resume = u32)]
    pub(super) fn doubler() {
        let mut x = 0;
        loop {
            x = coyield::yield_!(x * 2);
        }
    }

    #[generator(yield = u32, resume = u32)]
    pub(super) fn takes_over<'a, B>(started: &'a mut coyield::Gen<B>)
    where
        B: coyield::Body<Yield = u32, Resume = u32, Return = ()> + 'a,
    {
        coyield::yield_!(100);
        coyield::yield_from!(started);
    }
}

#[test]
fn user_macros_named_like_coyields_receive_only_the_marker() {
    let mut g = by_path::g();
    assert_eq!(g.by_ref().collect::<Vec<_>>(), [[0, 0], [1, 2], [3, 4]]);
    assert_eq!(g.take_return(), Some(7));
    assert_eq!(by_import::g().collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!(renamed_import::g().collect::<Vec<_>>(), [9]);
    assert_eq!(textual_scope::g().collect::<Vec<_>>(), [4, 5]);
}

#[test]
fn a_user_trait_named_like_the_expansions_methods_is_not_picked() {
    let mut g = blanket_prepare::g();
    assert_eq!(g.by_ref().collect::<Vec<_>>(), [1, 2, 1, 2, 3]);
    assert_eq!(g.take_return(), Some(()));
}

#[test]
fn an_attribute_below_generator_sees_the_function_as_written() {
    // `#[generator]` moved itself below the user's attribute, marked so that
    // it does not move again.
    let seen = attribute_below::SEEN
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(
        seen,
        "#[:: coyield :: generator(__coyield_deferred, yield = u8)] pub(super) fn \
         spied() { coyield :: yield_! (1); coyield :: yield_from! ([2]); }"
    );
    assert_eq!(attribute_below::spied().collect::<Vec<_>>(), [1, 2]);
}

#[test]
fn user_locals_named_like_the_expansions() {
    assert_eq!(named_like_locals::g().collect::<Vec<_>>(), [6, 7, 8]);
}

/// A handle obtained by safe code is inert: `BodyFn::new` (public, hidden)
/// hands its closure a genuine handle, and nothing safe can be done with it.
/// What it could be misused for needs `unsafe` (`tests/ui/adversarial`).
#[test]
fn a_handle_safe_code_gets_is_inert() {
    use coyield::__private::{BodyFlags, BodyFn, Types};

    let mut stolen = None;
    let body = BodyFn::<_, u8, (), BodyFlags<false, false>>::new::<u8>(|co| {
        stolen = Some(co);
        async { 5 }
    });
    let co = stolen.expect("the closure ran");
    // Every safe thing that takes a handle only reads its types.
    let _types = Types::<coyield::__private::SyncBody, u8, ()>::of(co);
    let mut g = coyield::Gen::new(body);
    assert_eq!(
        core::pin::Pin::new(&mut g).resume(()),
        CoroutineState::Complete(5)
    );
}

#[test]
fn a_user_trait_that_picks_a_weaker_kind_gets_a_panic_at_worst() {
    let mut started = picks_a_kind::doubler();
    assert_eq!(started.send(7), CoroutineState::Yielded(0));
    let panic = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut outer = picks_a_kind::takes_over(&mut started);
        assert_eq!(outer.send(1), CoroutineState::Yielded(100));
        outer.send(2)
    }))
    .expect_err("the started delegate has no argument for its `yield_!`");
    let message = panic.downcast_ref::<&str>().copied().unwrap_or_default();
    assert_eq!(
        message,
        "this `yield_!` has no resume argument to complete with: `yield_from!` took over its \
         generator, already started, in a resume whose argument the delegating generator had \
         taken, and the resume type has no `Default` to pass instead (Python sends `None`). \
         Delegate before taking that argument, or give the resume type a `Default` (or a \
         `Default` bound where it is generic)"
    );
}
