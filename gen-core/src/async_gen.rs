//! [`AsyncGen`] and [`NoAllocAsyncGen`]: what `#[generator] async fn` returns,
//! a `Stream` with async resume values (PEP 525's `asend`).

#[cfg(feature = "alloc")]
use alloc::boxed::Box;
use core::fmt;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};

use futures_core::{FusedStream, Stream};

use crate::body::Body;
use crate::coroutine::{CoroutineState, DefaultResume};
use crate::methods::generator_methods;
use crate::raw_gen::{RawGen, Resumable, Resumed};

/// An async generator: what an `async fn` marked `#[generator]` or an
/// `async_gen_!` block returns.
///
/// Its body may `.await`; wake-ups reach the executor polling it, so it runs
/// under tokio, `coyield::rt` or any other executor. It is a
/// [`Stream`] (when the resume type implements [`Default`]), offers
/// [`send`](AsyncGen::send) to resume with a value (Python's `asend`) and
/// [`next`](AsyncGen::next) without needing another crate. It is `Unpin`, and
/// `Send` and `Sync` when the state of its body is.
///
/// ```
/// use coyield::{generator, rt, yield_};
/// use std::time::Duration;
///
/// #[generator(yield = u64)]
/// async fn ticks(n: u64) {
///     for i in 0..n {
///         rt::sleep(Duration::from_millis(1)).await;
///         yield_!(i);
///     }
/// }
///
/// rt::block_on(async {
///     let mut t = ticks(3);
///     let mut seen = Vec::new();
///     while let Some(i) = t.next().await {
///         seen.push(i);
///     }
///     assert_eq!(seen, [0, 1, 2]);
/// });
/// ```
#[cfg(feature = "alloc")]
#[cfg_attr(docsrs, doc(cfg(feature = "alloc")))]
#[must_use = "an async generator does nothing until it is polled: in a generator, delegate to it with `yield_from!(..)`; elsewhere, `while let Some(x) = g.next().await`"]
pub struct AsyncGen<B: Body> {
    raw: Pin<Box<RawGen<B>>>,
}

#[cfg(feature = "alloc")]
generator_methods!(boxed AsyncGen [B: Body] AsyncGen<B>, RawGen<B>, returns B::Return);

#[cfg(feature = "alloc")]
impl<B: Body> AsyncGen<B> {
    /// Used by the macros. Nothing of the body runs until the first resume.
    #[doc(hidden)]
    #[inline]
    pub fn new(body: B) -> Self {
        AsyncGen {
            raw: Box::pin(RawGen::new(body)),
        }
    }

    /// The boxed state machine, for the erased types.
    pub(crate) fn into_raw(self) -> Pin<Box<RawGen<B>>> {
        self.raw
    }

    /// Resumes the generator with `arg` (Python's `asend`): completes with
    /// the next yielded value, or the return value if the body ended.
    ///
    /// If the returned future is dropped before it completes, the resume is
    /// not undone: the body stays where it was waiting, and the next
    /// [`next`](AsyncGen::next) or `Stream` poll continues it.
    ///
    /// # Panics
    ///
    /// When polled, if the generator already finished, if its body panics,
    /// or if an earlier resume was left unfinished as just described (finish
    /// it with `next().await` first: it has its argument already).
    pub fn send(&mut self, arg: B::Resume) -> SendFuture<'_, B> {
        SendFuture::new(self.raw(), arg)
    }

    /// The next yielded value, or `None` once the body ended: `next` of the
    /// [`Stream`], as an inherent method so no other crate is needed.
    // An async generator is no `Iterator`; this is the `next` of
    // `StreamExt`, which users know under this name.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> NextFuture<'_, B>
    where
        B::Resume: DefaultResume,
    {
        NextFuture { raw: self.raw() }
    }
}

#[cfg(feature = "alloc")]
impl<B: Body> Stream for AsyncGen<B>
where
    B::Resume: DefaultResume,
{
    type Item = B::Yield;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<B::Yield>> {
        poll_next(self.raw.as_mut(), cx)
    }
}

#[cfg(feature = "alloc")]
impl<B: Body> FusedStream for AsyncGen<B>
where
    B::Resume: DefaultResume,
{
    fn is_terminated(&self) -> bool {
        self.raw.is_finished()
    }
}

/// An async generator that allocates nothing: what
/// `#[generator(no_alloc)] async fn` returns. Pin it before use; the
/// methods of [`AsyncGen`] take `Pin<&mut Self>` here.
#[must_use = "an async generator does nothing until it is polled: in a generator, delegate to it with `yield_from!(..)`; elsewhere, `while let Some(x) = g.next().await`"]
pub struct NoAllocAsyncGen<B: Body> {
    // Structurally pinned (see `generator_methods!`); `RawGen` is `!Unpin`,
    // so this type is too.
    raw: RawGen<B>,
}

generator_methods!(inline NoAllocAsyncGen [B: Body] NoAllocAsyncGen<B>, RawGen<B>, returns B::Return);

impl<B: Body> NoAllocAsyncGen<B> {
    /// Used by the macros. Nothing of the body runs until the first resume.
    #[doc(hidden)]
    #[inline]
    pub const fn new(body: B) -> Self {
        NoAllocAsyncGen {
            raw: RawGen::new(body),
        }
    }

    /// The state machine, by value (never pinned yet: `self` is), for the
    /// erased types.
    #[cfg(feature = "alloc")]
    pub(crate) fn into_raw(self) -> RawGen<B> {
        self.raw
    }

    /// Resumes the generator with `arg`; see [`AsyncGen::send`].
    pub fn send(self: Pin<&mut Self>, arg: B::Resume) -> SendFuture<'_, B> {
        SendFuture::new(self.raw(), arg)
    }

    /// The next yielded value; see [`AsyncGen::next`].
    pub fn next(self: Pin<&mut Self>) -> NextFuture<'_, B>
    where
        B::Resume: DefaultResume,
    {
        NextFuture { raw: self.raw() }
    }
}

impl<B: Body> Stream for NoAllocAsyncGen<B>
where
    B::Resume: DefaultResume,
{
    type Item = B::Yield;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<B::Yield>> {
        poll_next(self.raw(), cx)
    }
}

impl<B: Body> FusedStream for NoAllocAsyncGen<B>
where
    B::Resume: DefaultResume,
{
    fn is_terminated(&self) -> bool {
        self.raw.is_finished()
    }
}

/// `Stream::poll_next`: a new resume with `R::default()`, or the
/// continuation of one that was waiting.
#[inline(always)]
pub(crate) fn poll_next<Y, R, T, G>(mut raw: Pin<&mut G>, cx: &mut Context<'_>) -> Poll<Option<Y>>
where
    G: Resumable<Y, R, T> + ?Sized,
    R: DefaultResume,
{
    if raw.is_finished() {
        return Poll::Ready(None);
    }
    let arg = if raw.is_awaiting() {
        None
    } else {
        Some(R::default())
    };
    match raw.as_mut().resume(arg, cx.waker()) {
        Resumed::Yielded(value) => Poll::Ready(Some(value)),
        Resumed::Awaiting => Poll::Pending,
        Resumed::Returned(value) => {
            raw.keep_return(value);
            Poll::Ready(None)
        }
    }
}

/// A poll of `send(arg)`'s future: `arg` is `Some` until the resume starts.
///
/// # Panics
///
/// If an earlier resume did not finish, if the generator finished, and if
/// polled after it completed.
#[track_caller]
pub(crate) fn send_poll<Y, R, T, G>(
    mut raw: Pin<&mut G>,
    arg: &mut Option<R>,
    waker: &Waker,
) -> Poll<CoroutineState<Y, T>>
where
    G: Resumable<Y, R, T> + ?Sized,
{
    match (arg.is_some(), raw.is_awaiting()) {
        (true, true) => interrupted_resume(),
        (false, false) => polled_after_completion(),
        _ => {}
    }
    match raw.as_mut().resume(arg.take(), waker) {
        Resumed::Yielded(value) => Poll::Ready(CoroutineState::Yielded(value)),
        Resumed::Returned(value) => Poll::Ready(CoroutineState::Complete(value)),
        Resumed::Awaiting => Poll::Pending,
    }
}

/// The future of [`AsyncGen::send`].
#[must_use = "futures do nothing unless awaited"]
pub struct SendFuture<'a, B: Body> {
    raw: Pin<&'a mut RawGen<B>>,
    /// `Some` until the resume starts.
    arg: Option<B::Resume>,
}

impl<'a, B: Body> SendFuture<'a, B> {
    fn new(raw: Pin<&'a mut RawGen<B>>, arg: B::Resume) -> Self {
        SendFuture {
            raw,
            arg: Some(arg),
        }
    }
}

// `arg` is moved out, never pinned.
impl<B: Body> Unpin for SendFuture<'_, B> {}

impl<B: Body> Future for SendFuture<'_, B> {
    type Output = CoroutineState<B::Yield, B::Return>;

    #[track_caller]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        send_poll(this.raw.as_mut(), &mut this.arg, cx.waker())
    }
}

#[cold]
#[track_caller]
fn polled_after_completion() -> ! {
    panic!("`send` future polled after it completed")
}

#[cold]
#[track_caller]
fn interrupted_resume() -> ! {
    panic!(
        "`send` on an async generator whose previous resume did not finish \
         (its future was dropped while the body was waiting); \
         finish that resume first with `next().await`"
    )
}

impl<B: Body> fmt::Debug for SendFuture<'_, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SendFuture").finish_non_exhaustive()
    }
}

/// The future of [`AsyncGen::next`].
#[must_use = "futures do nothing unless awaited"]
pub struct NextFuture<'a, B: Body> {
    raw: Pin<&'a mut RawGen<B>>,
}

impl<B: Body> Future for NextFuture<'_, B>
where
    B::Resume: DefaultResume,
{
    type Output = Option<B::Yield>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<B::Yield>> {
        poll_next(self.raw.as_mut(), cx)
    }
}

impl<B: Body> fmt::Debug for NextFuture<'_, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NextFuture").finish_non_exhaustive()
    }
}
