//! The `iamsim` command line.
fn main() {}
