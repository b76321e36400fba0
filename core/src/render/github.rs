//! `--format github`: GitHub Actions workflow commands, one per finding, so a validation step
//! annotates the pull request's files without uploading SARIF:
//!
//! ```text
//! ::error file=p.json,line=1,col=48,endLine=1,endColumn=54,title=iamsim invalid-effect::`Alow` is not an effect (at /Statement/0/Effect)%0Ahint: …
//! ```
//!
//! Errors are `error`, security warnings and warnings `warning`, suggestions `notice`. Property
//! values and messages are escaped as the Actions toolkit does (`%`, CR, LF; and `:` `,` in
//! properties). GitHub shows at most 10 annotations of each level per step; all are written.

use super::{shown_path, FileReport};
use crate::diag::{LineIndex, Severity};
use std::io::Write;

fn command(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::SecurityWarning | Severity::Warning => "warning",
        Severity::Suggestion => "notice",
    }
}

/// Escapes the message part of a workflow command.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (`file=…`, `title=…`).
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Writes one workflow command per finding of every report, then nothing else.
pub fn write(out: &mut dyn Write, reports: &[FileReport]) -> std::io::Result<()> {
    for r in reports {
        let lines = LineIndex::new(&r.text);
        let file = escape_property(&r.file);
        for d in &r.diagnostics {
            let at = d.locate(&lines);
            let mut place = format!("file={file}");
            if let (Some(l), Some(c)) = (at.line, at.column) {
                place.push_str(&format!(",line={l},col={c}"));
                if let (Some(el), Some(ec)) = (at.end_line, at.end_column) {
                    place.push_str(&format!(",endLine={el},endColumn={ec}"));
                }
            }
            let mut message = format!("{} (at {})", d.message, shown_path(&d.path));
            if let Some(h) = &d.hint {
                message.push_str(&format!("\nhint: {h}"));
            }
            writeln!(
                out,
                "::{} {place},title={}::{}",
                command(d.severity),
                escape_property(&format!("iamsim {}", d.code)),
                escape_data(&message)
            )?;
        }
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{check_source, LintConfig};
    use crate::policy::PolicyKind;
    use crate::render::InputKind;

    #[test]
    fn one_escaped_command_per_finding() {
        let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Alow","Action":"s3:GetObject","Resource":"*"}]}"#;
        let report = FileReport {
            file: "dir,a:b.json".into(),
            text: text.into(),
            kind: InputKind::Policy(PolicyKind::Identity),
            diagnostics: check_source(text, PolicyKind::Identity, &LintConfig::default()),
        };
        let mut out = Vec::new();
        write(&mut out, std::slice::from_ref(&report)).ok();
        let text = String::from_utf8_lossy(&out);
        assert_eq!(text.lines().count(), report.diagnostics.len());
        let first = text.lines().next().unwrap_or_default();
        assert!(
            first.starts_with("::error file=dir%2Ca%3Ab.json,line=1,col=48,endLine=1,endColumn=54,title=iamsim invalid-effect::`Alow` is not an effect (at /Statement/0/Effect)"),
            "{first}"
        );
        assert!(text.lines().all(|l| l.starts_with("::")), "{text}");
    }
}
