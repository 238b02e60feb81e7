//! What every benchmark measures: `0..n`, hand-written and as generators, and
//! the consumer that sums it.

use std::hint::black_box;

use coyield::{generator, yield_};

/// The hand-written equivalent of [`count`]: `n` items, `0..n`.
pub struct Count {
    /// The next item.
    pub next: u64,
    /// One past the last item.
    pub end: u64,
}

impl Iterator for Count {
    type Item = u64;

    #[inline]
    fn next(&mut self) -> Option<u64> {
        if self.next < self.end {
            let value = self.next;
            self.next += 1;
            Some(value)
        } else {
            None
        }
    }
}

/// `0..n` as a generator.
#[generator(yield = u64)]
pub fn count(n: u64) {
    for i in 0..n {
        yield_!(i);
    }
}

/// `0..n` as a `no_alloc` generator.
#[generator(yield = u64, no_alloc)]
pub fn count_no_alloc(n: u64) {
    for i in 0..n {
        yield_!(i);
    }
}

/// Sums the items, each through `black_box`, so that no implementation can
/// be folded into a closed form.
#[inline(always)]
pub fn drain(items: impl IntoIterator<Item = u64>) -> u64 {
    let mut sum = 0_u64;
    for x in items {
        sum = sum.wrapping_add(black_box(x));
    }
    sum
}
