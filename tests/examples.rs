//! The examples, run as a user runs them: each binary's output is checked
//! line by line, exactly where it does not depend on timing or ports.
//!
//! The binaries are built (once, by `cargo build --examples`) next to this
//! test's own, so `cargo test --test examples` alone works too.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::thread;
use std::time::{Duration, Instant};

/// How long an example may run before it is killed and the test fails.
const LIMIT: Duration = Duration::from_secs(60);

#[test]
#[cfg_attr(miri, ignore)]
fn iterators() {
    assert_eq!(
        run("iterators"),
        [
            "iterable, iterated twice: [1, 2, 3] [1, 2, 3]",
            "iterator, then again: [1, 2, 3] None",
            "Countdown struct:    [3, 2, 1]",
            "countdown generator: [3, 2, 1]",
            "next: Some(2), next: Some(1), next: None",
            "count(10, 5):      [10, 15, 20, 25]",
            "cycle(\"ab\"):       \"ababa\"",
            "repeat(7, 3):      [7, 7, 7]",
            "repeat('x') x 4:   \"xxxx\"",
            "chain (loops):     [1, 2, 3]",
            "chain (yield_from): [1, 2, 3, 4, 5]",
        ]
    );
}

#[test]
#[cfg_attr(miri, ignore)]
fn jumping_range() {
    assert_eq!(
        run("jumping_range"),
        ["Some(0)", "Some(2)", "Some(3)", "Some(2)", "3", "4"]
    );
}

#[test]
#[cfg_attr(miri, ignore)]
fn delegation() {
    assert_eq!(
        run("delegation"),
        [
            "lazy_range(5): [0, 1, 2, 3, 4]",
            "ex2 yielded 1",
            "ex2 yielded 2",
            "ex1 returned 3",
            "42",
            "84",
        ]
    );
}

#[test]
#[cfg_attr(miri, ignore)]
fn tasks() {
    let out = run("tasks");
    let [done, in_order] = &out[..] else {
        panic!("unexpected output: {out:#?}");
    };
    let seconds = number_between(done, "10000 tasks slept 1 s each; all done in ", " s");
    // One after another they would take 10,000 s.
    assert!((1.0..60.0).contains(&seconds), "{done}");
    assert_eq!(in_order, "results in order: true");
}

#[test]
#[cfg_attr(miri, ignore)]
fn futures() {
    let mut out = run("futures");
    let all_done = out.pop().unwrap();
    assert_eq!(
        out,
        [
            "after 150 ms: 2 done, 2 pending",
            "fast: done, result() = \"fast woke after 10 ms\"",
            "quick: done, result() = \"quick woke after 40 ms\"",
            "slow: pending",
            "slower: pending",
            "fast: \"fast woke after 10 ms\"",
            "quick: \"quick woke after 40 ms\"",
            "slow: \"slow woke after 300 ms\"",
            "slower: \"slower woke after 400 ms\"",
        ]
    );
    let seconds = number_between(&all_done, "all done in ", " s");
    assert!(seconds >= 0.4, "{all_done}");
}

#[test]
#[cfg_attr(miri, ignore)]
fn crawler() {
    let out = run("crawler");
    let [listening, responses @ .., fetched] = &out[..] else {
        panic!("unexpected output: {out:#?}");
    };
    assert!(
        listening.starts_with("server listening on http://127.0.0.1:"),
        "{listening}"
    );
    assert_eq!(
        responses,
        [
            "GET /fast: 200 OK, \"this is /fast\"",
            "GET /medium: 200 OK, \"this is /medium\"",
            "GET /slow: 200 OK, \"this is /slow\"",
        ]
    );
    // Concurrently: about as long as the slowest (0.25 s), not the sum.
    let seconds = number_between(fetched, "fetched 3 URLs in ", " s");
    assert!(seconds >= 0.25, "{fetched}");
}

#[test]
#[cfg_attr(miri, ignore)]
fn web_server() {
    let mut server = KillOnDrop(
        Command::new(example("web_server"))
            .args(["--port", "0", "--requests", "3"])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut stdout = BufReader::new(server.0.stdout.take().unwrap());
    let mut listening = String::new();
    stdout.read_line(&mut listening).unwrap();
    let addr = listening
        .trim_end()
        .strip_prefix("listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line: {listening:?}"))
        .to_owned();
    assert!(addr.starts_with("127.0.0.1:"), "{addr}");

    let response = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\
                    Content-Length: 13\r\n\r\nhello coyield";
    // Two requests on one connection (kept alive, then closed by the
    // client's `Connection: close`), then one on a second connection.
    let mut connection = connect(&addr);
    connection
        .write_all(b"GET / HTTP/1.1\r\nHost: test\r\n\r\n")
        .unwrap();
    let mut first = vec![0; response.len()];
    connection.read_exact(&mut first).unwrap();
    assert_eq!(String::from_utf8(first).unwrap(), response);
    connection
        .write_all(b"POST /form HTTP/1.1\r\nContent-Length: 5\r\nConnection: close\r\n\r\nabcde")
        .unwrap();
    assert_eq!(read_to_end(connection), response);
    let mut connection = connect(&addr);
    connection
        .write_all(b"GET /again HTTP/1.0\r\n\r\n")
        .unwrap();
    assert_eq!(read_to_end(connection), response);

    assert!(wait(&mut server.0).success());
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    assert_eq!(
        rest.lines().collect::<Vec<_>>(),
        [
            "GET / HTTP/1.1 -> 200 OK",
            "POST /form HTTP/1.1 -> 200 OK",
            "GET /again HTTP/1.0 -> 200 OK",
            "answered 3 requests, stopping",
        ]
    );
}

#[test]
#[cfg_attr(miri, ignore)]
fn process_pool() {
    let mut out = run("process_pool");
    let all_done = out.pop().unwrap();
    assert_eq!(
        out,
        [
            // sum(sum(i * i for i in range(n)) for n in range(10_000))
            "10000 jobs, checksum 833000041665000",
            "worker thread 0 ran 2500 jobs",
            "worker thread 1 ran 2500 jobs",
            "worker thread 2 ran 2500 jobs",
            "worker thread 3 ran 2500 jobs",
        ]
    );
    assert!(all_done.starts_with("all done in "), "{all_done}");
}

/// Runs an example to its end and returns the lines it printed; fails if it
/// fails or takes too long.
fn run(name: &str) -> Vec<String> {
    let mut child = Command::new(example(name))
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let reader = thread::spawn(move || {
        let mut out = String::new();
        stdout.read_to_string(&mut out).map(|_| out)
    });
    let status = wait(&mut child);
    let out = reader.join().unwrap().unwrap();
    assert!(
        status.success(),
        "{name} failed ({status}), printing:\n{out}"
    );
    out.lines().map(str::to_owned).collect()
}

/// A server, stopped if the test fails while it runs.
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Waits for `child` to exit, killing it after [`LIMIT`].
fn wait(child: &mut Child) -> std::process::ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if start.elapsed() > LIMIT {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("the example ran for more than {LIMIT:?}, killed it");
        }
        thread::sleep(Duration::from_millis(10));
    }
}

/// The path of an example's binary: `target/<profile>/examples/<name>`,
/// beside `target/<profile>/deps/` where this test runs.
fn example(name: &str) -> PathBuf {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    let dir = BUILT.get_or_init(|| {
        let test = std::env::current_exe().unwrap();
        let profile_dir = test.parent().and_then(|deps| deps.parent()).unwrap();
        // `cargo test` builds the examples, but `cargo test --test examples`
        // does not; this is quick when they are up to date.
        let mut build = Command::new(env!("CARGO"));
        build.args(["build", "--quiet", "--examples", "--manifest-path"]);
        build.arg(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"));
        match profile_dir.file_name().and_then(|name| name.to_str()) {
            Some("debug") => {}
            Some("release") => {
                build.arg("--release");
            }
            Some(profile) => {
                build.args(["--profile", profile]);
            }
            None => panic!("no profile directory above {}", test.display()),
        }
        let status = build.status().unwrap();
        assert!(status.success(), "building the examples failed");
        profile_dir.join("examples")
    });
    let path = dir.join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(path.exists(), "no example binary at {}", path.display());
    path
}

fn connect(addr: &str) -> TcpStream {
    let stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(LIMIT)).unwrap();
    stream
}

fn read_to_end(mut stream: TcpStream) -> String {
    let mut text = String::new();
    stream.read_to_string(&mut text).unwrap();
    text
}

/// The number in `line` between `before` and `after`.
fn number_between(line: &str, before: &str, after: &str) -> f64 {
    let number = line
        .strip_prefix(before)
        .and_then(|l| l.strip_suffix(after));
    let number = number.unwrap_or_else(|| panic!("unexpected line: {line:?}"));
    number.parse().unwrap()
}
