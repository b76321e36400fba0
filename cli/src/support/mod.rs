//! What every model command shares: loading the model, finding names, parsing flags, colour,
//! and turning failures into exit code 2 with a located message.

pub mod chain;
pub mod context;
pub mod error;
pub mod input;
pub mod limits;
pub mod model;
pub mod output;
pub mod progress;
pub mod search;
pub mod sign_in;
pub mod style;

/// Output format of the model commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Readable text (coloured on a terminal unless NO_COLOR is set).
    Human,
    /// One JSON document with the stable schema of docs/cli.md.
    Json,
}
