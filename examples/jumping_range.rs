//! Sending values into a generator, from Brett Cannon's "How the heck does
//! async/await work in Python 3.5?".
//!
//! ```python
//! def jumping_range(up_to):
//!     """Generator for the sequence of integers from 0 to up_to, exclusive.
//!
//!     Sending a value into the generator will shift the sequence by that amount.
//!     """
//!     index = 0
//!     while index < up_to:
//!         jump = yield index
//!         if jump is None:
//!             jump = 1
//!         index += jump
//!
//! if __name__ == '__main__':
//!     iterator = jumping_range(5)
//!     print(next(iterator))  # 0
//!     print(iterator.send(2))  # 2
//!     print(next(iterator))  # 3
//!     print(iterator.send(-1))  # 2
//!     for x in iterator:
//!         print(x)  # 3, 4
//! ```
//!
//! Python's `None` is `Option::None`: `next()` resumes with
//! `Default::default()`, which is `None` here.
//!
//! Run with `cargo run --example jumping_range`.

use coyield::{generator, yield_};

#[generator(yield = i32, resume = Option<i32>)]
fn jumping_range(up_to: i32) {
    let mut index = 0;
    while index < up_to {
        let jump = yield_!(index);
        index += jump.unwrap_or(1);
    }
}

fn main() {
    let mut iterator = jumping_range(5);
    println!("{:?}", iterator.next()); // Some(0)
    println!("{:?}", iterator.send(Some(2)).yielded()); // Some(2)
    println!("{:?}", iterator.next()); // Some(3)
    println!("{:?}", iterator.send(Some(-1)).yielded()); // Some(2)
    for x in iterator {
        println!("{x}"); // 3, 4
    }
}
