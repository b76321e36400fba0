//! What the conformance tests share.

use std::time::{Duration, Instant};

/// Runs `f`, failing if it takes longer than `limit` (generous: debug builds on a loaded machine).
pub fn within<T>(limit: Duration, what: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    assert!(
        took <= limit,
        "{what} took {took:?}, over the bound of {limit:?}"
    );
    out
}
