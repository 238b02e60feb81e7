//! Proves that `no_alloc` generators work in a `#![no_std]` crate that does
//! not link `alloc`: this crate depends on `coyield` with no default
//! features, and CI builds it on its own.

#![no_std]

use core::pin::pin;

use coyield::{generator, yield_};

/// The bytes of `text` that are ASCII digits, as numbers.
#[generator(yield = u8, no_alloc)]
pub fn digits(text: &str) {
    for byte in text.bytes() {
        if byte.is_ascii_digit() {
            yield_!(byte - b'0');
        }
    }
}

/// The sum of the digits in `text`, without allocating.
pub fn digit_sum(text: &str) -> u32 {
    pin!(digits(text)).map(u32::from).sum()
}

#[cfg(test)]
mod tests {
    #[test]
    fn sums_digits() {
        assert_eq!(super::digit_sum("a1b2c39"), 15);
    }
}
