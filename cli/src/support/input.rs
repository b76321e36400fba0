//! Reading an input file (or stdin) as text: its size is checked before it is read, and text
//! that is not UTF-8 is a located error (`invalid-utf8` at the first bad byte, `utf16-bom`), not
//! an I/O message. A UTF-8 byte-order mark is accepted (the JSON reader skips it).

use iamsim_core::diag::Diagnostic;
use iamsim_core::json::Span;
use std::io::Read;

/// Why an input cannot be used.
#[derive(Debug)]
pub enum ReadError {
    /// The file cannot be opened or read (missing, a directory, no permission): the message.
    Io(String),
    /// The input was refused: `diagnostic` is located in `text` (for bad UTF-8, the input decoded
    /// with replacement characters: everything before the first bad byte is exact, so its line
    /// and column are right; for an input over the size limit, empty).
    Refused {
        text: String,
        diagnostic: Box<Diagnostic>,
    },
}

impl ReadError {
    /// The command's error for this input (`file` as the user named it): an I/O failure is a
    /// message; a refused input is a located finding, rendered as every other one is.
    pub fn into_error(self, file: &str) -> crate::support::error::CliError {
        use crate::support::error::CliError;
        let file = if file == "-" { "<stdin>" } else { file };
        match self {
            ReadError::Io(m) => CliError::Usage(m),
            ReadError::Refused { text, diagnostic } => CliError::Model {
                file: file.to_owned(),
                text,
                diagnostics: vec![*diagnostic],
            },
        }
    }
}

/// Reads `file` (`-` is stdin), refusing more than `max_bytes` bytes: a file by its size before
/// reading anything, stdin once it has sent more.
pub fn read(file: &str, max_bytes: usize) -> Result<String, ReadError> {
    if file != "-" {
        return read_file(std::path::Path::new(file), &format!("`{file}`"), max_bytes);
    }
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(one_more(max_bytes))
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::Io(format!("cannot read stdin: {e}")))?;
    if bytes.len() > max_bytes {
        return Err(too_large("stdin", None, max_bytes));
    }
    text(bytes)
}

/// Reads the file at `path` (`what` names it in messages), refusing one larger than `max_bytes`
/// by its size before reading it.
pub fn read_file(
    path: &std::path::Path,
    what: &str,
    max_bytes: usize,
) -> Result<String, ReadError> {
    let f =
        std::fs::File::open(path).map_err(|e| ReadError::Io(format!("cannot read {what}: {e}")))?;
    let size = f.metadata().map(|m| m.len()).unwrap_or(0);
    if usize::try_from(size).map_or(true, |s| s > max_bytes) {
        return Err(too_large(what, Some(size), max_bytes));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    // A file that grows while it is read (or a pipe, whose size is 0) is still cut at the limit.
    f.take(one_more(max_bytes))
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::Io(format!("cannot read {what}: {e}")))?;
    if bytes.len() > max_bytes {
        return Err(too_large(what, None, max_bytes));
    }
    text(bytes)
}

/// One byte more than the limit: reading it tells "too large" from "exactly the limit".
fn one_more(max_bytes: usize) -> u64 {
    u64::try_from(max_bytes)
        .unwrap_or(u64::MAX)
        .saturating_add(1)
}

/// The bytes as text, or the located encoding error.
pub fn text(bytes: Vec<u8>) -> Result<String, ReadError> {
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.into_bytes();
        let diagnostic = match iamsim_core::json::decode(&bytes) {
            Err(e) => Diagnostic::from_json_error(&e, ""),
            // Unreachable (the bytes just failed to decode); reported rather than assumed.
            Ok(_) => Diagnostic::error(
                "invalid-utf8",
                "the input is not valid UTF-8",
                "",
                Span::default(),
            ),
        };
        ReadError::Refused {
            text: String::from_utf8_lossy(&bytes).into_owned(),
            diagnostic: Box::new(diagnostic),
        }
    })
}

/// The size-limit error (`input-too-large`), with no position: nothing was read.
pub fn too_large(what: &str, size: Option<u64>, max_bytes: usize) -> ReadError {
    let message = match size {
        Some(size) => format!("{what} is {size} bytes, over the limit of {max_bytes} bytes"),
        None => format!("{what} holds more than the limit of {max_bytes} bytes"),
    };
    let mut diagnostic = Diagnostic::error("input-too-large", message, "", Span::default())
        .with_hint(
        "raise the limit with --max-input-bytes BYTES if the input is expected to be this large",
    );
    diagnostic.span = None;
    ReadError::Refused {
        text: String::new(),
        diagnostic: Box::new(diagnostic),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_utf8_is_located_at_its_first_bad_byte() {
        let Err(ReadError::Refused { text, diagnostic }) =
            super::text(b"{\n  \"a\": \"\xff\"}".to_vec())
        else {
            panic!("expected an encoding error");
        };
        assert_eq!(diagnostic.code, "invalid-utf8");
        assert_eq!(diagnostic.hint.as_deref(), Some("save the file as UTF-8"));
        let at = diagnostic.locate(&iamsim_core::diag::LineIndex::new(&text));
        assert_eq!((at.line, at.column), (Some(2), Some(9)));
        let Err(e) = super::text(b"\xff\xfe{\0}\0".to_vec()) else {
            panic!("expected an encoding error");
        };
        assert!(e.into_error("p.json").render().starts_with("p.json:1:1: error[utf16-bom]: the input starts with a UTF-16 byte-order mark: it is UTF-16, not UTF-8 (at /)\n"));
        assert_eq!(
            super::text(b"\xef\xbb\xbf{}".to_vec()).unwrap(),
            "\u{feff}{}"
        );
    }
}
