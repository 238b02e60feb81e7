//! Compile errors users can hit, each pinned with its message in a `.stderr`
//! file. Re-bless with `TRYBUILD=overwrite cargo test --test ui` (see
//! DEVELOPERS.md) and review the diff.

#[cfg_attr(miri, ignore)]
#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*/*.rs");
}
