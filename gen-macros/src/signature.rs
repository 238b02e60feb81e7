//! The function `#[generator]` is applied to: its signature in, the
//! generator's signature and the parameter bindings of its body out.

use crate::error::bail;
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::parse::{Parse, ParseStream};
use syn::{Attribute, Block, FnArg, Pat, PatIdent, ReturnType, Signature, Token, Type, Visibility};

/// A free function, method or associated function, with a body or (in a
/// trait) without one.
pub(crate) struct GenFn {
    pub(crate) attrs: Vec<Attribute>,
    pub(crate) vis: Visibility,
    pub(crate) sig: Signature,
    /// `None` for a declaration in a trait (`fn items(&self);`).
    pub(crate) body: Option<Block>,
}

impl Parse for GenFn {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        let vis: Visibility = input.parse()?;
        let sig: Signature = input.parse()?;
        let body = if input.peek(Token![;]) {
            input.parse::<Token![;]>()?;
            None
        } else {
            Some(input.parse::<Block>()?)
        };
        Ok(GenFn {
            attrs,
            vis,
            sig,
            body,
        })
    }
}

impl GenFn {
    /// The function with a body that does not parse: its signature, and the
    /// body's tokens as they are. See `stand_in` in `lib.rs`.
    pub(crate) fn parse_header(
        tokens: proc_macro2::TokenStream,
    ) -> syn::Result<(Self, proc_macro2::TokenStream)> {
        syn::parse::Parser::parse2(
            |input: ParseStream| {
                let attrs = input.call(Attribute::parse_outer)?;
                let vis: Visibility = input.parse()?;
                let sig: Signature = input.parse()?;
                let body: proc_macro2::Group = input.parse()?;
                let function = GenFn {
                    attrs,
                    vis,
                    sig,
                    body: None,
                };
                Ok((function, body.stream()))
            },
            tokens,
        )
    }

    /// Rejects what a generator function cannot be.
    pub(crate) fn validate(&self) -> syn::Result<()> {
        let sig = &self.sig;
        if let Some(constness) = &sig.constness {
            bail!(constness, "a generator cannot be a `const fn`");
        }
        if let Some(abi) = &sig.abi {
            bail!(abi, "a generator cannot have an `extern` ABI");
        }
        if let Some(variadic) = &sig.variadic {
            bail!(variadic, "a generator cannot be variadic");
        }
        Ok(())
    }
}

/// The parts of the signature the expansion needs.
pub(crate) struct Params {
    /// `let <user pattern> = <parameter>;` for every typed parameter, so the
    /// body owns them (and drops them when the generator is dropped).
    pub(crate) bindings: TokenStream,
    /// The method has a `self` receiver.
    pub(crate) has_self: bool,
}

/// Input: `fn f(mut a: u8, (b, c): (u8, u8), _: Guard)`
/// Output: `fn f(a: u8, __coyield_arg1: (u8, u8), __coyield_arg2: Guard)`
///         with bindings `let mut a = a; let (b, c) = __coyield_arg1;
///         let __coyield_keep2 = __coyield_arg2;` (a plain `_` pattern would drop
///         the argument at once instead of with the generator).
pub(crate) fn rewrite_params(sig: &mut Signature) -> Params {
    let mut bindings = TokenStream::new();
    let mut has_self = false;
    for (index, arg) in sig.inputs.iter_mut().enumerate() {
        let typed = match arg {
            FnArg::Receiver(_) => {
                has_self = true;
                continue;
            }
            FnArg::Typed(typed) => typed,
        };
        match &*typed.pat {
            Pat::Ident(PatIdent {
                by_ref: None,
                subpat: None,
                ident,
                ..
            }) => {
                // Keep the readable name in the signature (and in the docs);
                // the binding restores `mut` if it was there.
                let pat = &typed.pat;
                bindings.extend(quote!(let #pat = #ident;));
                let plain = ident.clone();
                *typed.pat = Pat::Ident(PatIdent {
                    attrs: Vec::new(),
                    by_ref: None,
                    mutability: None,
                    ident: plain,
                    subpat: None,
                });
            }
            Pat::Wild(_) => {
                let name = format_ident!("__coyield_arg{}", index, span = Span::mixed_site());
                let keep = format_ident!("__coyield_keep{}", index, span = Span::mixed_site());
                bindings.extend(quote!(let #keep = #name;));
                *typed.pat = ident_pat(name);
            }
            pat => {
                let name = format_ident!("__coyield_arg{}", index, span = Span::mixed_site());
                bindings.extend(quote!(let #pat = #name;));
                *typed.pat = ident_pat(name);
            }
        }
    }
    Params { bindings, has_self }
}

fn ident_pat(ident: syn::Ident) -> Pat {
    Pat::Ident(PatIdent {
        attrs: Vec::new(),
        by_ref: None,
        mutability: None,
        ident,
        subpat: None,
    })
}

/// The written return type (`()` when there is none).
pub(crate) fn return_type(sig: &Signature) -> Type {
    match &sig.output {
        ReturnType::Default => syn::parse_quote!(()),
        ReturnType::Type(_, ty) => (**ty).clone(),
    }
}

/// Whether a type mentions `impl Trait`, which cannot be written as a
/// generic argument.
pub(crate) fn mentions_impl(ty: &Type) -> bool {
    fn scan(tokens: TokenStream) -> bool {
        tokens.into_iter().any(|tree| match tree {
            proc_macro2::TokenTree::Ident(ident) => ident == "impl",
            proc_macro2::TokenTree::Group(group) => scan(group.stream()),
            _ => false,
        })
    }
    scan(quote!(#ty))
}
