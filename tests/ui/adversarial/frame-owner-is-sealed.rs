// The delegation futures trust `FrameOwner::raw_frame` and `OWNED`: users
// cannot implement it.
use coyield::__private::{FrameOwner, RawGen};
use core::pin::Pin;

struct Wrapper<B: coyield::Body>(Pin<Box<RawGen<B>>>);

impl<B: coyield::Body> FrameOwner for Wrapper<B> {
    type Body = B;
    const OWNED: bool = true;
    fn raw_frame(self: Pin<&mut Self>) -> Pin<&mut RawGen<B>> {
        self.get_mut().0.as_mut()
    }
}

fn main() {}
