// The program that reached undefined behaviour before: a user macro named
// `yield_` received the generator's handle, and an `.await` the rewriter did
// not see used it in another generator. The macro now receives only the
// `@coyield_used` marker, so the body returns `()`, not a handle.
use coyield::gen_;

mod evil {
    macro_rules! yield_ {
        (@coyield_await $co:ident . yield_ ( $($v:tt)* )) => { $co };
    }
    pub(crate) use yield_;
}
macro_rules! aw { ($e:expr) => { $e.await }; }

fn main() {
    let mut a = gen_! {
        #![generator(yield = [usize; 2])]
        evil::yield_!([0usize; 2])
    };
    let co = a.send(()).complete().unwrap();
    let mut b = gen_! {
        #![generator(yield = &'static str)]
        coyield::yield_!("fine");
        aw!(co.yield_([0x1000usize, 64]));
    };
    b.next();
    let s: &'static str = b.next().unwrap();
    println!("{s}");
}
