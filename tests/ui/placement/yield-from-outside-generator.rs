use coyield::yield_from;

fn main() {
    yield_from!(0..3);
}
