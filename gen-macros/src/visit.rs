//! Rewrites `yield_!` and `yield_from!` in a generator body into awaits of
//! coyield's unsafe futures, and turns the misplaced ones into spanned
//! errors.
//!
//! What the rewrite writes is soundness-critical: the handle and the `unsafe`
//! blocks reach nothing the user's code can intercept. The user's tokens
//! (the yielded value, the delegate) are evaluated first, outside any
//! `unsafe` block; then, in a block that holds none of the user's tokens,
//! coyield is named through `Krate::item`, and the one method call whose
//! resolution user traits could join (`__coyield_kind()`, picking the kind of
//! delegate) sees only a reference to the delegate. The user's own path to
//! `yield_!` only ever receives `@coyield_used` (so that their import of it
//! counts as used) or an error message.

use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use quote::{ToTokens, quote_spanned};
use syn::spanned::Spanned;
use syn::visit_mut::{self, VisitMut};
use syn::{Attribute, Expr, ImplItemFn, Item, ItemFn, Macro, Stmt, Token, TraitItemFn, Type};

use crate::krate::Krate;

/// Where the visitor is, which decides what a `yield_!` there means.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// Directly in the generator body: yields suspend the generator.
    Body,
    /// Inside a closure: it runs whenever it is called, not in a resume.
    Closure,
    /// Inside an `async` block: a separate future, polled by whoever holds it.
    AsyncBlock,
    /// Inside a nested item (fn, impl, const...): another function entirely.
    Item,
}

/// What the rewriter knows of the generator whose body it rewrites.
pub(crate) struct Generator<'a> {
    /// The body's handle: a mixed-site identifier user code cannot name.
    pub(crate) co: &'a Ident,
    /// Where the expansion finds coyield.
    pub(crate) krate: &'a Krate,
    /// An async generator: `.await` is allowed and `yield_from!` takes streams.
    pub(crate) is_async: bool,
    /// The declared yield type, which each yielded value is checked against
    /// where it is written.
    pub(crate) yield_ty: Option<&'a Type>,
    /// The resume type is `()` (none was declared, or `()` was): a resume
    /// has nothing to hand a `yield_!`.
    pub(crate) resumes_unit: bool,
    /// The declared return type, which each `return` value is checked
    /// against where it is written (`None` if it cannot be written as a
    /// `let` type, or is inferred).
    pub(crate) return_ty: Option<Type>,
    /// The function declares no return type: it returns `()`.
    pub(crate) returns_unit: bool,
    /// The function's name, and whether it is `no_alloc`: such a generator
    /// cannot call itself.
    pub(crate) name: Option<&'a Ident>,
    pub(crate) no_alloc: bool,
}

/// Rewrites one generator body.
pub(crate) struct Rewriter<'a> {
    generator: Generator<'a>,
    /// Rewriting the body of the stand-in emitted next to an error in the
    /// attribute: every `yield_!` just diverges.
    stub: bool,
    scope: Scope,
    /// Set once a `yield_from!` was rewritten: the body may delegate.
    pub(crate) delegates: bool,
    /// Set once a `yield_!` or `yield_from!` was rewritten.
    pub(crate) yields: bool,
}

impl<'a> Rewriter<'a> {
    pub(crate) fn new(generator: Generator<'a>) -> Self {
        Rewriter {
            generator,
            stub: false,
            scope: Scope::Body,
            delegates: false,
            yields: false,
        }
    }

    /// A rewriter for the stand-in body of a function whose attribute has an
    /// error (see `with_stub` in `lib.rs`).
    pub(crate) fn stub(co: &'a Ident, krate: &'a Krate) -> Self {
        Rewriter {
            stub: true,
            ..Rewriter::new(Generator {
                co,
                krate,
                is_async: true,
                yield_ty: None,
                resumes_unit: false,
                return_ty: None,
                returns_unit: false,
                name: None,
                no_alloc: false,
            })
        }
    }

    /// Whether `expr` is a call of the `no_alloc` generator being rewritten
    /// (`name(..)`, `Self::name(..)` or `self.name(..)`).
    fn calls_itself(&self, expr: &Expr) -> bool {
        let (true, Some(name)) = (self.generator.no_alloc, self.generator.name) else {
            return false;
        };
        match expr {
            Expr::Call(call) => match &*call.func {
                Expr::Path(path) => {
                    let segments = &path.path.segments;
                    segments.last().is_some_and(|last| last.ident == *name)
                        && (segments.len() == 1
                            || (segments.len() == 2 && segments[0].ident == "Self"))
                }
                _ => false,
            },
            Expr::MethodCall(call) => {
                call.method == *name
                    && matches!(&*call.receiver, Expr::Path(p) if p.path.is_ident("self"))
            }
            _ => false,
        }
    }

    fn in_scope(&mut self, scope: Scope, visit: impl FnOnce(&mut Self)) {
        let outer = std::mem::replace(&mut self.scope, scope);
        visit(self);
        self.scope = outer;
    }

    /// The replacement for a macro invocation in the body, if it needs one:
    /// a `yield_!` / `yield_from!`, or another macro with one of those in its
    /// arguments.
    fn rewrite_macro(&mut self, mac: &Macro) -> Option<Expr> {
        let name = mac.path.segments.last()?.ident.to_string();
        let is_yield = match name.as_str() {
            "yield_" => true,
            "yield_from" => false,
            // Nested generator blocks rewrite their own yields.
            name if is_generator_block(name) => return None,
            _ if self.stub => return None,
            _ => return self.yield_inside_macro(mac, &name),
        };
        let path = &mac.path;
        if self.stub {
            return Some(syn::parse_quote_spanned!(mac.span()=> #path!(@coyield_stub)));
        }
        if is_marker(&mac.tokens) {
            // Written by the expansion (a stand-in's `@coyield_used`): left as is.
            return None;
        }
        let name = if is_yield { "yield_!" } else { "yield_from!" };
        let misplaced = match self.scope {
            Scope::Body => None,
            Scope::Closure => Some(format!(
                "`{name}` inside a closure cannot suspend the generator; move it out of the closure (a `for` loop instead of `for_each`, say)"
            )),
            Scope::AsyncBlock => Some(format!(
                "`{name}` inside an `async` block cannot suspend the generator; move it out of the `async` block"
            )),
            Scope::Item => Some(format!(
                "`{name}` inside a nested item is not part of this generator; make that function a #[generator] of its own"
            )),
        };
        let expr = match misplaced {
            Some(message) => Err(syn::Error::new_spanned(mac, message)),
            None if is_yield => self.yield_expr(mac),
            None => self.yield_from_expr(mac),
        };
        Some(expr.unwrap_or_else(|error| error_through(path, &error)))
    }

    /// Input: `yield_!(value)` (or `yield_!()` for `()`)
    /// Output:
    /// ```text
    /// {
    ///     yield_!(@coyield_used);
    ///     let value: Y = value;
    ///     extern crate coyield as __coyield;
    ///     unsafe { __coyield::__private::yield_(co, value) }
    /// }.await
    /// ```
    /// (`yield_unit` in place of `yield_` when the resume type is `()`).
    fn yield_expr(&mut self, mac: &Macro) -> syn::Result<Expr> {
        self.yields = true;
        let mut value: Option<Expr> = mac.parse_body_with(parse_optional_single("yield_!"))?;
        if let Some(value) = &mut value {
            self.visit_expr_mut(value);
        }
        let span = mac.path.span();
        let value = value.map_or_else(|| quote_spanned!(span=> ()), |v| v.into_token_stream());
        let ours = Span::mixed_site().located_at(span);
        let local = Ident::new("__coyield_value", ours);
        let annotation = match self.generator.yield_ty {
            Some(ty) if !crate::signature::mentions_impl(ty) => quote_spanned!(ours=> : #ty),
            _ => TokenStream::new(),
        };
        let path = &mac.path;
        let co = respan(self.generator.co, span);
        let item = self.generator.krate.item();
        let root = self.generator.krate.root();
        // A unit resume needs no slot to complete the yield (see
        // `yield_unit` in coyield-core).
        let function = match self.generator.resumes_unit {
            true => quote_spanned!(ours=> yield_unit),
            false => quote_spanned!(ours=> yield_),
        };
        // SAFETY: awaited right here, in the body of the generator that made
        // the handle.
        let yield_future = self.generator.krate.unsafe_block(
            span,
            quote_spanned!(ours=> #root::__private::#function(#co, #local)),
        );
        // The `.await` at the user's `yield_!`: a panic in the future's poll
        // (`#[track_caller]`) reports their line, not the macro call's.
        let await_ = quote_spanned!(span=> .await);
        syn::parse2(quote_spanned! {ours=>
            {
                #path!(@coyield_used);
                let #local #annotation = #value;
                #item
                #yield_future
            } #await_
        })
    }

    /// Input: `yield_from!(delegate)`
    /// Output:
    /// ```text
    /// {
    ///     yield_from!(@coyield_used);
    ///     let delegate = delegate;
    ///     extern crate coyield;
    ///     use coyield::__private::kind::{ViaFrameBindingArg as _, ...};
    ///     let types = coyield::__private::Types::<SyncBody, _, _>::of(co);
    ///     let prepared = (&&&&&&&coyield::__private::Probe::new(&delegate, types))
    ///         .__coyield_kind()
    ///         .__coyield_prepare(delegate);
    ///     unsafe { coyield::__private::yield_from(prepared, co) }
    /// }.await
    /// ```
    /// The two method calls, which user traits in scope could join, get only
    /// the delegate and the generator's types; the handle goes only to the
    /// `unsafe fn`. The method names carry the span of `delegate`, so a type
    /// error about it is reported there (see `delegate/kinds.rs` in
    /// coyield-core).
    fn yield_from_expr(&mut self, mac: &Macro) -> syn::Result<Expr> {
        let mut delegate: Expr = match mac.parse_body_with(parse_optional_single("yield_from!"))? {
            Some(delegate) => delegate,
            None => {
                return Err(syn::Error::new_spanned(
                    mac,
                    "`yield_from!` needs a delegate: `yield_from!(other_generator())`",
                ));
            }
        };
        self.visit_expr_mut(&mut delegate);
        self.delegates = true;
        self.yields = true;
        let span = delegate.span();
        let ours = Span::mixed_site().located_at(span);
        // At the user's span, as if written there, so that an error about the
        // delegate is reported at it (rustc reports a span inside another
        // crate's macro at the macro's call site). Hygiene has nothing to do
        // here: the only user tokens in this block are the initializer, which
        // runs before the binding exists.
        let local = Ident::new("__coyield_delegate", span);
        let types = Ident::new("__coyield_types", ours);
        let prepared = Ident::new("__coyield_prepared", ours);
        let kind_method = Ident::new("__coyield_kind", span);
        let prepare_method = Ident::new("__coyield_prepare", span);
        let path = &mac.path;
        let co = respan(self.generator.co, span);
        let item = self.generator.krate.item();
        let root = respan_tokens(self.generator.krate.root(), span);
        // SAFETY: awaited right here, in the body of the generator that made
        // the handle.
        let delegation = self.generator.krate.unsafe_block(
            span,
            quote_spanned!(span=> #root::__private::yield_from(#prepared, #co)),
        );
        let (body, kinds) = if self.generator.is_async {
            (
                quote_spanned!(span=> AsyncBody),
                quote_spanned!(span=> ViaFrameBindingArg as _, ViaFrameDefaultArg as _, ViaFrame as _, ViaCoroutine as _, ViaStream as _, ViaIter as _, ViaNothing as _),
            )
        } else {
            (
                quote_spanned!(span=> SyncBody),
                quote_spanned!(span=> ViaFrameBindingArg as _, ViaFrameDefaultArg as _, ViaFrame as _, ViaAsyncFrame as _, ViaCoroutine as _, ViaIter as _, ViaNothing as _),
            )
        };
        // Tokens at `delegate` as if written there, so that an error about it
        // reads as one about user code; the locals keep hygiene of their own
        // (`ours`), and the `unsafe` block is the expansion's.
        syn::parse2(quote_spanned! {span=>
            {
                #path!(@coyield_used);
                // `yield_from!(__coyield_delegate)` binds a name to itself.
                #[allow(clippy::redundant_locals)]
                let #local = #delegate;
                #item
                #[allow(unused_imports)]
                use #root::__private::kind::{#kinds};
                let #types = #root::__private::Types::<#root::__private::#body, _, _>::of(#co);
                let #prepared = (&&&&&&&#root::__private::Probe::new(&#local, #types))
                    .#kind_method()
                    .#prepare_method(#local);
                #delegation
            }.await
        })
    }

    /// Another macro with a `yield_!` or `yield_from!` in its arguments: its
    /// tokens are its own to expand, so the yield cannot be rewritten there.
    /// The error shows how to move it out.
    fn yield_inside_macro(&mut self, mac: &Macro, name: &str) -> Option<Expr> {
        let (yield_path, yield_name) = find_yield(mac.tokens.clone())?;
        let message = match name {
            "select" | "select_biased" => format!(
                "`{yield_name}` cannot suspend the generator from inside `{name}!`; let `{name}!` produce the value, then yield it after: `let value = {name}! {{ v = ... => v, ... }}; {yield_name}(value);`"
            ),
            _ => format!(
                "`{yield_name}` cannot suspend the generator from inside the arguments of `{name}!`; yield first and pass the result in: `let value = {yield_name}(...);` then `{name}!(..., value)`"
            ),
        };
        let error = syn::Error::new(yield_path.span(), message);
        Some(error_through(&yield_path, &error))
    }
}

/// `value`, checked against the declared return type where it is written:
/// `{ let __coyield_return: T = value; __coyield_return }`. A mismatch is then
/// one error at `value`, "expected due to" the declared type, as in any
/// function (the `async` block the body becomes would otherwise take its
/// output type from whichever `return` it meets first).
pub(crate) fn checked_return(ty: &Type, value: &Expr) -> Expr {
    let local = Ident::new(
        "__coyield_return",
        Span::mixed_site().located_at(value.span()),
    );
    syn::parse_quote_spanned! {value.span()=>
        { let #local: #ty = #value; #local }
    }
}

/// A spanned `compile_error!` in place of an expression.
fn error_expr(error: syn::Error) -> Expr {
    syn::parse2(error.into_compile_error()).expect("an expression")
}

/// An error at the user's tokens, through their own path to `yield_!` or
/// `yield_from!`, so that their import of it does not also get an "unused
/// import" warning. The path receives nothing but the message.
fn error_through(path: &syn::Path, error: &syn::Error) -> Expr {
    let message = error.to_string();
    syn::parse_quote_spanned!(error.span()=> #path!(@coyield_error #message))
}

/// The first `yield_!` or `yield_from!` in `tokens` (not counting those in
/// nested `gen_!` / `async_gen_!` blocks), as its path and its name.
fn find_yield(tokens: TokenStream) -> Option<(syn::Path, &'static str)> {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut i = 0;
    while i < trees.len() {
        match &trees[i] {
            TokenTree::Ident(ident) if is_bang(trees.get(i + 1)) => {
                let name = match ident.to_string().as_str() {
                    "yield_" => Some("yield_!"),
                    "yield_from" => Some("yield_from!"),
                    name if is_generator_block(name) => {
                        // Skip the nested block: its yields are its own.
                        i += 3;
                        continue;
                    }
                    _ => None,
                };
                if let Some(name) = name {
                    return Some((syn::Path::from(ident.clone()), name));
                }
            }
            TokenTree::Group(group) => {
                if let Some(found) = find_yield(group.stream()) {
                    return Some(found);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The paths of the `yield_!` and `yield_from!` invocations in `tokens`
/// (`yield_`, or a path ending in it), each once: what a stand-in for a body
/// that does not parse marks as used.
pub(crate) fn used_yield_paths(tokens: TokenStream) -> Vec<syn::Path> {
    fn scan(tokens: TokenStream, found: &mut Vec<syn::Path>) {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        for (i, tree) in trees.iter().enumerate() {
            match tree {
                TokenTree::Ident(ident)
                    if (ident == "yield_" || ident == "yield_from")
                        && is_bang(trees.get(i + 1)) =>
                {
                    // The path is the identifiers joined by `::` before it.
                    let mut start = i;
                    while start >= 3
                        && matches!(&trees[start - 1], TokenTree::Punct(p) if p.as_char() == ':')
                        && matches!(&trees[start - 2], TokenTree::Punct(p) if p.as_char() == ':')
                        && matches!(&trees[start - 3], TokenTree::Ident(_))
                    {
                        start -= 3;
                    }
                    let path: TokenStream = trees[start..=i].iter().cloned().collect();
                    if let Ok(path) = syn::parse2::<syn::Path>(path) {
                        let text = path.to_token_stream().to_string();
                        if !found
                            .iter()
                            .any(|f| f.to_token_stream().to_string() == text)
                        {
                            found.push(path);
                        }
                    }
                }
                TokenTree::Group(group) => scan(group.stream(), found),
                _ => {}
            }
        }
    }
    let mut found = Vec::new();
    scan(tokens, &mut found);
    found
}

/// Whether a macro's tokens are one of the expansion's own markers
/// (`@coyield_used`, ...), which no user writes.
fn is_marker(tokens: &TokenStream) -> bool {
    let mut trees = tokens.clone().into_iter();
    matches!(
        (trees.next(), trees.next()),
        (Some(TokenTree::Punct(at)), Some(TokenTree::Ident(name)))
            if at.as_char() == '@' && name.to_string().starts_with("coyield_")
    )
}

/// Whether a macro of this name is a generator block (`gen_!` and the like,
/// or their hidden expansion), which rewrites the yields inside it itself.
fn is_generator_block(name: &str) -> bool {
    matches!(name, "gen_" | "async_gen_")
}

fn is_bang(tree: Option<&TokenTree>) -> bool {
    matches!(tree, Some(TokenTree::Punct(punct)) if punct.as_char() == '!')
}

fn parse_optional_single(
    name: &'static str,
) -> impl Fn(syn::parse::ParseStream) -> syn::Result<Option<Expr>> {
    move |input| {
        if input.is_empty() {
            return Ok(None);
        }
        let expr: Expr = input.parse()?;
        input.parse::<Option<Token![,]>>()?;
        if !input.is_empty() {
            return Err(input.error(format!("`{name}` takes one expression")));
        }
        Ok(Some(expr))
    }
}

/// The crate path, resolved as before but reported at `span`: type errors
/// about the items it names then point at the user's tokens instead of the
/// attribute.
fn respan_tokens(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut tree| {
            if let TokenTree::Group(group) = &tree {
                let mut respanned =
                    proc_macro2::Group::new(group.delimiter(), respan_tokens(group.stream(), span));
                respanned.set_span(group.span().located_at(span));
                tree = respanned.into();
            } else {
                tree.set_span(tree.span().located_at(span));
            }
            tree
        })
        .collect()
}

/// The handle, resolved as before but reported at `span`.
fn respan(co: &Ident, span: Span) -> Ident {
    let mut co = co.clone();
    co.set_span(co.span().located_at(span));
    co
}

/// Whether these attributes make an item a generator of its own (its own
/// attribute rewrites it).
fn has_generator_attr(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path()
            .segments
            .last()
            .is_some_and(|s| s.ident == "generator")
    })
}

impl VisitMut for Rewriter<'_> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        match expr {
            Expr::Macro(expr_macro) => {
                if let Some(rewritten) = self.rewrite_macro(&expr_macro.mac) {
                    *expr = rewritten;
                }
            }
            Expr::Closure(closure) => self.in_scope(Scope::Closure, |v| {
                visit_mut::visit_expr_closure_mut(v, closure)
            }),
            Expr::Async(block) => self.in_scope(Scope::AsyncBlock, |v| {
                visit_mut::visit_expr_async_mut(v, block)
            }),
            Expr::Const(block) => {
                self.in_scope(Scope::Item, |v| visit_mut::visit_expr_const_mut(v, block))
            }
            Expr::Await(await_expr) if !self.generator.is_async && self.scope == Scope::Body => {
                let message =
                    "`.await` is only allowed in async generators; make this an `async fn`";
                *expr = error_expr(syn::Error::new_spanned(await_expr.await_token, message));
            }
            Expr::Yield(yield_expr) => {
                let message = "the `yield` keyword is unstable: in a coyield generator, write `yield_!(value)`";
                *expr = error_expr(syn::Error::new_spanned(yield_expr.yield_token, message));
            }
            Expr::Try(try_expr) if self.generator.returns_unit && self.scope == Scope::Body => {
                let message = "`?` returns early from the generator, and this generator returns `()`: declare a return type such as `-> Result<(), E>` (the value comes back from `take_return()`, or from `send` as `Complete`)";
                *expr = error_expr(syn::Error::new_spanned(try_expr.question_token, message));
            }
            Expr::Return(ret) if self.scope == Scope::Body => {
                visit_mut::visit_expr_return_mut(self, ret);
                if let (Some(ty), Some(value)) = (&self.generator.return_ty, &mut ret.expr) {
                    **value = checked_return(ty, value);
                }
            }
            _ if self.calls_itself(expr) => {
                let message = "a `no_alloc` generator cannot call itself: it keeps the state of what it runs inline, so its state would contain itself; remove `no_alloc` (a default generator allocates its state once, and can recurse)";
                *expr = error_expr(syn::Error::new_spanned(&*expr, message));
            }
            _ => visit_mut::visit_expr_mut(self, expr),
        }
    }

    fn visit_stmt_mut(&mut self, stmt: &mut Stmt) {
        match stmt {
            Stmt::Macro(stmt_macro) => {
                if let Some(rewritten) = self.rewrite_macro(&stmt_macro.mac) {
                    *stmt = Stmt::Expr(rewritten, stmt_macro.semi_token);
                }
            }
            Stmt::Item(item) => self.visit_item_mut(item),
            _ => visit_mut::visit_stmt_mut(self, stmt),
        }
    }

    fn visit_item_mut(&mut self, item: &mut Item) {
        self.in_scope(Scope::Item, |v| visit_mut::visit_item_mut(v, item));
    }

    fn visit_item_fn_mut(&mut self, item: &mut ItemFn) {
        if !has_generator_attr(&item.attrs) {
            visit_mut::visit_item_fn_mut(self, item);
        }
    }

    fn visit_impl_item_fn_mut(&mut self, item: &mut ImplItemFn) {
        if !has_generator_attr(&item.attrs) {
            visit_mut::visit_impl_item_fn_mut(self, item);
        }
    }

    fn visit_trait_item_fn_mut(&mut self, item: &mut TraitItemFn) {
        if !has_generator_attr(&item.attrs) {
            visit_mut::visit_trait_item_fn_mut(self, item);
        }
    }
}
