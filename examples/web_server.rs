//! A coroutine-based web server on 127.0.0.1 that answers every request
//! with `hello coyield`: one task per connection, each reading its requests
//! from an async generator.
//!
//! ```python
//! import asyncio
//!
//! async def requests(reader):
//!     """The requests arriving on one connection: an async generator."""
//!     while head := await reader.readuntil(b"\r\n\r\n"):
//!         yield head.split(b"\r\n")[0].decode()
//!
//! async def handle(reader, writer):
//!     async for request in requests(reader):   # one task per connection
//!         body = b"hello coyield"
//!         writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
//!         await writer.drain()
//!         print(request, "-> 200 OK")
//!     writer.close()
//!
//! async def main(port=8080):
//!     server = await asyncio.start_server(handle, "127.0.0.1", port)
//!     print(f"listening on http://127.0.0.1:{port}")
//!     await server.serve_forever()
//!
//! asyncio.run(main())
//! ```
//!
//! `coyield::rt` does no I/O itself: the sockets are `async-io`'s, whose
//! reactor thread wakes the tasks when a socket is ready.
//!
//! Run with `cargo run --example web_server -- [--port N] [--requests N]`,
//! then `curl http://127.0.0.1:8080/`. Port 0 picks any free port. With
//! `--requests N` the server stops after answering N requests; without it,
//! it runs until interrupted.

use std::cell::Cell;
use std::future::{Future, poll_fn};
use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::ExitCode;
use std::rc::Rc;
use std::task::{Poll, Waker};

use async_io::Async;
use coyield::{generator, rt, yield_};

const BODY: &str = "hello coyield";

fn main() -> ExitCode {
    let (port, limit) = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}\nusage: web_server [--port N] [--requests N]");
            return ExitCode::from(2);
        }
    };
    match rt::block_on(serve(port, limit)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("web_server: {error}");
            ExitCode::FAILURE
        }
    }
}

/// `--port N` (default 8080) and `--requests N` (default: no limit).
fn parse_args() -> Result<(u16, Option<u64>), String> {
    let (mut port, mut limit) = (8080, None);
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or(format!("{flag} needs a value"))?;
        let bad = |_| format!("{flag}: not a number: {value}");
        match flag.as_str() {
            "--port" => port = value.parse().map_err(bad)?,
            "--requests" => limit = Some(value.parse().map_err(bad)?),
            _ => return Err(format!("unknown argument: {flag}")),
        }
    }
    Ok((port, limit))
}

/// Accepts connections, each served by a task of its own, until `limit`
/// requests were answered (forever without one).
async fn serve(port: u16, limit: Option<u64>) -> io::Result<()> {
    let listener = Async::<TcpListener>::bind(([127, 0, 0, 1], port))?;
    println!("listening on http://{}", listener.get_ref().local_addr()?);
    let answered = Rc::new(Answered::default());
    let accepting = rt::spawn(accept(listener, answered.clone()));
    match limit {
        // When `block_on` returns, the accepting task is dropped, and with
        // it the listener, as `asyncio.run` cancels what is left.
        Some(limit) => answered.reached(limit).await,
        None => accepting.await?,
    }
    println!("answered {} requests, stopping", answered.count.get());
    Ok(())
}

/// The accept loop: `asyncio.start_server`'s part.
async fn accept(listener: Async<TcpListener>, answered: Rc<Answered>) -> io::Result<()> {
    loop {
        let (stream, _) = listener.accept().await?;
        let answered = answered.clone();
        // Detached: it runs on its own, nobody awaits it.
        drop(rt::spawn(async move {
            if let Err(error) = handle(&stream, &answered).await {
                eprintln!("connection closed: {error}");
            }
        }));
    }
}

/// Answers each request of one connection until the client closes it or
/// asks to (`Connection: close`).
async fn handle(stream: &Async<TcpStream>, answered: &Answered) -> io::Result<()> {
    let mut requests = requests(stream);
    while let Some(request) = requests.next().await {
        let response = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\r\n{BODY}",
            BODY.len()
        );
        write_all(stream, response.as_bytes()).await?;
        println!("{} -> 200 OK", request.line);
        answered.add_one();
        if request.close {
            return Ok(());
        }
    }
    requests.take_return().unwrap_or(Ok(()))
}

/// What the server needs of a request.
struct Request {
    /// `GET /path HTTP/1.1`.
    line: String,
    /// The client asked to close the connection after this one.
    close: bool,
}

/// The requests arriving on one connection, parsed as their heads come in;
/// returns when the client closes the connection, or with the first error.
#[generator(yield = Request)]
async fn requests(stream: &Async<TcpStream>) -> io::Result<()> {
    let mut buffer = Vec::new();
    loop {
        let mut headers = [httparse::EMPTY_HEADER; 32];
        let mut head = httparse::Request::new(&mut headers);
        match head.parse(&buffer).map_err(invalid_data)? {
            httparse::Status::Complete(head_len) => {
                let request = Request {
                    line: format!(
                        "{} {} HTTP/1.{}",
                        head.method.unwrap_or_default(),
                        head.path.unwrap_or_default(),
                        head.version.unwrap_or_default()
                    ),
                    // HTTP/1.0 closes by default, HTTP/1.1 keeps alive.
                    close: match header(head.headers, "connection") {
                        Some(value) => value.eq_ignore_ascii_case(b"close"),
                        None => head.version == Some(0),
                    },
                };
                let body_len = match header(head.headers, "content-length") {
                    Some(value) => std::str::from_utf8(value)
                        .ok()
                        .and_then(|value| value.trim().parse::<usize>().ok())
                        .ok_or_else(|| invalid_data("bad Content-Length"))?,
                    None => 0,
                };
                // The body means nothing to this server: skip it.
                while buffer.len() < head_len + body_len {
                    if read_some(stream, &mut buffer).await? == 0 {
                        return Err(io::ErrorKind::UnexpectedEof.into());
                    }
                }
                buffer.drain(..head_len + body_len);
                yield_!(request);
            }
            httparse::Status::Partial => {
                if read_some(stream, &mut buffer).await? == 0 {
                    return if buffer.is_empty() {
                        Ok(())
                    } else {
                        Err(io::ErrorKind::UnexpectedEof.into())
                    };
                }
            }
        }
    }
}

fn header<'a>(headers: &[httparse::Header<'a>], name: &str) -> Option<&'a [u8]> {
    let found = headers.iter().find(|h| h.name.eq_ignore_ascii_case(name));
    found.map(|h| h.value)
}

fn invalid_data(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, error)
}

/// Reads what has arrived (waiting until something has) onto `buffer`;
/// 0 at the end of the stream.
async fn read_some(stream: &Async<TcpStream>, buffer: &mut Vec<u8>) -> io::Result<usize> {
    let mut chunk = [0; 4096];
    let n = stream.read_with(|mut s| s.read(&mut chunk)).await?;
    buffer.extend_from_slice(&chunk[..n]);
    Ok(n)
}

async fn write_all(stream: &Async<TcpStream>, mut bytes: &[u8]) -> io::Result<()> {
    while !bytes.is_empty() {
        match stream.write_with(|mut s| s.write(bytes)).await? {
            0 => return Err(io::ErrorKind::WriteZero.into()),
            n => bytes = &bytes[n..],
        }
    }
    Ok(())
}

/// How many requests were answered; `reached(n)` waits for the n-th.
#[derive(Default)]
struct Answered {
    count: Cell<u64>,
    waiter: Cell<Option<Waker>>,
}

impl Answered {
    fn add_one(&self) {
        self.count.set(self.count.get() + 1);
        if let Some(waiter) = self.waiter.take() {
            waiter.wake();
        }
    }

    fn reached(&self, n: u64) -> impl Future<Output = ()> + '_ {
        poll_fn(move |cx| {
            if self.count.get() >= n {
                return Poll::Ready(());
            }
            self.waiter.set(Some(cx.waker().clone()));
            Poll::Pending
        })
    }
}
