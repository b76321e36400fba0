//! One module per subcommand.

pub mod batch;
pub mod validate;
