//! One module per subcommand.

pub mod assume;
pub mod batch;
pub mod check;
pub mod completions;
pub mod diff;
pub mod import;
pub mod paths;
pub mod test;
pub mod validate;
pub mod who_can;
