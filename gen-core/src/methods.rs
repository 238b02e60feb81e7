//! The methods every generator type has, written once: [`generator_methods!`]
//! gives a generator type `take_return`, `is_finished`, `close`, `Debug`
//! and the crate's access to its [`RawGen`](crate::raw_gen::RawGen), in the
//! style of futures' `delegate_access_inner!`.

/// `generator_methods!(boxed Gen)` for a type holding a
/// `Pin<Box<RawGen<B>>>` in `raw` (methods take `&mut self`), or
/// `generator_methods!(inline NoAllocGen)` for a type holding a `RawGen<B>`
/// in `raw`, structurally pinned (methods take `self: Pin<&mut Self>`).
macro_rules! generator_methods {
    (boxed $Gen:ident) => {
        generator_methods!(@methods $Gen, self, [&mut self], |this| { this.raw.as_mut() });
    };
    (inline $Gen:ident) => {
        generator_methods!(@methods $Gen, self, [self: core::pin::Pin<&mut Self>], |this| {
            // SAFETY: `raw` is structurally pinned: the type has no `Unpin`
            // impl of its own (and `RawGen` is `!Unpin`) and no `Drop` impl,
            // and nothing moves the field out.
            unsafe { this.map_unchecked_mut(|generator| &mut generator.raw) }
        });
    };
    // `$self` is the `self` of the receivers, passed along so that the
    // bodies name the same `self` (macro hygiene would tell them apart).
    (@methods $Gen:ident, $self:ident, [$($receiver:tt)*], |$this:ident| $raw:block) => {
        impl<B: $crate::body::Body> $Gen<B> {
            /// Takes the value the body returned, once, after it ended while
            /// being iterated (`next` only reports the end as `None`).
            ///
            /// Returns `None` before the end, after the value was taken, and
            /// if the end was reported by `send` or `resume` (they return the
            /// value themselves).
            pub fn take_return($($receiver)*) -> Option<B::Return> {
                $self.raw().take_return()
            }

            /// Whether the body returned, was closed, or panicked.
            pub fn is_finished(&self) -> bool {
                self.raw.is_finished()
            }

            /// Drops the body where it is suspended, like Python's `close()`
            /// (for an async generator, `aclose()` without awaiting): the
            /// destructors of its live locals run, innermost `yield_from!`
            /// delegate first. Afterwards the generator is finished. Does
            /// nothing if the body already returned. Dropping a generator
            /// closes it.
            pub fn close($($receiver)*) {
                $self.raw().close();
            }

            /// The generator's state machine, pinned.
            #[inline(always)]
            pub(crate) fn raw($($receiver)*) -> core::pin::Pin<&mut $crate::raw_gen::RawGen<B>> {
                let $this = $self;
                $raw
            }
        }

        impl<B: $crate::body::Body> core::fmt::Debug for $Gen<B> {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.debug_struct(stringify!($Gen))
                    .field("state", &self.raw.state_name())
                    .finish_non_exhaustive()
            }
        }
    };
}

pub(crate) use generator_methods;
