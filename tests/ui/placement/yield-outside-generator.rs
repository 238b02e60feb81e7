use coyield::yield_;

fn main() {
    let x: () = yield_!(1);
}
