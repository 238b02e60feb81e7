//! The macros' output only uses absolute paths and names user code cannot
//! spell: it compiles next to modules called `core`, `std` and `coyield`,
//! items called `Gen`, `Body`, `Option`, `Some`, `Box`, `Pin`..., inside a
//! `#[no_implicit_prelude]` module, through a re-export and a renamed crate,
//! and next to user locals with the names an expansion might use.

#![allow(
    dead_code,
    non_camel_case_types,
    non_snake_case,
    non_upper_case_globals,
    clippy::all
)]

extern crate coyield as renamed;

mod shadowing {
    mod core {}
    mod std {}
    mod coyield {}
    mod alloc {}
    mod futures_core {}
    mod pin_project_lite {}

    struct Gen;
    struct Body;
    struct BodyFn;
    struct Co;
    struct Option;
    struct Result;
    struct Box;
    struct Pin;
    struct Poll;
    struct Context;
    struct Future;
    struct Iterator;
    struct IntoIterator;
    struct Default;
    struct Send;
    struct Vec;
    struct String;
    struct Waker;
    struct Tag;
    struct FrameKind;
    fn Some() {}
    fn Ok() {}
    fn Err() {}
    const None: u8 = 0;
    trait Coroutine {}
    trait Stream {}

    #[::coyield::generator(yield = u32)]
    pub(super) fn counted(n: u32) -> u32 {
        let mut i = 0;
        while i < n {
            ::coyield::yield_!(i);
            i += 1;
        }
        n
    }

    #[::coyield::generator(yield = u32)]
    pub(super) fn delegating() -> u32 {
        let from_counted = ::coyield::yield_from!(counted(2));
        ::coyield::yield_from!(10..12);
        from_counted
    }

    #[::coyield::generator(yield = u32, resume = u32, first_resume = first)]
    pub(super) fn echo() -> u32 {
        let sent = ::coyield::yield_!(first);
        ::coyield::yield_from!(10..12);
        sent
    }

    #[::coyield::generator(yield = u32, no_alloc)]
    pub(super) fn inline() {
        ::coyield::yield_!(7);
    }

    #[::coyield::generator(yield = u32)]
    pub(super) async fn asynchronous() -> u32 {
        ::coyield::yield_from!(counted(1));
        ::coyield::yield_!(5);
        6
    }

    pub(super) fn block()
    -> ::coyield::Gen<impl ::coyield::Body<Yield = u32, Resume = (), Return = ()>> {
        ::coyield::gen_! {
            ::coyield::yield_!(1u32);
            ::coyield::yield_from!(counted(1));
        }
    }

    pub(super) fn async_block()
    -> ::coyield::AsyncGen<impl ::coyield::Body<Yield = u32, Resume = (), Return = ()>> {
        ::coyield::async_gen_! {
            #![generator(yield = u32)]
            ::coyield::yield_!(1);
        }
    }

    pub(super) struct Methods(pub(super) u32);

    impl Methods {
        #[::coyield::generator(yield = u32)]
        pub(super) fn by_ref(&self) {
            ::coyield::yield_!(self.0);
        }
    }
}

#[no_implicit_prelude]
mod without_prelude {
    #[::coyield::generator(yield = u32)]
    pub(super) fn evens(n: u32) -> ::core::option::Option<u32> {
        let mut i = 0;
        while i < n {
            ::coyield::yield_!(i * 2);
            i += 1;
        }
        ::core::option::Option::Some(n)
    }

    #[::coyield::generator(yield = u32)]
    pub(super) fn delegating() {
        ::coyield::yield_from!(evens(2));
        ::coyield::yield_from!([9, 9]);
    }

    #[::coyield::generator(yield = u32)]
    pub(super) async fn asynchronous() {
        ::coyield::yield_!(3);
    }

    pub(super) fn block()
    -> ::coyield::Gen<impl ::coyield::Body<Yield = u32, Resume = (), Return = ()>> {
        ::coyield::gen_! { ::coyield::yield_!(4u32) }
    }
}

/// Drains an async generator whose body never waits.
fn drain_async<S: futures_core::Stream + Unpin>(mut stream: S) -> Vec<S::Item> {
    let mut cx = core::task::Context::from_waker(core::task::Waker::noop());
    let mut items = Vec::new();
    loop {
        match core::pin::Pin::new(&mut stream).poll_next(&mut cx) {
            core::task::Poll::Ready(Some(item)) => items.push(item),
            core::task::Poll::Ready(None) => return items,
            core::task::Poll::Pending => panic!("nothing here waits"),
        }
    }
}

#[test]
fn shadowed_core_std_coyield_and_prelude_names() {
    let mut g = shadowing::counted(3);
    assert_eq!(g.by_ref().collect::<Vec<_>>(), [0, 1, 2]);
    assert_eq!(g.take_return(), Some(3));

    let mut g = shadowing::delegating();
    assert_eq!(g.by_ref().collect::<Vec<_>>(), [0, 1, 10, 11]);
    assert_eq!(g.take_return(), Some(2));

    use coyield::CoroutineState::{Complete, Yielded};
    let mut g = shadowing::echo();
    assert_eq!(g.send(42), Yielded(42));
    assert_eq!(g.send(5), Yielded(10));
    assert_eq!(g.send(0), Yielded(11));
    assert_eq!(g.send(0), Complete(5));

    let g = core::pin::pin!(shadowing::inline());
    assert_eq!(g.collect::<Vec<_>>(), [7]);
    assert_eq!(drain_async(shadowing::asynchronous()), [0, 5]);
    assert_eq!(shadowing::block().collect::<Vec<_>>(), [1, 0]);
    assert_eq!(drain_async(shadowing::async_block()), [1]);
    assert_eq!(shadowing::Methods(8).by_ref().collect::<Vec<_>>(), [8]);
}

#[test]
fn no_implicit_prelude() {
    let mut g = without_prelude::evens(3);
    assert_eq!(g.by_ref().collect::<Vec<_>>(), [0, 2, 4]);
    assert_eq!(g.take_return(), Some(Some(3)));
    assert_eq!(
        without_prelude::delegating().collect::<Vec<_>>(),
        [0, 2, 9, 9]
    );
    assert_eq!(drain_async(without_prelude::asynchronous()), [3]);
    assert_eq!(without_prelude::block().collect::<Vec<_>>(), [4]);
}

mod reexport {
    pub(crate) use ::coyield::*;
}

/// Through a re-export, the expansion still finds coyield as the dependency
/// named `coyield`.
#[reexport::generator(yield = u8)]
fn through_reexport() -> u8 {
    reexport::yield_!(1);
    reexport::yield_from!(reexport::gen_! { reexport::yield_!(2u8) });
    3
}

/// A renamed crate is named with `unsafe(crate = ...)`.
#[renamed::generator(
    yield = u8,
    // SAFETY: `::renamed` is the coyield crate (`extern crate coyield as renamed`).
    unsafe(crate = ::renamed)
)]
fn through_renamed_crate() {
    renamed::yield_!(1);
    renamed::yield_from!(renamed::gen_! { renamed::yield_!(2u8) });
}

#[test]
fn a_reexported_or_renamed_crate() {
    let mut g = through_reexport();
    assert_eq!(g.by_ref().collect::<Vec<_>>(), [1, 2]);
    assert_eq!(g.take_return(), Some(3));
    assert_eq!(through_renamed_crate().collect::<Vec<_>>(), [1, 2]);
    let g = reexport::gen_! { reexport::yield_!(5u8) };
    assert_eq!(g.collect::<Vec<_>>(), [5]);
}

mod user_names {
    use coyield::{gen_, generator, yield_, yield_from};

    /// Parameters and locals with the names an expansion might pick.
    #[generator(yield = u32, resume = u32)]
    pub(super) fn names(co: u32, body: u32, __coyield_arg2: u32, (a, b): (u32, u32)) -> u32 {
        let value = co + body;
        let delegate = [value, body];
        let __coyield_delegate = 5;
        let __coyield_co = 7;
        let r = yield_!(value + __coyield_co);
        yield_from!(delegate);
        let state = r;
        let slot = state;
        let cx = slot;
        let waker = cx;
        let scope = gen_! {
            #![generator(yield = u32, resume = u32)]
            let co = 1;
            yield_!(co);
        };
        yield_from!(scope);
        waker + __coyield_delegate + __coyield_arg2 + a + b
    }

    /// `_` parameters are kept alive by generated bindings.
    #[generator(yield = u32)]
    pub(super) fn wildcards(_: u32, __coyield_keep0: u32, _: u32) {
        yield_!(__coyield_keep0);
    }
}

#[test]
fn user_locals_named_like_expansion_internals() {
    use coyield::CoroutineState::{Complete, Yielded};
    let mut g = user_names::names(1, 2, 100, (1000, 10_000));
    assert_eq!(g.send(0), Yielded(3 + 7));
    assert_eq!(g.send(20), Yielded(3));
    assert_eq!(g.send(0), Yielded(2));
    assert_eq!(g.send(0), Yielded(1));
    assert_eq!(g.send(0), Complete(20 + 5 + 100 + 1000 + 10_000));
    assert_eq!(user_names::wildcards(1, 2, 3).collect::<Vec<_>>(), [2]);
}
