//! `import_json`: `iamsim import` over files held in memory (a folder the user picked or dropped
//! in the page), with every error located in its file: the file's relative path, line:column and
//! JSON path, as the CLI prints them.
//!
//! The folder walk of the CLI (which files are read) is the caller's job in the browser; this takes
//! the files already read, applies the same importer (`import_folder`), and loads the result
//! once so that a model which would not load is refused here, located in the input file it came
//! from when the importer knows it (as `iamsim import` does).

use iamsim_core::diag::{Diagnostic, LineIndex};
use iamsim_core::import::{import_folder, ImportError};
use iamsim_core::json::{self, JsonKind, Span};
use iamsim_core::limits::Limits;
use iamsim_core::model::load_model_with;
use serde_json::{json, Value};

/// `{"files": [{"path": "iam/111122223333.json", "text": "…"}, …]}` → `{"result": {"text",
/// "skipped", "files"}}` (the model as the CLI writes it) or `{"error": {code, message, file?,
/// line?, column?, path, hint?, diagnostics?}}`.
pub fn import_json(input: &str) -> Value {
    let limits = Limits::default();
    let files = match read_files(input, &limits) {
        Ok(f) => f,
        Err(e) => return json!({ "error": e }),
    };
    let pairs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let text_of = |file: &str| {
        pairs
            .iter()
            .find(|(p, _)| p.trim_start_matches("./") == file)
            .map_or("", |(_, t)| *t)
    };
    let mut located = Vec::new();
    for (path, text) in &pairs {
        if text.len() > limits.input_bytes {
            let d = Diagnostic {
                hint: Some("the engine reads files of up to 32 MiB".into()),
                ..Diagnostic::error(
                    "input-too-large",
                    format!(
                        "the file is {} bytes, over the limit of {} bytes",
                        text.len(),
                        limits.input_bytes
                    ),
                    "",
                    Span::new(0, 0),
                )
            };
            located.push(in_file(path, text, &d));
        }
    }
    if !located.is_empty() {
        return error_of(located);
    }
    let result = import_folder(&pairs);
    if !result.errors.is_empty() {
        let list = result
            .errors
            .iter()
            .map(|ImportError { file, diagnostic }| in_file(file, text_of(file), diagnostic))
            .collect();
        return error_of(list);
    }
    let text = match serde_json::to_string_pretty(&result.model) {
        Ok(t) => t,
        Err(e) => {
            return json!({"error": {"code": "internal", "message": e.to_string(), "path": ""}})
        }
    };
    if let Err(diags) = load_model_with(&text, &limits) {
        let lines = LineIndex::new(&text);
        let list = diags
            .iter()
            .map(|d| match result.locate_in_sources(d, &pairs) {
                Some(e) => in_file(&e.file, text_of(&e.file), &e.diagnostic),
                // Not read from one file: located in the imported model, as the CLI says it.
                None => with_file(serde_json::to_value(d.locate(&lines)), "(imported model)"),
            })
            .collect();
        return error_of(list);
    }
    json!({"result": {"text": text, "skipped": result.skipped, "files": pairs.len()}})
}

/// The `files` of the input, each a relative path and its text.
fn read_files(input: &str, limits: &Limits) -> Result<Vec<(String, String)>, Value> {
    let located = |d: Diagnostic| {
        serde_json::to_value(d.locate(&LineIndex::new(input))).unwrap_or(Value::Null)
    };
    let root = json::parse(input, limits.json())
        .map_err(|e| located(Diagnostic::from_json_error(&e, "")))?;
    let wrong = |path: &str, what: &str, at: Span| {
        located(Diagnostic::error(
            "wrong-type",
            what.to_owned(),
            path.to_owned(),
            at,
        ))
    };
    let Some(list) = root.get("files") else {
        return Err(wrong(
            "",
            "the input must be an object with `files`",
            root.span,
        ));
    };
    let JsonKind::Array(items) = &list.kind else {
        return Err(wrong(
            "/files",
            "`files` must be a list of {path, text}",
            list.span,
        ));
    };
    let mut files = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let field = |name: &str| match item.get(name).map(|v| &v.kind) {
            Some(JsonKind::String(s)) => Some(s.to_string()),
            _ => None,
        };
        match (field("path"), field("text")) {
            (Some(path), Some(text)) => files.push((path.trim_start_matches('/').to_owned(), text)),
            _ => {
                return Err(wrong(
                    &format!("/files/{i}"),
                    "each file must be {\"path\": string, \"text\": string}",
                    item.span,
                ))
            }
        }
    }
    // The CLI reads a folder sorted by path; the order decides which file keeps a name defined
    // twice, so the page must not depend on the order the browser lists files in.
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(files)
}

/// A diagnostic located in `text`, the contents of `file`.
fn in_file(file: &str, text: &str, d: &Diagnostic) -> Value {
    with_file(serde_json::to_value(d.locate(&LineIndex::new(text))), file)
}

fn with_file(v: Result<Value, serde_json::Error>, file: &str) -> Value {
    let mut v = v.unwrap_or(Value::Null);
    if let Value::Object(map) = &mut v {
        map.insert("file".into(), json!(file));
    }
    v
}

/// The error result: the first error, with every one of them when there are several.
fn error_of(mut list: Vec<Value>) -> Value {
    if list.is_empty() {
        return json!({"error": {"code": "internal", "message": "no diagnostic", "path": ""}});
    }
    let mut first = list.remove(0);
    if !list.is_empty() {
        let mut all = vec![first.clone()];
        all.extend(list);
        if let Value::Object(map) = &mut first {
            map.insert("diagnostics".into(), Value::Array(all));
        }
    }
    json!({ "error": first })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(files: &[(&str, &str)]) -> String {
        let list: Vec<Value> = files
            .iter()
            .map(|(p, t)| json!({"path": p, "text": t}))
            .collect();
        json!({ "files": list }).to_string()
    }

    #[test]
    fn a_malformed_file_is_located_in_it() {
        let out = import_json(&input(&[(
            "iam/broken.json",
            "{\n  \"UserDetailList\": [\n    {\"UserName\": \"a\",, }\n  ]\n}\n",
        )]));
        let e = &out["error"];
        assert_eq!(e["file"], "iam/broken.json", "{out}");
        assert_eq!(e["line"], 3, "{out}");
        assert_eq!(e["code"], "json-syntax", "{out}");
    }

    #[test]
    fn bad_input_shapes_are_errors() {
        assert_eq!(import_json("[]")["error"]["code"], "wrong-type");
        assert_eq!(import_json("{\"files\": 1}")["error"]["path"], "/files");
        assert_eq!(
            import_json("{\"files\": [{\"path\": 1}]}")["error"]["path"],
            "/files/0"
        );
        assert_eq!(import_json("{")["error"]["code"], "json-syntax");
    }
}
