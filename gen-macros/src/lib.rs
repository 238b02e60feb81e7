//! Procedural macros of [coyield](https://docs.rs/coyield): `#[generator]`,
//! `gen_!` and `async_gen_!`. Use them through `coyield`, which documents
//! them.

#![forbid(unsafe_code)]

mod args;
mod error;
mod expand;
mod krate;
mod signature;
mod visit;

use proc_macro::TokenStream;
use quote::quote;

/// Turns a function into a generator. Documented in the `coyield` crate.
#[proc_macro_attribute]
pub fn generator(args: TokenStream, item: TokenStream) -> TokenStream {
    let args2 = proc_macro2::TokenStream::from(args.clone());
    let item2 = proc_macro2::TokenStream::from(item.clone());
    let result = syn::parse::<args::Args>(args).and_then(|args| {
        let function = match syn::parse::<signature::GenFn>(item) {
            Ok(function) => function,
            Err(error) => return stand_in(args, item2.clone(), error),
        };
        match defer_to_later_attributes(&args, &args2, &function) {
            Some(deferred) => Ok(deferred),
            None => expand::generator_fn(args, function),
        }
    });
    match result {
        Ok(tokens) => tokens.into(),
        Err(error) => with_stub(error, item2).into(),
    }
}

/// Attributes with no macro behind them, kept in place. Any other attribute
/// still on the function is a macro below `#[generator]` that has not run.
const INERT_ATTRIBUTES: &[&str] = &[
    "allow",
    "cfg",
    "cfg_attr",
    "cold",
    "deny",
    "deprecated",
    "doc",
    "expect",
    "forbid",
    "inline",
    "must_use",
    "track_caller",
    "warn",
];

/// The namespaces of inert tool attributes (`#[rustfmt::skip]`, ...).
const INERT_TOOLS: &[&str] = &["clippy", "diagnostic", "rustdoc", "rustfmt"];

/// Input:  `#[generator(yield = u8)] #[other] fn f() { .. }`, `other` a macro
/// Output: `#[other] #[::coyield::generator(__coyield_deferred, yield = u8)] fn f() { .. }`
///
/// An attribute macro below `#[generator]` would receive the expansion, and
/// with it the generator's handle and `unsafe` blocks. Moving `#[generator]`
/// below it lets it run first, on the function as written; the second time,
/// every macro above has run, so nothing is deferred again.
fn defer_to_later_attributes(
    args: &args::Args,
    args_tokens: &proc_macro2::TokenStream,
    function: &signature::GenFn,
) -> Option<proc_macro2::TokenStream> {
    if args.deferred {
        return None;
    }
    let is_inert = |attr: &syn::Attribute| {
        let segments = &attr.path().segments;
        let first = segments.first().map(|s| s.ident.to_string());
        match (segments.len(), first.as_deref()) {
            (1, Some(name)) => INERT_ATTRIBUTES.contains(&name),
            (_, Some(tool)) => INERT_TOOLS.contains(&tool),
            _ => false,
        }
    };
    if function.attrs.iter().all(is_inert) {
        return None;
    }
    let signature::GenFn {
        attrs,
        vis,
        sig,
        body,
    } = function;
    let body = match body {
        Some(body) => quote!(#body),
        None => quote!(;),
    };
    let root = args.krate().signature_root();
    Some(quote! {
        #(#attrs)*
        #[#root::generator(__coyield_deferred, #args_tokens)]
        #vis #sig #body
    })
}

/// A body that does not parse: a stand-in generator with the declared
/// signature, so that callers of the function see it as it will be once the
/// body is fixed (no "method not found" at each call), and an import of
/// `yield_!` used in the body counts as used.
///
/// The syntax error itself is rustc's: it parses the function before it
/// hands it to the attribute, and reports what does not parse, with its own
/// suggestions. Reporting syn's view of it as well would show the one
/// mistake twice.
///
/// Input:  `#[generator(yield = u32)] fn items(&self) { yield_!(1) yield_!(2); }`
/// Output: `fn items(&self) -> Gen<impl Body<..>>`, whose body marks `yield_`
///         used and then never ends.
fn stand_in(
    args: args::Args,
    item: proc_macro2::TokenStream,
    error: syn::Error,
) -> syn::Result<proc_macro2::TokenStream> {
    let Ok((mut function, body)) = signature::GenFn::parse_header(item) else {
        return Err(error);
    };
    let markers = visit::used_yield_paths(body);
    function.body = Some(syn::parse_quote!({ #(#markers!(@coyield_used);)* loop {}; }));
    expand::generator_fn(args, function)
}

/// On an error in the attribute, the error plus the function as written
/// with every `yield_!` diverging, so the one mistake does not also show as
/// errors (or unused imports) about the body.
fn with_stub(error: syn::Error, item: proc_macro2::TokenStream) -> proc_macro2::TokenStream {
    let error = error.into_compile_error();
    match syn::parse2::<signature::GenFn>(item) {
        Ok(signature::GenFn {
            attrs,
            vis,
            sig,
            mut body,
        }) => {
            let co = proc_macro2::Ident::new("__coyield_co", proc_macro2::Span::mixed_site());
            let krate = krate::Krate::Extern;
            let mut stub = visit::Rewriter::stub(&co, &krate);
            let body = match &mut body {
                Some(body) => {
                    syn::visit_mut::VisitMut::visit_block_mut(&mut stub, body);
                    quote!(#body)
                }
                None => quote!(;),
            };
            quote! {
                #error
                #(#attrs)*
                #vis #sig #body
            }
        }
        Err(_) => error,
    }
}

// `gen_!`, `async_gen_!` and their borrowing forms are documented where coyield-core re-exports
// them (the docs of a re-export come first, and these have none of their
// own), so that their examples run as coyield's users write them.
#[allow(missing_docs)]
#[proc_macro]
pub fn gen_(input: TokenStream) -> TokenStream {
    block(input, false, false)
}

#[allow(missing_docs)]
#[proc_macro]
pub fn async_gen_(input: TokenStream) -> TokenStream {
    block(input, true, false)
}

#[allow(missing_docs)]
#[proc_macro]
pub fn gen_ref(input: TokenStream) -> TokenStream {
    block(input, false, true)
}

#[allow(missing_docs)]
#[proc_macro]
pub fn async_gen_ref(input: TokenStream) -> TokenStream {
    block(input, true, true)
}

fn block(input: TokenStream, is_async: bool, borrowing: bool) -> TokenStream {
    match syn::parse::<expand::GenBlock>(input) {
        Ok(block) => expand::generator_block(block, is_async, borrowing).into(),
        Err(error) => error.into_compile_error().into(),
    }
}
