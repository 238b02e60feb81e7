// The hidden entry point behind `gen_!` takes no crate path from its caller:
// what used to be one is now just the block's first statement.
mod evil {}

fn main() {
    let _ = coyield::__private::gen_block!((crate::evil) coyield::yield_!(1u8););
}
