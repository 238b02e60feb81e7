// Safe code can get hold of a genuine handle (`BodyFn::new` hands one to its
// closure), but everything that reaches a slot through it is an `unsafe fn`.
#![forbid(unsafe_code)]

use coyield::__private::{BodyFlags, BodyFn};

fn main() {
    let _body = BodyFn::<_, u8, (), BodyFlags<false, false>>::new::<()>(|co| async move {
        coyield::__private::yield_(co, 1).await;
        coyield::__private::yield_unit(co, 2).await;
        coyield::__private::first_resume(co).await;
    });
}
