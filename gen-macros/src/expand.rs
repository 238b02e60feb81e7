//! Assembles the output of `#[generator]` and of the `gen_!` blocks.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use syn::visit_mut::VisitMut;
use syn::{Block, ReturnType, Stmt};

use crate::args::Args;
use crate::error::bail;
use crate::signature::{self, GenFn};
use crate::visit::Rewriter;

/// The generator type a body goes into.
fn generator_type(krate: &TokenStream, is_async: bool, no_alloc: bool) -> TokenStream {
    match (is_async, no_alloc) {
        (false, false) => quote!(#krate::Gen),
        (false, true) => quote!(#krate::NoAllocGen),
        (true, false) => quote!(#krate::AsyncGen),
        (true, true) => quote!(#krate::NoAllocAsyncGen),
    }
}

/// The body's handle, which user code cannot name.
fn handle() -> Ident {
    Ident::new("__coyield_co", Span::mixed_site())
}

/// What every generator body expands to.
///
/// Input:  the body's statements, already rewritten, and its types.
/// Output: `Gen::new(BodyFn::<_, Y, R, NeverDelegates>::new::<Ret>(unsafe { Vouch::new() },
///          move |co| async move { <prelude> <statements> }))`
struct BodyExpansion<'a> {
    krate: &'a TokenStream,
    co: &'a Ident,
    generator: TokenStream,
    yield_ty: TokenStream,
    resume_ty: TokenStream,
    return_ty: TokenStream,
    /// Whether the body contains a `yield_from!`.
    delegates: bool,
    /// Statements that run first: parameter bindings, the first resume.
    prelude: TokenStream,
    stmts: Vec<Stmt>,
}

impl BodyExpansion<'_> {
    fn expand(self) -> TokenStream {
        let BodyExpansion {
            krate,
            co,
            generator,
            yield_ty,
            resume_ty,
            return_ty,
            delegates,
            prelude,
            stmts,
        } = self;
        let delegation = if delegates {
            quote!(MayDelegate)
        } else {
            quote!(NeverDelegates)
        };
        // The closure is passed inline so that `Y` and `Ret` reach it as
        // expected types; the `unsafe` block covers only the promise that the
        // handle is used as `BodyFn` requires, which holds because `co` can
        // only be named by the code `Rewriter` wrote.
        quote! {
            #generator::new(#krate::__private::BodyFn::<_, #yield_ty, #resume_ty, #krate::__private::#delegation>::new::<#return_ty>(
                unsafe { #krate::__private::Vouch::new() },
                move |#co| async move {
                    #prelude
                    #(#stmts)*
                },
            ))
        }
    }
}

/// `let <pat>: R = co.first_resume().await;` if the attribute asks for it.
fn first_resume_binding(args: &Args, co: &Ident, resume_ty: &TokenStream) -> TokenStream {
    match &args.first_resume {
        Some(pat) => quote!(let #pat: #resume_ty = #co.first_resume().await;),
        None => TokenStream::new(),
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
///     ::coyield::Gen::new(BodyFn::new(.., move |co| async move {
///         let mut i = i;
///         loop { (co.yield_(i).await); i += 1; }
///     }))
/// }
/// ```
pub(crate) fn generator_fn(args: Args, mut function: GenFn) -> syn::Result<TokenStream> {
    function.validate()?;
    let Some(yield_ty) = &args.yield_ty else {
        bail!(
            function.sig.fn_token,
            "missing `yield = T`: write #[generator(yield = T)] with the type of the values this generator yields"
        );
    };
    let krate = match &args.krate {
        Some(path) => quote!(#path),
        None => quote!(::coyield),
    };
    let is_async = function.sig.asyncness.take().is_some();
    let resume_ty = match &args.resume_ty {
        Some(ty) => quote!(#ty),
        None => quote!(()),
    };
    let return_ty = signature::return_type(&function.sig);
    let return_hint = if signature::mentions_impl(&return_ty) {
        quote!(_)
    } else {
        quote!(#return_ty)
    };
    let params = signature::rewrite_params(&mut function.sig);
    let co = handle();

    let mut body = function.body;
    let mut rewriter = Rewriter::new(&co, &krate, is_async);
    rewriter.visit_block_mut(&mut body);
    let delegates = rewriter.delegates;

    let keep_self = if params.has_self {
        quote!(let _ = &self;)
    } else {
        TokenStream::new()
    };
    let bindings = params.bindings;
    let first_resume = first_resume_binding(&args, &co, &resume_ty);
    let generator = generator_type(&krate, is_async, args.no_alloc);
    let expansion = BodyExpansion {
        krate: &krate,
        co: &co,
        generator: generator.clone(),
        yield_ty: quote!(#yield_ty),
        resume_ty: resume_ty.clone(),
        return_ty: return_hint,
        delegates,
        prelude: quote!(#keep_self #bindings #first_resume),
        stmts: body.stmts,
    }
    .expand();

    function.sig.output = ReturnType::Type(
        Default::default(),
        Box::new(syn::parse_quote! {
            #generator<impl #krate::Body<Yield = #yield_ty, Resume = #resume_ty, Return = #return_ty>>
        }),
    );
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
            if let Some(krate) = &args.krate {
                bail!(krate, "`crate = ...` is not needed in a generator block");
            }
        }
        let stmts = input.call(Block::parse_within)?;
        Ok(GenBlock { args, stmts })
    }
}

/// Input:  `gen_! { #![generator(resume = i32)] let x = yield_!(1); x }`
///         (the facade passes its `$crate` path first)
/// Output: `::coyield::Gen::new(BodyFn::<_, _, i32, NeverDelegates>::new::<_>(..,
///          move |co| async move { let x = (co.yield_(1).await); x }))`
pub(crate) fn generator_block(krate: TokenStream, block: GenBlock, is_async: bool) -> TokenStream {
    let GenBlock { args, mut stmts } = block;
    let co = handle();
    let mut rewriter = Rewriter::new(&co, &krate, is_async);
    for stmt in &mut stmts {
        rewriter.visit_stmt_mut(stmt);
    }
    let yield_ty = match &args.yield_ty {
        Some(ty) => quote!(#ty),
        None => quote!(_),
    };
    let resume_ty = match &args.resume_ty {
        Some(ty) => quote!(#ty),
        None => quote!(()),
    };
    let first_resume = first_resume_binding(&args, &co, &resume_ty);
    BodyExpansion {
        krate: &krate,
        co: &co,
        generator: generator_type(&krate, is_async, args.no_alloc),
        yield_ty,
        resume_ty,
        return_ty: quote!(_),
        delegates: rewriter.delegates,
        prelude: first_resume,
        stmts,
    }
    .expand()
}

/// The crate path the facade's `macro_rules!` wrapper passes in parentheses.
pub(crate) fn split_crate_path(input: TokenStream) -> syn::Result<(TokenStream, TokenStream)> {
    let mut trees = input.into_iter();
    match trees.next() {
        Some(proc_macro2::TokenTree::Group(group))
            if group.delimiter() == proc_macro2::Delimiter::Parenthesis =>
        {
            Ok((group.stream(), trees.collect()))
        }
        _ => Err(syn::Error::new(
            Span::call_site(),
            "coyield bug: the generator block lost its crate path",
        )),
    }
}
