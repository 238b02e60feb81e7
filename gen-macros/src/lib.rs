//! Procedural macros of [coyield](https://docs.rs/coyield): `#[generator]` and
//! the expansion behind `gen_!` / `async_gen_!`. Use them through `coyield`,
//! which documents them.

#![forbid(unsafe_code)]

mod args;
mod error;
mod expand;
mod signature;
mod visit;

use proc_macro::TokenStream;

/// Turns a function into a generator. Documented in the `coyield` crate.
#[proc_macro_attribute]
pub fn generator(args: TokenStream, item: TokenStream) -> TokenStream {
    let item2 = proc_macro2::TokenStream::from(item.clone());
    let result = syn::parse::<args::Args>(args)
        .and_then(|args| Ok((args, syn::parse::<signature::GenFn>(item)?)))
        .and_then(|(args, function)| expand::generator_fn(args, function));
    match result {
        Ok(tokens) => tokens.into(),
        Err(error) => with_stub(error, item2).into(),
    }
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
            let krate = quote::quote!(::coyield);
            let mut stub = visit::Rewriter::stub(&co, &krate);
            syn::visit_mut::VisitMut::visit_block_mut(&mut stub, &mut body);
            quote::quote! {
                #error
                #(#attrs)*
                #vis #sig #body
            }
        }
        Err(_) => error,
    }
}

/// The expansion of `gen_!`: `(crate path) statements`. Not public API.
#[doc(hidden)]
#[proc_macro]
pub fn gen_block(input: TokenStream) -> TokenStream {
    block(input, false)
}

/// The expansion of `async_gen_!`: `(crate path) statements`. Not public API.
#[doc(hidden)]
#[proc_macro]
pub fn async_gen_block(input: TokenStream) -> TokenStream {
    block(input, true)
}

fn block(input: TokenStream, is_async: bool) -> TokenStream {
    let result = expand::split_crate_path(input.into()).and_then(|(krate, body)| {
        let block = syn::parse2::<expand::GenBlock>(body)?;
        Ok(expand::generator_block(krate, block, is_async))
    });
    match result {
        Ok(tokens) => tokens.into(),
        Err(error) => error.into_compile_error().into(),
    }
}
