//! Assembles the output of `#[generator]` and of the `gen_!` blocks.

use proc_macro2::{Delimiter, Group, Ident, Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::visit_mut::VisitMut;
use syn::{Block, Expr, ReturnType, Stmt, Type};

use crate::args::Args;
use crate::error::bail;
use crate::krate::Krate;
use crate::signature::{self, GenFn};
use crate::visit::{Generator, Rewriter, checked_return};

/// The generator type a body goes into.
fn generator_type(is_async: bool, no_alloc: bool) -> Ident {
    let name = match (is_async, no_alloc) {
        (false, false) => "Gen",
        (false, true) => "NoAllocGen",
        (true, false) => "AsyncGen",
        (true, true) => "NoAllocAsyncGen",
    };
    format_ident!("{}", name)
}

/// The body's handle, which user code cannot name.
fn handle() -> Ident {
    Ident::new("__coyield_co", Span::mixed_site())
}

/// What every generator body expands to.
///
/// Input:  the body's statements, already rewritten, and its types.
/// Output:
/// ```text
/// {
///     extern crate coyield as __coyield;
///     __coyield::Gen::new(__coyield::__private::BodyFn::<_, Y, R, BodyFlags<false, false>>::new::<Ret>(
///         move |co| async move { <prelude> <statements> },
///     ))
/// }
/// ```
/// The user's statements are in a block nested in the one that declares
/// `__coyield`, so no item of theirs can shadow it for the paths here.
struct BodyExpansion<'a> {
    krate: &'a Krate,
    co: &'a Ident,
    generator: Ident,
    /// A borrowing block (`gen_ref!`): an async closure that borrows from
    /// its environment, instead of a `move` closure making an `async move`
    /// block.
    borrowing: bool,
    yield_ty: TokenStream,
    resume_ty: TokenStream,
    return_ty: TokenStream,
    /// Whether the body contains a `yield_from!`.
    delegates: bool,
    /// Whether the body binds its first resume's argument.
    binds_first_resume: bool,
    /// Statements that run first: parameter bindings, the first resume.
    prelude: TokenStream,
    stmts: Vec<Stmt>,
    /// The span of the braces of the body as written, which the `async`
    /// block's get: a borrow error at the end of the body ("dropped here
    /// while still borrowed") then points at its closing brace.
    braces: Span,
}

impl BodyExpansion<'_> {
    fn expand(self) -> TokenStream {
        let BodyExpansion {
            krate,
            co,
            generator,
            borrowing,
            yield_ty,
            resume_ty,
            return_ty,
            delegates,
            binds_first_resume,
            prelude,
            stmts,
            braces,
        } = self;
        let mut body = Group::new(Delimiter::Brace, quote!(#prelude #(#stmts)*));
        body.set_span(braces);
        let item = krate.item();
        let root = krate.root();
        // The closure is passed inline so that `Y` and `Ret` reach it as
        // expected types.
        let flags = quote!(#root::__private::BodyFlags<#delegates, #binds_first_resume>);
        let body = if borrowing {
            quote! {
                #root::__private::borrowing_body::<#yield_ty, #resume_ty, #flags, #return_ty, _>(
                    async |#co| #body
                )
            }
        } else {
            quote! {
                #root::__private::BodyFn::<_, #yield_ty, #resume_ty, #flags>::new::<#return_ty>(
                    move |#co| async move #body
                )
            }
        };
        quote! {
            {
                #item
                #root::#generator::new(#body)
            }
        }
    }
}

/// Input:  `first_resume = pat`, with `resume = R`
/// Output: `let pat: R = { extern crate coyield; unsafe { coyield::__private::first_resume(co) } }.await;`,
/// with the `.await` at `pat`, where a panic in it is reported.
fn first_resume_binding(
    args: &Args,
    krate: &Krate,
    co: &Ident,
    resume_ty: &TokenStream,
) -> TokenStream {
    let Some(pat) = &args.first_resume else {
        return TokenStream::new();
    };
    let item = krate.item();
    let root = krate.root();
    // SAFETY: awaited right here, in the body of the generator that made the
    // handle.
    let first_resume = krate.unsafe_block(
        Span::call_site(),
        quote!(#root::__private::first_resume(#co)),
    );
    let await_ = quote_spanned!(pat.span()=> .await);
    quote! {
        let #pat: #resume_ty = {
            #item
            #first_resume
        } #await_;
    }
}

/// Input:
/// ```text
/// #[generator(yield = u64)]
/// pub fn count(mut i: u64) { loop { yield_!(i); i += 1; } }
/// ```
/// Output:
/// ```text
/// #[allow(refining_impl_trait)]
/// pub fn count(i: u64) -> ::coyield::Gen<impl ::coyield::Body<Yield = u64, Resume = (), Return = ()>> {
///     { extern crate coyield as __coyield; __coyield::Gen::new(BodyFn::new(move |co| async move {
///         let mut i = i;
///         loop { { .. unsafe { __coyield::__private::yield_(co, i) } }.await; i += 1; }
///     })) }
/// }
/// ```
pub(crate) fn generator_fn(args: Args, mut function: GenFn) -> syn::Result<TokenStream> {
    function.validate()?;
    args.validate()?;
    let Some(yield_ty) = &args.yield_ty else {
        bail!(
            function.sig.fn_token,
            "missing `yield = T`: write #[generator(yield = T)] with the type of the values this generator yields"
        );
    };
    let krate = args.krate();
    let is_async = function.sig.asyncness.take().is_some();
    let resume_ty = match &args.resume_ty {
        Some(ty) => quote!(#ty),
        None => quote!(()),
    };
    let return_ty = signature::return_type(&function.sig);
    let returns_unit = matches!(function.sig.output, ReturnType::Default);
    // What `return` values are checked against: the declared type (for `()`,
    // spanned at the function's name, which is what "expected due to this"
    // then points at), unless it cannot be written in a `let`.
    let checked_return_ty: Option<Type> = if returns_unit {
        let span = function.sig.ident.span();
        Some(syn::parse_quote_spanned!(span=> ()))
    } else if signature::mentions_impl(&return_ty) {
        None
    } else {
        Some(return_ty.clone())
    };
    let return_hint = if signature::mentions_impl(&return_ty) {
        quote!(_)
    } else {
        quote!(#return_ty)
    };
    let params = signature::rewrite_params(&mut function.sig);
    let co = handle();

    let root = krate.signature_root();
    let binds = if args.first_resume.is_some() {
        quote!(+ #root::BindsFirstResume)
    } else {
        TokenStream::new()
    };
    let send = if args.send {
        quote!(+ ::core::marker::Send)
    } else {
        TokenStream::new()
    };
    let generator = generator_type(is_async, args.no_alloc);
    function.sig.output = ReturnType::Type(
        Default::default(),
        Box::new(syn::parse_quote! {
            #root::#generator<impl #root::Body<Yield = #yield_ty, Resume = #resume_ty, Return = #return_ty> #binds #send>
        }),
    );
    let Some(mut body) = function.body else {
        // A declaration in a trait: the signature is all there is.
        let GenFn {
            attrs, vis, sig, ..
        } = function;
        return Ok(quote! {
            #(#attrs)*
            #vis #sig;
        });
    };
    let mut rewriter = Rewriter::new(Generator {
        co: &co,
        krate: &krate,
        is_async,
        yield_ty: Some(yield_ty),
        resumes_unit: args.resumes_unit(),
        return_ty: checked_return_ty.clone(),
        returns_unit,
        name: Some(&function.sig.ident),
        no_alloc: args.no_alloc,
    });
    rewriter.visit_block_mut(&mut body);
    let delegates = rewriter.delegates;
    if let Some(ty) = &checked_return_ty {
        check_tail(&mut body.stmts, ty);
    }

    let keep_self = if params.has_self {
        quote!(let _ = &self;)
    } else {
        TokenStream::new()
    };
    let bindings = params.bindings;
    let first_resume = first_resume_binding(&args, &krate, &co, &resume_ty);
    let expansion = BodyExpansion {
        krate: &krate,
        co: &co,
        generator,
        borrowing: false,
        yield_ty: quote!(#yield_ty),
        resume_ty: resume_ty.clone(),
        return_ty: return_hint,
        delegates,
        binds_first_resume: args.first_resume.is_some(),
        prelude: quote!(#keep_self #bindings #first_resume),
        stmts: body.stmts,
        braces: body.brace_token.span.join(),
    }
    .expand();

    let GenFn {
        attrs, vis, sig, ..
    } = function;
    Ok(quote! {
        #(#attrs)*
        #[allow(refining_impl_trait)]
        #vis #sig {
            #expansion
        }
    })
}

/// Checks the body's tail expression, its return value, against the
/// declared return type where it is written (see `checked_return`).
///
/// Only a tail that computes a value, and so cannot diverge without a call
/// doing it: a `loop`, `match` or macro tail may well be `!`, and a check of
/// it would be unreachable code that rustc warns about (a wrong type there
/// is still an error, at the generator).
fn check_tail(stmts: &mut [Stmt], ty: &Type) {
    if let Some(Stmt::Expr(tail, None)) = stmts.last_mut() {
        let computes_a_value = matches!(
            tail,
            Expr::Array(_)
                | Expr::Binary(_)
                | Expr::Call(_)
                | Expr::Cast(_)
                | Expr::Field(_)
                | Expr::Index(_)
                | Expr::Lit(_)
                | Expr::MethodCall(_)
                | Expr::Paren(_)
                | Expr::Path(_)
                | Expr::Range(_)
                | Expr::Reference(_)
                | Expr::Struct(_)
                | Expr::Tuple(_)
                | Expr::Unary(_)
        );
        if computes_a_value {
            *tail = checked_return(ty, tail);
        }
    }
}

/// What a `gen_!` / `async_gen_!` block holds: optional `#![generator(...)]`
/// arguments, then statements.
pub(crate) struct GenBlock {
    pub(crate) args: Args,
    pub(crate) stmts: Vec<Stmt>,
}

impl syn::parse::Parse for GenBlock {
    fn parse(input: syn::parse::ParseStream) -> syn::Result<Self> {
        let mut args = Args::default();
        for attr in input.call(syn::Attribute::parse_inner)? {
            if !attr.path().is_ident("generator") {
                bail!(
                    attr,
                    "only `#![generator(...)]` is allowed at the start of a generator block"
                );
            }
            args = attr.parse_args()?;
        }
        args.validate()?;
        let stmts = input.call(Block::parse_within)?;
        Ok(GenBlock { args, stmts })
    }
}

/// Input:  `gen_! { #![generator(resume = i32)] let x = yield_!(1); x }`
/// Output: `{ extern crate coyield as __coyield; __coyield::Gen::new(BodyFn::<_, _, i32, ..>::new::<_>(
///          move |co| async move { let x = { .. }.await; x })) }`
pub(crate) fn generator_block(block: GenBlock, is_async: bool, borrowing: bool) -> TokenStream {
    let GenBlock { args, mut stmts } = block;
    let krate = args.krate();
    let co = handle();
    let mut rewriter = Rewriter::new(Generator {
        co: &co,
        krate: &krate,
        is_async,
        yield_ty: args.yield_ty.as_ref(),
        resumes_unit: args.resumes_unit(),
        return_ty: None,
        returns_unit: false,
        name: None,
        no_alloc: args.no_alloc,
    });
    for stmt in &mut stmts {
        rewriter.visit_stmt_mut(stmt);
    }
    if !rewriter.yields && args.yield_ty.is_none() {
        return syn::Error::new(
            Span::call_site(),
            "this generator never yields, so the type of its items cannot be inferred: add `#![generator(yield = T)]` at the start of the block",
        )
        .into_compile_error();
    }
    let yield_ty = match &args.yield_ty {
        Some(ty) => quote!(#ty),
        None => quote!(_),
    };
    let resume_ty = match &args.resume_ty {
        Some(ty) => quote!(#ty),
        None => quote!(()),
    };
    let first_resume = first_resume_binding(&args, &krate, &co, &resume_ty);
    BodyExpansion {
        krate: &krate,
        co: &co,
        generator: generator_type(is_async, args.no_alloc),
        borrowing,
        yield_ty,
        resume_ty,
        return_ty: quote!(_),
        delegates: rewriter.delegates,
        binds_first_resume: args.first_resume.is_some(),
        prelude: first_resume,
        stmts,
        braces: Span::call_site(),
    }
    .expand()
}

#[cfg(test)]
mod tests {
    use proc_macro2::TokenStream;

    /// The expansion the crate docs show ("How it works" in the facade's
    /// `src/lib.rs`): the same tokens, so the two cannot drift apart.
    #[test]
    fn the_expansion_in_the_crate_docs_is_the_real_one() {
        let args = syn::parse_str("yield = u64").unwrap();
        let function =
            syn::parse_str("fn count(mut i: u64) { loop { yield_!(i); i += 1; } }").unwrap();
        let real = super::generator_fn(args, function).unwrap();

        let docs = include_str!("../../src/lib.rs");
        let marker = "<!-- the expansion of `count`, checked by a test of coyield-macros -->";
        let block = docs
            .split_once(marker)
            .and_then(|(_, rest)| rest.split_once("```text\n"))
            .and_then(|(_, rest)| rest.split_once("//! ```"))
            .map(|(block, _)| block)
            .expect("the crate docs show the expansion of `count`");
        let shown: String = block
            .lines()
            .map(|line| line.trim_start().strip_prefix("//!").unwrap_or(line))
            .collect::<Vec<_>>()
            .join("\n");
        let shown: TokenStream = shown.parse().expect("the shown expansion is Rust tokens");
        // Spacing differs (`>>` parses as one joint token), tokens do not.
        let squeeze = |tokens: TokenStream| tokens.to_string().replace(char::is_whitespace, "");
        assert_eq!(squeeze(shown), squeeze(real));
    }
}
