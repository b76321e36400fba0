//! One module per subcommand.

pub mod batch;
pub mod import;
pub mod model_query;
pub mod validate;
