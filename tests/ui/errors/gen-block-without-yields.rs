use coyield::gen_;

fn main() {
    let g = gen_! {};
    drop(g);
}
