//! `--context key=value` flags (the context of a request is built by core's query layer).

use super::error::CliError;
use iamsim_core::context::Context;

/// Parses `key=value` pairs (a key given twice becomes multi-valued).
pub fn parse_pairs(pairs: &[String], flag: &str) -> Result<Vec<(String, String)>, CliError> {
    pairs
        .iter()
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_owned(), v.to_owned())),
            _ => Err(CliError::Usage(format!(
                "{flag} `{pair}` is not of the form key=value"
            ))),
        })
        .collect()
}

/// Builds a context from pairs; repeated keys become multi-valued keys.
pub fn context_of(pairs: &[(String, String)]) -> Context {
    let mut context = Context::new();
    let mut seen: Vec<&str> = Vec::new();
    for (key, _) in pairs {
        if seen.iter().any(|k| k.eq_ignore_ascii_case(key)) {
            continue;
        }
        seen.push(key);
        let values: Vec<&str> = pairs
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
            .collect();
        match values.as_slice() {
            [one] => context.set(key, *one),
            many => context.set_multi(key, many.iter().copied()),
        }
    }
    context
}
