//! Shared harness of coyield's comparison benchmarks (`cargo bench -p
//! coyield-benches`): interleaved timing with repetitions, a counting
//! allocator, and the tables the benchmarks print.
//!
//! The machine the benchmarks run on is shared and its clock drifts, so no
//! figure stands alone: a [`Row`] times every implementation of one
//! computation in alternation, round after round, keeps each one's fastest
//! round, and the tables print every figure beside its ratio to the first
//! (hand-written) one of the same row.
//!
//! Environment variables:
//!
//! - `BENCH_ROUNDS` (default 15): rounds per row. `BENCH_ROUNDS=1` runs each
//!   case once without a warm-up round, which is what a run under
//!   `valgrind --tool=callgrind` wants.
//! - `BENCH_SCALE` (default 1): divides every item count, to shorten a run
//!   (under callgrind, for example).

#![warn(missing_docs)]

mod subjects;

pub use subjects::{Count, count, count_no_alloc, drain};

use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt::Write as _;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Instant;

/// A global allocator that counts allocations while
/// [`count_allocations`] runs, and otherwise only forwards to [`System`].
///
/// Counting is off by default so that the timed loops pay one predictable
/// branch per allocation, not an atomic increment. Each benchmark binary
/// installs it:
///
/// ```
/// #[global_allocator]
/// static ALLOC: coyield_benches::CountingAlloc = coyield_benches::CountingAlloc;
/// ```
pub struct CountingAlloc;

static COUNTING: AtomicBool = AtomicBool::new(false);
static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

impl CountingAlloc {
    #[inline(always)]
    fn count() {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
    }
}

// SAFETY: every method forwards to `System` with the caller's arguments, so
// `System`'s guarantees are ours; counting touches no memory it hands out.
unsafe impl GlobalAlloc for CountingAlloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        Self::count();
        // SAFETY: the caller's contract for `alloc` is `System`'s.
        unsafe { System.alloc(layout) }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        Self::count();
        // SAFETY: as in `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        Self::count();
        // SAFETY: `ptr` was allocated by `System` (every allocation here
        // is), with `layout`; the rest is the caller's contract.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as in `realloc`.
        unsafe { System.dealloc(ptr, layout) }
    }
}

/// Runs `f` and returns its result with the number of allocations (and
/// reallocations) made meanwhile, on any thread, through [`CountingAlloc`].
///
/// Returns a count of 0 if the binary did not install [`CountingAlloc`]; the
/// benchmarks check that it counts (see [`assert_allocator_counts`]).
pub fn count_allocations<T>(f: impl FnOnce() -> T) -> (T, u64) {
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    COUNTING.store(true, Ordering::SeqCst);
    let value = f();
    COUNTING.store(false, Ordering::SeqCst);
    (value, ALLOCATIONS.load(Ordering::Relaxed) - before)
}

/// Panics unless the running binary counts allocations through
/// [`CountingAlloc`], so that a printed 0 means "no allocation".
pub fn assert_allocator_counts() {
    let (_, n) = count_allocations(|| std::hint::black_box(Box::new(1_u8)));
    assert_eq!(n, 1, "install `CountingAlloc` as the #[global_allocator]");
}

/// How many rounds each [`Row`] runs (`BENCH_ROUNDS`, default 15).
pub fn rounds() -> usize {
    env_number("BENCH_ROUNDS").unwrap_or(15).max(1) as usize
}

/// `n` divided by `BENCH_SCALE` (default 1), at least 1.
pub fn scaled(n: u64) -> u64 {
    (n / env_number("BENCH_SCALE").unwrap_or(1).max(1)).max(1)
}

fn env_number(name: &str) -> Option<u64> {
    let value = std::env::var(name).ok()?;
    match value.parse() {
        Ok(n) => Some(n),
        Err(_) => panic!("{name}={value:?} is not a number"),
    }
}

/// One implementation of a row's computation.
struct Case<'a> {
    /// How many units (items, resumes, calls) one run processes.
    units: u64,
    /// Runs the computation once; returns a checksum.
    run: Box<dyn FnMut() -> u64 + 'a>,
}

/// Several implementations of one computation (columns), timed in
/// alternation.
///
/// Cases that process the same number of units must return the same
/// checksum: the row checks that the implementations agree, and a checksum
/// that depends on every item keeps the compiler from skipping any. A slow
/// implementation may process fewer units than the others.
pub struct Row<'a> {
    label: String,
    cases: Vec<Option<Case<'a>>>,
}

impl<'a> Row<'a> {
    /// A row with no cases yet. Figures print as `label` in the tables.
    pub fn new(label: impl Into<String>) -> Self {
        Row {
            label: label.into(),
            cases: Vec::new(),
        }
    }

    /// Adds the next column: `run` processes `units` units (items, resumes,
    /// calls) per call and returns a checksum. The first column is the
    /// baseline of the ratios.
    pub fn case(mut self, units: u64, run: impl FnMut() -> u64 + 'a) -> Self {
        self.cases.push(Some(Case {
            units,
            run: Box::new(run),
        }));
        self
    }

    /// Adds an empty column (an implementation that cannot do this).
    pub fn skip(mut self) -> Self {
        self.cases.push(None);
        self
    }

    /// Times the cases: a warm-up round (unless [`rounds`] is 1), then
    /// [`rounds`] rounds, each running every case once, in alternating
    /// order. Keeps each case's fastest round.
    ///
    /// # Panics
    ///
    /// If two cases with the same number of units return different
    /// checksums.
    pub fn measure(mut self) -> Measured {
        let rounds = rounds();
        let warm_up = usize::from(rounds > 1);
        let mut best = vec![f64::INFINITY; self.cases.len()];
        // (units, checksum) of the first case run with that many units.
        let mut checksums: Vec<(u64, u64)> = Vec::new();
        for round in 0..warm_up + rounds {
            let forward = round % 2 == 0;
            for i in 0..self.cases.len() {
                let i = if forward { i } else { self.cases.len() - 1 - i };
                let Some(case) = &mut self.cases[i] else {
                    continue;
                };
                let start = Instant::now();
                let sum = (case.run)();
                let ns = start.elapsed().as_nanos() as f64 / case.units as f64;
                match checksums.iter().find(|(units, _)| *units == case.units) {
                    None => checksums.push((case.units, sum)),
                    Some(&(_, expected)) => assert_eq!(
                        sum, expected,
                        "{}: column {i} computed something else",
                        self.label
                    ),
                }
                if round >= warm_up {
                    best[i] = best[i].min(ns);
                }
            }
        }
        Measured {
            label: self.label,
            ns: self
                .cases
                .iter()
                .zip(best)
                .map(|(case, ns)| case.as_ref().map(|_| ns))
                .collect(),
        }
    }
}

/// The fastest time per unit of each column of a [`Row`].
#[derive(Clone, Debug)]
pub struct Measured {
    /// The row's label.
    pub label: String,
    /// Nanoseconds per unit, per column; `None` for a skipped column.
    pub ns: Vec<Option<f64>>,
}

impl Measured {
    /// Nanoseconds per unit in column `i`.
    ///
    /// # Panics
    ///
    /// If the column was skipped.
    pub fn ns(&self, i: usize) -> f64 {
        self.ns[i].expect("that column was skipped")
    }

    /// Column `i` divided by column `base` (same row, same run).
    pub fn ratio(&self, i: usize, base: usize) -> f64 {
        self.ns(i) / self.ns(base)
    }
}

/// A plain text table: a title, a header line and rows of cells, with
/// columns padded to their widest cell.
pub struct Table {
    title: String,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    notes: Vec<String>,
}

impl Table {
    /// A table whose first column is headed `first` and the others `columns`.
    pub fn new(title: impl Into<String>, first: &str, columns: &[&str]) -> Self {
        Table {
            title: title.into(),
            header: std::iter::once(first)
                .chain(columns.iter().copied())
                .map(String::from)
                .collect(),
            rows: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Adds a row of cells as given.
    pub fn row(&mut self, cells: Vec<String>) -> &mut Self {
        self.rows.push(cells);
        self
    }

    /// Adds a row of timings: each figure with its ratio to column `base`
    /// (the baseline itself prints without a ratio).
    pub fn timings(&mut self, measured: &Measured, base: usize) -> &mut Self {
        let mut cells = vec![measured.label.clone()];
        for (i, ns) in measured.ns.iter().enumerate() {
            cells.push(match ns {
                None => "-".to_string(),
                Some(ns) if i == base => format_ns(*ns),
                Some(ns) => format!("{} ({:.2}x)", format_ns(*ns), ns / measured.ns(base)),
            });
        }
        self.rows.push(cells);
        self
    }

    /// Adds a line printed under the table.
    pub fn note(&mut self, note: impl Into<String>) -> &mut Self {
        self.notes.push(note.into());
        self
    }

    /// Prints the table to stdout.
    pub fn print(&self) {
        print!("{self}");
    }
}

/// Nanoseconds with three significant digits, at least two decimals below 10.
fn format_ns(ns: f64) -> String {
    if ns < 10.0 {
        format!("{ns:.2}")
    } else if ns < 100.0 {
        format!("{ns:.1}")
    } else {
        format!("{ns:.0}")
    }
}

impl std::fmt::Display for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let columns = self.header.len();
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate().take(columns) {
                widths[i] = widths[i].max(cell.chars().count());
            }
        }
        let line = |cells: &[String]| {
            let mut out = String::new();
            for (i, cell) in cells.iter().enumerate().take(columns) {
                let pad = widths[i] - cell.chars().count();
                if i == 0 {
                    write!(out, "{cell}{:pad$}", "").unwrap();
                } else {
                    write!(out, "  {:pad$}{cell}", "").unwrap();
                }
            }
            out.trim_end().to_string()
        };
        writeln!(f, "{}", self.title)?;
        writeln!(f, "{}", line(&self.header))?;
        for row in &self.rows {
            writeln!(f, "{}", line(row))?;
        }
        for note in &self.notes {
            writeln!(f, "  {note}")?;
        }
        writeln!(f)
    }
}

/// A list of goals, each printed with the measured figure and whether it is
/// met.
#[derive(Default)]
pub struct Goals {
    /// (goal, measured, met); `None` for a figure without a goal.
    lines: Vec<(String, String, Option<bool>)>,
}

impl Goals {
    /// An empty list.
    pub fn new() -> Self {
        Goals::default()
    }

    /// A goal on a ratio: `what` is met when `ratio <= limit`.
    pub fn ratio(&mut self, what: &str, ratio: f64, limit: f64) -> &mut Self {
        self.lines.push((
            format!("{what} <= {limit}x"),
            format!("{ratio:.2}x"),
            Some(ratio <= limit),
        ));
        self
    }

    /// A goal on an absolute time: `what` is met when `ns <= limit`.
    pub fn ns(&mut self, what: &str, ns: f64, limit: f64) -> &mut Self {
        self.lines.push((
            format!("{what} <= {limit} ns"),
            format!("{} ns", format_ns(ns)),
            Some(ns <= limit),
        ));
        self
    }

    /// A goal on an exact count: `what` is met when `count == expected`.
    pub fn count(&mut self, what: &str, count: f64, expected: f64) -> &mut Self {
        self.lines.push((
            format!("{what} == {expected}"),
            format!("{count}"),
            Some(count == expected),
        ));
        self
    }

    /// A figure without a goal, printed among the goals for context.
    pub fn info(&mut self, what: &str, measured: String) -> &mut Self {
        self.lines.push((what.to_string(), measured, None));
        self
    }

    /// Prints the goals as a table, under `title`.
    pub fn print(&self, title: &str) {
        let mut table = Table::new(title, "goal", &["measured", "verdict"]);
        for (goal, measured, met) in &self.lines {
            table.row(vec![
                goal.clone(),
                measured.clone(),
                match met {
                    Some(true) => "met",
                    Some(false) => "MISSED",
                    None => "-",
                }
                .to_string(),
            ]);
        }
        table.print();
    }
}
