//! `#[spy]`: an attribute macro that passes the function it is on through
//! unchanged and records the tokens it received in a `const` named
//! `SPIED_<FUNCTION>`. The adversarial tests put it below `#[generator]`, as
//! a user's own attribute would be, to check what reaches it: the function as
//! written, never the generator's expansion.

use proc_macro::{TokenStream, TokenTree};

/// See the crate docs.
#[proc_macro_attribute]
pub fn spy(_args: TokenStream, item: TokenStream) -> TokenStream {
    let name = function_name(item.clone()).expect("#[spy] goes on a function");
    let seen = item.to_string();
    let record: TokenStream = format!(
        "#[allow(dead_code)] const SPIED_{}: &str = {:?};",
        name.to_uppercase(),
        seen
    )
    .parse()
    .expect("a const item");
    let mut out = item;
    out.extend(record);
    out
}

/// The identifier after the first `fn`.
fn function_name(item: TokenStream) -> Option<String> {
    let mut trees = item.into_iter();
    while let Some(tree) = trees.next() {
        if let TokenTree::Ident(ident) = &tree {
            if ident.to_string() == "fn" {
                return trees.next().map(|name| name.to_string());
            }
        }
    }
    None
}
