//! A client fetching several URLs concurrently, printing each response as
//! it arrives, with `as_completed`.
//!
//! ```python
//! import asyncio, time
//! import aiohttp
//!
//! async def fetch(session, url):
//!     async with session.get(url) as response:
//!         return url, response.status, await response.text()
//!
//! async def main(urls):
//!     start = time.perf_counter()
//!     async with aiohttp.ClientSession() as session:
//!         for next_done in asyncio.as_completed([fetch(session, url) for url in urls]):
//!             url, status, body = await next_done
//!             print(url, status, body)  # /fast, then /medium, then /slow
//!     print(f"fetched {len(urls)} URLs in {time.perf_counter() - start:.2f} s")
//! ```
//!
//! So that it needs no network, the crawler starts its own server on
//! 127.0.0.1 (a spawned task) that answers each path after a delay of its
//! own. The client speaks raw HTTP/1.1 over `async-io`'s sockets and parses
//! responses with `httparse`; [`rt::as_completed`] is itself an async
//! generator, consumed with `next().await`.
//!
//! Run with `cargo run --example crawler`.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::time::{Duration, Instant};

use async_io::Async;
use coyield::rt;

/// The paths the server knows, and how long it takes to answer each.
const PATHS: [(&str, Duration); 3] = [
    ("/slow", Duration::from_millis(250)),
    ("/fast", Duration::from_millis(50)),
    ("/medium", Duration::from_millis(150)),
];

fn main() -> io::Result<()> {
    rt::block_on(crawl())
}

async fn crawl() -> io::Result<()> {
    let listener = Async::<TcpListener>::bind(([127, 0, 0, 1], 0))?;
    let addr = listener.get_ref().local_addr()?;
    println!("server listening on http://{addr}");
    // Runs until `block_on` returns, which drops it.
    let _server = rt::spawn(serve(listener));

    let start = Instant::now();
    let fetches = PATHS.map(|(path, _)| fetch(addr, path));
    let mut responses = rt::as_completed(fetches);
    while let Some(response) = responses.next().await {
        let Response { path, status, body } = response?;
        println!("GET {path}: {status}, {body:?}");
    }
    let elapsed = start.elapsed().as_secs_f64();
    println!("fetched {} URLs in {elapsed:.2} s", PATHS.len());
    Ok(())
}

struct Response {
    path: &'static str,
    /// `200 OK`.
    status: String,
    body: String,
}

/// `GET http://{addr}{path}`, on a connection of its own.
async fn fetch(addr: SocketAddr, path: &'static str) -> io::Result<Response> {
    let stream = Async::<TcpStream>::connect(addr).await?;
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    write_all(&stream, request.as_bytes()).await?;

    let mut buffer = Vec::new();
    loop {
        let mut headers = [httparse::EMPTY_HEADER; 16];
        let mut head = httparse::Response::new(&mut headers);
        let status = head.parse(&buffer).map_err(invalid_data)?;
        if let httparse::Status::Complete(head_len) = status {
            let body_len: usize = header(head.headers, "content-length")
                .and_then(|value| value.trim().parse().ok())
                .ok_or_else(|| invalid_data("no Content-Length"))?;
            if buffer.len() >= head_len + body_len {
                let status = format!(
                    "{} {}",
                    head.code.unwrap_or_default(),
                    head.reason.unwrap_or_default()
                );
                let body = &buffer[head_len..head_len + body_len];
                let body = String::from_utf8_lossy(body).into_owned();
                return Ok(Response { path, status, body });
            }
        }
        if read_some(&stream, &mut buffer).await? == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
    }
}

/// The server: one task per connection, one request per connection.
async fn serve(listener: Async<TcpListener>) -> io::Result<()> {
    loop {
        let (stream, _) = listener.accept().await?;
        // Detached: it runs on its own.
        drop(rt::spawn(async move {
            if let Err(error) = answer(&stream).await {
                eprintln!("server: {error}");
            }
        }));
    }
}

/// Reads a request's head, waits as long as its path asks, and answers.
async fn answer(stream: &Async<TcpStream>) -> io::Result<()> {
    let mut buffer = Vec::new();
    let path = loop {
        let mut headers = [httparse::EMPTY_HEADER; 16];
        let mut head = httparse::Request::new(&mut headers);
        if head.parse(&buffer).map_err(invalid_data)?.is_complete() {
            break head.path.unwrap_or_default().to_owned();
        }
        if read_some(stream, &mut buffer).await? == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
    };
    let response = match PATHS.iter().find(|(known, _)| *known == path) {
        Some((_, delay)) => {
            rt::sleep(*delay).await;
            let body = format!("this is {path}");
            format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            )
        }
        None => "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".to_owned(),
    };
    write_all(stream, response.as_bytes()).await
}

fn header<'a>(headers: &[httparse::Header<'a>], name: &str) -> Option<&'a str> {
    let found = headers.iter().find(|h| h.name.eq_ignore_ascii_case(name));
    found.and_then(|h| std::str::from_utf8(h.value).ok())
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
