//! How the expansion reaches the `coyield` crate without going through a
//! name user code could redirect.
//!
//! A path such as `::coyield` resolves in the user's scope: one line at their
//! crate root, `extern crate self as coyield;`, points it at their own crate.
//! `extern crate coyield;` does not: it loads the dependency named
//! `coyield`, whatever the scope holds. So every piece of the expansion that
//! names coyield declares that item in a block of its own, which holds none
//! of the user's items (an item in an inner block would shadow it), and
//! names coyield through it. (Under its own name, not an alias: rustc prints
//! coyield's types in diagnostics through the `extern crate` item it finds,
//! and an alias would show there.)
//!
//! A user whose dependency has another name says where coyield is with
//! `unsafe(crate = path)`: the expansion then trusts that path, and its
//! `unsafe` blocks carry the span of the user's `unsafe`, so the
//! `unsafe_code` lint (and `#![forbid(unsafe_code)]`) sees them.

use proc_macro2::{Delimiter, Group, Ident, Span, TokenStream};
use quote::{ToTokens, quote};
use syn::Path;

/// Where the expansion finds coyield.
#[derive(Clone)]
pub(crate) enum Krate {
    /// The dependency named `coyield`, through `extern crate`.
    Extern,
    /// A path the user vouched for with `unsafe(crate = path)`.
    Named {
        path: Path,
        unsafe_token: syn::Token![unsafe],
    },
}

impl Krate {
    /// The name the `extern crate` item declares.
    fn alias() -> Ident {
        Ident::new("coyield", Span::mixed_site())
    }

    /// The item that makes [`root`](Self::root) resolve: to be written in the
    /// same block as every use of `root`, and in a block that holds no user
    /// tokens.
    pub(crate) fn item(&self) -> TokenStream {
        match self {
            Krate::Extern => {
                let alias = Krate::alias();
                quote!(extern crate #alias;)
            }
            Krate::Named { .. } => TokenStream::new(),
        }
    }

    /// The path of the crate root, next to [`item`](Self::item).
    pub(crate) fn root(&self) -> TokenStream {
        match self {
            Krate::Extern => Krate::alias().into_token_stream(),
            Krate::Named { path, .. } => path.into_token_stream(),
        }
    }

    /// The crate root as written in a signature, where no item can be
    /// declared. Only types go there: a path redirected by the user makes a
    /// type error against the body, nothing more.
    pub(crate) fn signature_root(&self) -> TokenStream {
        match self {
            Krate::Extern => quote!(::coyield),
            Krate::Named { path, .. } => path.into_token_stream(),
        }
    }

    /// `unsafe { contents }`: the expansion's own block, located at `span`
    /// (which the `unsafe_code` lint, rightly, does not report: the promise
    /// is coyield's), or, when the user named the crate, a block spanned at
    /// their `unsafe`, which the lint reports as theirs.
    pub(crate) fn unsafe_block(&self, span: Span, contents: TokenStream) -> TokenStream {
        let span = match self {
            Krate::Extern => Span::mixed_site().located_at(span),
            Krate::Named { unsafe_token, .. } => unsafe_token.span,
        };
        let keyword = syn::Token![unsafe](span);
        let mut block = Group::new(Delimiter::Brace, contents);
        block.set_span(span);
        quote!(#keyword #block)
    }
}
