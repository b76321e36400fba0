//! Loading the model (a file, or the embedded example organization) and finding its names.

use super::error::CliError;
use super::input;
use iamsim_core::model::{load_model_with, Model, EXAMPLE_ORG};

/// A loaded model with the text it came from (statement spans point into it).
pub struct Loaded {
    pub model: Model,
    pub text: String,
    /// The file name, or `<example-org>` for the embedded model.
    pub file: String,
}

pub const EXAMPLE_NAME: &str = "<example-org>";

/// Loads `path`, or the embedded example organization when `None`.
pub fn load(path: Option<&str>) -> Result<Loaded, CliError> {
    let (file, text) = match path {
        None => (EXAMPLE_NAME.to_owned(), EXAMPLE_ORG.to_owned()),
        Some(p) => match input::read_file(
            std::path::Path::new(p),
            &format!("model `{p}`"),
            super::limits::get().input_bytes,
        ) {
            Ok(t) => (p.to_owned(), t),
            Err(e) => return Err(e.into_error(p)),
        },
    };
    load_text(file, text)
}

/// Loads a model from text already read (`file` names it in errors).
pub fn load_text(file: String, text: String) -> Result<Loaded, CliError> {
    match load_model_with(&text, &super::limits::get()) {
        Ok(model) => Ok(Loaded { model, text, file }),
        Err(diagnostics) => Err(CliError::Model {
            file,
            text,
            diagnostics,
        }),
    }
}
