// `gen_!` used to pass its `$crate` path to a hidden entry point, which a
// direct call could replace with its own. It is now the proc macro itself,
// and trusts no path: what would be one is just the block's first statement.
mod evil {}

fn main() {
    let _ = coyield::gen_!((crate::evil) coyield::yield_!(1u8););
}
