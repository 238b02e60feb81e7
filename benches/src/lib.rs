//! Shared helpers of the comparison benchmarks.
