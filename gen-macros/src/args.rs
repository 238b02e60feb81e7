//! The arguments of `#[generator(...)]` (and of `#![generator(...)]` inside
//! `gen_!` blocks).

use syn::parse::{Parse, ParseStream};
use syn::{Ident, Pat, Path, Token, Type};

use crate::error::bail;
use crate::krate::Krate;

mod kw {
    syn::custom_keyword!(resume);
    syn::custom_keyword!(first_resume);
    syn::custom_keyword!(no_alloc);
    syn::custom_keyword!(send);
    syn::custom_keyword!(__coyield_deferred);
}

/// Input: `yield = u64, resume = i32, first_resume = x, no_alloc, send,
/// unsafe(crate = path)`, each optional and at most once, in any order.
#[derive(Default)]
pub(crate) struct Args {
    /// `yield = T`: what `yield_!` takes. Required on functions.
    pub(crate) yield_ty: Option<Type>,
    /// `resume = T`: what `yield_!` evaluates to; `()` if absent.
    pub(crate) resume_ty: Option<Type>,
    /// `first_resume = pat`: binds the first resume argument.
    pub(crate) first_resume: Option<Pat>,
    /// `no_alloc`: the inline, `!Unpin` generator type.
    pub(crate) no_alloc: bool,
    /// `send`: the generator is `Send` (its signature says so; in a trait,
    /// every implementation must be).
    pub(crate) send: bool,
    /// `unsafe(crate = path)`: where the `coyield` crate is, if renamed.
    pub(crate) krate: Option<(Token![unsafe], Path)>,
    /// `__coyield_deferred`: written by `#[generator]` itself when it moved
    /// below another attribute (see `defer_to_later_attributes`).
    pub(crate) deferred: bool,
}

const EXPECTED: &str = "expected `yield = T`, `resume = T`, `first_resume = name`, `no_alloc`, `send` or `unsafe(crate = path)`";

impl Parse for Args {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut args = Args::default();
        while !input.is_empty() {
            if input.peek(Token![yield]) {
                let key: Token![yield] = input.parse()?;
                expect_eq(input, &key, "yield = T")?;
                set_once(&mut args.yield_ty, input.parse()?, key, "yield")?;
            } else if input.peek(kw::resume) {
                let key: kw::resume = input.parse()?;
                expect_eq(input, &key, "resume = T")?;
                set_once(&mut args.resume_ty, input.parse()?, key, "resume")?;
            } else if input.peek(kw::first_resume) {
                let key: kw::first_resume = input.parse()?;
                expect_eq(input, &key, "first_resume = name")?;
                set_once(
                    &mut args.first_resume,
                    Pat::parse_single(input)?,
                    key,
                    "first_resume",
                )?;
            } else if input.peek(kw::no_alloc) {
                let key: kw::no_alloc = input.parse()?;
                if args.no_alloc {
                    bail!(key, "duplicate argument `no_alloc`");
                }
                args.no_alloc = true;
            } else if input.peek(kw::send) {
                let key: kw::send = input.parse()?;
                if args.send {
                    bail!(key, "duplicate argument `send`");
                }
                args.send = true;
            } else if input.peek(Token![unsafe]) {
                let unsafe_token: Token![unsafe] = input.parse()?;
                let inner;
                syn::parenthesized!(inner in input);
                let key: Token![crate] = inner.parse()?;
                expect_eq(&inner, &key, "unsafe(crate = path)")?;
                let path = Path::parse_mod_style(&inner)?;
                if !inner.is_empty() {
                    return Err(inner.error("expected `unsafe(crate = path)`"));
                }
                set_once(&mut args.krate, (unsafe_token, path), key, "crate")?;
            } else if input.peek(Token![crate]) {
                let key: Token![crate] = input.parse()?;
                bail!(
                    key,
                    "write `unsafe(crate = path)`: the expansion trusts that path to name the coyield crate, and nothing checks it (without it, coyield is found as the dependency named `coyield`)"
                );
            } else if input.peek(kw::__coyield_deferred) {
                input.parse::<kw::__coyield_deferred>()?;
                args.deferred = true;
            } else if input.peek(Ident) {
                let unknown: Ident = input.parse()?;
                bail!(unknown, "unknown argument `{unknown}`: {EXPECTED}");
            } else {
                return Err(input.error(EXPECTED));
            }
            if !input.is_empty() {
                input.parse::<Token![,]>()?;
            }
        }
        Ok(args)
    }
}

impl Args {
    /// Rejects combinations that cannot work.
    pub(crate) fn validate(&self) -> syn::Result<()> {
        if let (Some(pat), None) = (&self.first_resume, &self.resume_ty) {
            bail!(
                pat,
                "`first_resume` binds the argument of the first resume: add `resume = T` with its type"
            );
        }
        Ok(())
    }

    /// Whether the resume type is `()`: none declared, or `()`.
    pub(crate) fn resumes_unit(&self) -> bool {
        match &self.resume_ty {
            None => true,
            Some(Type::Tuple(tuple)) => tuple.elems.is_empty(),
            Some(_) => false,
        }
    }

    /// Where the expansion finds coyield.
    pub(crate) fn krate(&self) -> Krate {
        match &self.krate {
            None => Krate::Extern,
            Some((unsafe_token, path)) => Krate::Named {
                path: path.clone(),
                unsafe_token: *unsafe_token,
            },
        }
    }
}

/// The `=` after a key, or an error at the key showing the whole form.
fn expect_eq(input: ParseStream, key: &impl quote::ToTokens, form: &str) -> syn::Result<()> {
    if input.peek(Token![=]) {
        input.parse::<Token![=]>()?;
        Ok(())
    } else {
        bail!(key, "expected `{form}`")
    }
}

fn set_once<T>(
    slot: &mut Option<T>,
    value: T,
    key: impl quote::ToTokens,
    name: &str,
) -> syn::Result<()> {
    if slot.is_some() {
        bail!(key, "duplicate argument `{name}`");
    }
    *slot = Some(value);
    Ok(())
}
