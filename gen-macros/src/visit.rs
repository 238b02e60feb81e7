//! Rewrites `yield_!` and `yield_from!` in a generator body into awaits on
//! the body's handle, and turns the misplaced ones into spanned errors.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{ToTokens, quote_spanned};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::visit_mut::{self, VisitMut};
use syn::{Expr, Item, Macro, Stmt, Token};

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

/// Rewrites one generator body.
pub(crate) struct Rewriter<'a> {
    /// The body's handle: a mixed-site identifier user code cannot name.
    pub(crate) co: &'a Ident,
    /// The path of the `coyield` crate.
    pub(crate) krate: &'a TokenStream,
    /// An async generator: `.await` is allowed and `yield_from!` takes streams.
    pub(crate) is_async: bool,
    /// Rewriting the body of the stand-in emitted next to an error in the
    /// attribute: every `yield_!` just diverges.
    stub: bool,
    scope: Scope,
    /// Set once a `yield_from!` was rewritten: the body may delegate.
    pub(crate) delegates: bool,
}

/// Macros from `std` whose arguments are expressions evaluated in place: a
/// `yield_!` in them still suspends the generator.
const INLINE_ARGUMENT_MACROS: &[&str] = &[
    "assert",
    "assert_eq",
    "assert_ne",
    "debug_assert",
    "debug_assert_eq",
    "debug_assert_ne",
    "dbg",
    "eprint",
    "eprintln",
    "format",
    "format_args",
    "panic",
    "print",
    "println",
    "todo",
    "unimplemented",
    "unreachable",
    "vec",
    "write",
    "writeln",
];

impl<'a> Rewriter<'a> {
    pub(crate) fn new(co: &'a Ident, krate: &'a TokenStream, is_async: bool) -> Self {
        Rewriter {
            co,
            krate,
            is_async,
            stub: false,
            scope: Scope::Body,
            delegates: false,
        }
    }

    /// A rewriter for the stand-in body of a function whose attribute has an
    /// error (see `with_stub` in `lib.rs`).
    pub(crate) fn stub(co: &'a Ident, krate: &'a TokenStream) -> Self {
        Rewriter {
            stub: true,
            ..Rewriter::new(co, krate, true)
        }
    }

    fn in_scope(&mut self, scope: Scope, visit: impl FnOnce(&mut Self)) {
        let outer = std::mem::replace(&mut self.scope, scope);
        visit(self);
        self.scope = outer;
    }

    /// The replacement for a `yield_!` / `yield_from!` invocation, or `None`
    /// for any other macro.
    fn rewrite_macro(&mut self, mac: &Macro) -> Option<Expr> {
        let name = mac.path.segments.last()?.ident.to_string();
        let is_yield = match name.as_str() {
            "yield_" => true,
            "yield_from" => false,
            _ => return None,
        };
        let name = if is_yield { "yield_!" } else { "yield_from!" };
        let path = &mac.path;
        if self.stub {
            return Some(syn::parse_quote_spanned!(mac.span()=> #path!(@coyield_stub)));
        }
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
        // Errors go through the user's own macro too, so that their import of
        // it does not also get an "unused import" warning.
        Some(expr.unwrap_or_else(|error| {
            let message = error.to_string();
            syn::parse_quote_spanned!(error.span()=> #path!(@coyield_error #message))
        }))
    }

    /// Input: `yield_!(value)` (or `yield_!()` for `()`)
    /// Output: `yield_!(@coyield_await co.yield_(value))`, which the facade's
    ///         `yield_!` turns into `co.yield_(value).await`
    fn yield_expr(&mut self, mac: &Macro) -> syn::Result<Expr> {
        let mut value: Option<Expr> = mac.parse_body_with(parse_optional_single("yield_!"))?;
        if let Some(value) = &mut value {
            self.visit_expr_mut(value);
        }
        let value = value.map_or_else(
            || quote_spanned!(mac.span()=> ()),
            |v| v.into_token_stream(),
        );
        let path = &mac.path;
        let span = path.span();
        let co = respan(self.co, span);
        // Through the user's own `yield_!` (which awaits it), so their import
        // of it counts as used.
        syn::parse2(quote_spanned!(span=> #path!(@coyield_await #co.yield_(#value))))
    }

    /// Input: `yield_from!(delegate)`
    /// Output: picks the kind of delegate (see `delegate.rs` in coyield-core)
    ///         and awaits its future; every token is spanned at `delegate`, so
    ///         a type mismatch is reported there.
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
        let span = delegate.span();
        let krate = &respan_tokens(self.krate.clone(), span);
        let co = respan(self.co, span);
        // A local with the argument's own span (not a mixed-site one), so a
        // type error about the delegate is reported at the argument.
        let tag = Ident::new("__coyield_delegation", span);
        let (body, receiver, kinds) = if self.is_async {
            (
                quote_spanned!(span=> AsyncBody),
                quote_spanned!(span=> &&&&&),
                quote_spanned!(span=> ViaFrame as _, ViaCoroutine as _, ViaStream as _, ViaIter as _, ViaNothing as _),
            )
        } else {
            (
                quote_spanned!(span=> SyncBody),
                quote_spanned!(span=> &&&&),
                quote_spanned!(span=> ViaFrame as _, ViaAsyncFrame as _, ViaCoroutine as _, ViaIter as _, ViaNothing as _),
            )
        };
        let path = &mac.path;
        syn::parse2(quote_spanned! {span=>
            #path!(@coyield_await {
                let #tag = #krate::__private::Tag::<_, _, _, #krate::__private::#body>::new(#delegate, #co);
                #[allow(unused_imports)]
                use #krate::__private::kind::{#kinds};
                (#receiver #tag).__coyield_kind().delegate(#tag)
            })
        })
    }

    /// Visits the arguments of the `std` macros that evaluate them in place.
    fn visit_inline_arguments(&mut self, mac: &mut Macro) {
        let Some(name) = mac.path.segments.last().map(|s| s.ident.to_string()) else {
            return;
        };
        if !INLINE_ARGUMENT_MACROS.contains(&name.as_str()) || !mentions_yield(mac.tokens.clone()) {
            return;
        }
        let Ok(mut args) = mac.parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated)
        else {
            return;
        };
        for arg in args.iter_mut() {
            self.visit_expr_mut(arg);
        }
        mac.tokens = args.into_token_stream();
    }
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

/// The handle, resolved as before but reported at `span`: type errors about
/// the handle then point at the user's tokens instead of the attribute.
fn respan_tokens(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut tree| {
            if let proc_macro2::TokenTree::Group(group) = &tree {
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

fn respan(co: &Ident, span: Span) -> Ident {
    let mut co = co.clone();
    co.set_span(co.span().located_at(span));
    co
}

/// Whether `yield_` appears anywhere in these tokens.
fn mentions_yield(tokens: TokenStream) -> bool {
    tokens.into_iter().any(|tree| match tree {
        proc_macro2::TokenTree::Ident(ident) => ident == "yield_" || ident == "yield_from",
        proc_macro2::TokenTree::Group(group) => mentions_yield(group.stream()),
        _ => false,
    })
}

/// Whether an item is itself a generator (its own attribute rewrites it).
fn is_generator_item(item: &Item) -> bool {
    let attrs = match item {
        Item::Fn(item) => &item.attrs,
        _ => return false,
    };
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
                } else {
                    self.visit_inline_arguments(&mut expr_macro.mac);
                }
            }
            Expr::Closure(closure) => self.in_scope(Scope::Closure, |v| {
                visit_mut::visit_expr_closure_mut(v, closure)
            }),
            Expr::Async(block) => self.in_scope(Scope::AsyncBlock, |v| {
                visit_mut::visit_expr_async_mut(v, block)
            }),
            Expr::Await(await_expr) if !self.is_async && self.scope == Scope::Body => {
                let message =
                    "`.await` is only allowed in async generators; make this an `async fn`";
                let error = syn::Error::new_spanned(await_expr.await_token, message);
                *expr = syn::parse2(error.into_compile_error()).expect("an expression");
            }
            _ => visit_mut::visit_expr_mut(self, expr),
        }
    }

    fn visit_stmt_mut(&mut self, stmt: &mut Stmt) {
        match stmt {
            Stmt::Macro(stmt_macro) => {
                if let Some(rewritten) = self.rewrite_macro(&stmt_macro.mac) {
                    *stmt = Stmt::Expr(rewritten, stmt_macro.semi_token);
                } else {
                    self.visit_inline_arguments(&mut stmt_macro.mac);
                }
            }
            Stmt::Item(item) if is_generator_item(item) => {}
            Stmt::Item(item) => self.in_scope(Scope::Item, |v| visit_mut::visit_item_mut(v, item)),
            _ => visit_mut::visit_stmt_mut(self, stmt),
        }
    }

    fn visit_item_mut(&mut self, item: &mut Item) {
        if !is_generator_item(item) {
            self.in_scope(Scope::Item, |v| visit_mut::visit_item_mut(v, item));
        }
    }
}
