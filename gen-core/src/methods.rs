//! The methods every generator type has, written once: [`generator_methods!`]
//! gives a generator type `take_return`, `is_finished`, `close`, `Debug`
//! and the crate's access to its state machine, in the style of futures'
//! `delegate_access_inner!`.

/// `generator_methods!(boxed Name [generics] Type, Machine, returns T)` for a
/// type holding a `Pin<Box<Machine>>` in `raw` (methods take `&mut self`),
/// or `generator_methods!(inline ...)` for a type holding a `Machine` in
/// `raw`, structurally pinned (methods take `self: Pin<&mut Self>`).
/// `Machine` is a `RawGen<B>` or an erased `dyn ErasedGen<Y, R, T>`; its
/// methods come from `Resumable`.
macro_rules! generator_methods {
    (boxed $Name:ident [$($generics:tt)*] $Gen:ty, $Machine:ty, returns $T:ty) => {
        generator_methods!(@methods $Name [$($generics)*] $Gen, $Machine, $T, self, [&mut self], |this| {
            this.raw.as_mut()
        }, |shared| &*shared.raw);
    };
    (inline $Name:ident [$($generics:tt)*] $Gen:ty, $Machine:ty, returns $T:ty) => {
        generator_methods!(@methods $Name [$($generics)*] $Gen, $Machine, $T, self, [self: core::pin::Pin<&mut Self>], |this| {
            // SAFETY: `raw` is structurally pinned: the type has no `Unpin`
            // impl of its own (and `RawGen` is `!Unpin`) and no `Drop` impl,
            // and nothing moves the field out.
            unsafe { this.map_unchecked_mut(|generator| &mut generator.raw) }
        }, |shared| &shared.raw);
    };
    // `$self` is the `self` of the receivers, passed along so that the
    // bodies name the same `self` (macro hygiene would tell them apart).
    (@methods $Name:ident [$($generics:tt)*] $Gen:ty, $Machine:ty, $T:ty, $self:ident, [$($receiver:tt)*], |$this:ident| $raw:block, |$shared:ident| $machine:expr) => {
        impl<$($generics)*> $Gen {
            /// Takes the value the body returned, once, after it ended while
            /// being iterated (`next` only reports the end as `None`).
            ///
            /// Returns `None` before the end, after the value was taken, and
            /// if the end was reported by `send` or `resume` (they return the
            /// value themselves).
            pub fn take_return($($receiver)*) -> Option<$T> {
                $crate::raw_gen::Resumable::take_return($self.raw())
            }

            /// Whether the body returned, was closed, or panicked.
            pub fn is_finished(&$self) -> bool {
                let $shared = $self;
                $crate::raw_gen::Resumable::is_finished($machine)
            }

            /// Drops the body where it is suspended, like Python's `close()`
            /// (for an async generator, `aclose()` without awaiting): the
            /// destructors of its live locals run, innermost `yield_from!`
            /// delegate first. Afterwards the generator is finished. Does
            /// nothing if the body already returned. Dropping a generator
            /// closes it.
            pub fn close($($receiver)*) {
                $crate::raw_gen::Resumable::close($self.raw());
            }

            /// The generator's state machine, pinned.
            #[inline(always)]
            #[allow(unused_parens)] // Needed for a `dyn` machine.
            pub(crate) fn raw($($receiver)*) -> core::pin::Pin<&mut ($Machine)> {
                let $this = $self;
                $raw
            }
        }

        impl<$($generics)*> core::fmt::Debug for $Gen {
            fn fmt(&$self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                let $shared = $self;
                f.debug_struct(stringify!($Name))
                    .field("state", &$crate::raw_gen::Resumable::state_name($machine))
                    .finish_non_exhaustive()
            }
        }
    };
}

pub(crate) use generator_methods;
