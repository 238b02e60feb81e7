//! Generators and coroutines for stable Rust. (Docs to come.)
#![no_std]

pub use coyield_core::*;
