//! The lint configuration file: which codes to disable or re-level, and the facts some rules need
//! (own accounts, maximum session duration, protected tag keys). See docs/lint.md and
//! docs/schema/lint-config.schema.json.
//!
//! ```json
//! { "disable": ["missing-sid"], "severity": {"trust-whole-account": "error"},
//!   "accounts": ["111122223333"], "maxSessionDuration": 3600,
//!   "tagging": {"protectedTagKeys": ["team"]} }
//! ```

use std::collections::{BTreeMap, BTreeSet};

use super::rules::RULES;
use crate::arn::is_account_id;
use crate::diag::{did_you_mean, Diagnostic, Severity};
use crate::json::{self, push_index, push_segment, JsonKind, JsonValue, Limits};

/// AWS's upper bound for a role's MaxSessionDuration (12 hours), the default limit.
pub(crate) const AWS_MAX_SESSION_SECONDS: u64 = 43_200;

/// What the linter reports, and facts about the caller's environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LintConfig {
    /// Codes never reported.
    pub disabled: BTreeSet<String>,
    /// Codes reported at another severity.
    pub severity: BTreeMap<String, Severity>,
    /// The caller's own (organization) account ids; any other account is a third party.
    /// Empty: unknown, so third-party checks are off.
    pub accounts: BTreeSet<String>,
    /// The longest role session the caller allows, in seconds.
    pub max_session_duration: u64,
    /// Tag keys used for authorization (ABAC): changing them must be restricted.
    pub protected_tag_keys: Vec<String>,
}

impl Default for LintConfig {
    fn default() -> Self {
        LintConfig {
            disabled: BTreeSet::new(),
            severity: BTreeMap::new(),
            accounts: BTreeSet::new(),
            max_session_duration: AWS_MAX_SESSION_SECONDS,
            protected_tag_keys: Vec::new(),
        }
    }
}

impl LintConfig {
    /// Drops disabled codes and re-levels the rest. Applies to any diagnostic, so grammar
    /// warnings such as `missing-version` can be configured too.
    pub fn apply(&self, diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
        diags
            .into_iter()
            .filter(|d| !self.disabled.contains(d.code))
            .map(|d| match self.severity.get(d.code) {
                Some(&s) => d.with_severity(s),
                None => d,
            })
            .collect()
    }
}

/// The outcome of reading a config file: the config as far as it could be read, and every finding
/// (codes `config-*`). Do not lint with a config that has error diagnostics.
#[derive(Debug, Clone)]
pub struct ParsedLintConfig {
    /// The config as far as it could be read.
    pub config: LintConfig,
    /// Every finding about the config file.
    pub diagnostics: Vec<Diagnostic>,
}

impl ParsedLintConfig {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Reads severities as the CLI and the config spell them.
pub(crate) fn parse_severity(text: &str) -> Option<Severity> {
    [
        Severity::Error,
        Severity::SecurityWarning,
        Severity::Warning,
        Severity::Suggestion,
    ]
    .into_iter()
    .find(|s| s.as_str() == text)
}

const MEMBERS: [&str; 6] = [
    "$schema",
    "disable",
    "severity",
    "accounts",
    "maxSessionDuration",
    "tagging",
];

/// Parses a lint config from JSON text; spans point into `text`.
pub fn parse_lint_config(text: &str) -> ParsedLintConfig {
    let mut reader = ConfigReader {
        config: LintConfig::default(),
        diags: Vec::new(),
    };
    match json::parse(text, Limits::default()) {
        Ok(value) => reader.root(&value),
        Err(e) => reader.diags.push(Diagnostic::from_json_error(&e, "")),
    }
    ParsedLintConfig {
        config: reader.config,
        diagnostics: reader.diags,
    }
}

struct ConfigReader {
    config: LintConfig,
    diags: Vec<Diagnostic>,
}

fn child(path: &str, segment: &str) -> String {
    let mut p = path.to_owned();
    push_segment(&mut p, segment);
    p
}

fn item(path: &str, i: usize) -> String {
    let mut p = path.to_owned();
    push_index(&mut p, i);
    p
}

impl ConfigReader {
    fn wrong_type(&mut self, what: &str, expected: &str, v: &JsonValue, path: String) {
        self.diags.push(Diagnostic::error(
            "config-wrong-type",
            format!("{what} must be {expected}, found {}", v.kind_name()),
            path,
            v.span,
        ));
    }

    fn root(&mut self, value: &JsonValue) {
        let Some(members) = value.as_object() else {
            self.wrong_type("the lint config", "a JSON object", value, String::new());
            return;
        };
        for (key, v) in members {
            let path = child("", &key.text);
            match key.text.as_ref() {
                "$schema" => {}
                "disable" => {
                    for (code, _, _) in self.codes(v, &path) {
                        self.config.disabled.insert(code);
                    }
                }
                "severity" => self.severities(v, &path),
                "accounts" => {
                    for (text, p, span) in self.strings(v, &path, "`accounts`") {
                        if is_account_id(&text) {
                            self.config.accounts.insert(text);
                        } else {
                            self.diags.push(Diagnostic::error(
                                "config-invalid-account",
                                format!("`{text}` is not a 12-digit account id"),
                                p,
                                span,
                            ));
                        }
                    }
                }
                "maxSessionDuration" => match &v.kind {
                    JsonKind::Number(n) => match n.parse::<u64>() {
                        Ok(secs) if (900..=AWS_MAX_SESSION_SECONDS).contains(&secs) => {
                            self.config.max_session_duration = secs;
                        }
                        _ => self.diags.push(
                            Diagnostic::error(
                                "config-invalid-value",
                                format!("`{n}` is not a session duration AWS allows"),
                                path,
                                v.span,
                            )
                            .with_hint("a role's MaxSessionDuration is 900 to 43200 seconds"),
                        ),
                    },
                    _ => self.wrong_type("`maxSessionDuration`", "a number of seconds", v, path),
                },
                "tagging" => self.tagging(v, &path),
                other => {
                    let d = Diagnostic::error(
                        "config-unknown-field",
                        format!("`{other}` is not a lint config field"),
                        path,
                        key.span,
                    );
                    self.diags.push(match did_you_mean(other, MEMBERS) {
                        Some(s) => d.with_hint(format!("did you mean `{s}`?")),
                        None => d.with_hint(format!("the fields are {}", MEMBERS.join(", "))),
                    });
                }
            }
        }
    }

    fn strings(
        &mut self,
        v: &JsonValue,
        path: &str,
        what: &str,
    ) -> Vec<(String, String, crate::json::Span)> {
        let Some(items) = v.as_array() else {
            self.wrong_type(what, "an array of strings", v, path.to_owned());
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, it) in items.iter().enumerate() {
            match it.as_str() {
                Some(s) => out.push((s.to_owned(), item(path, i), it.span)),
                None => self.wrong_type("each entry", "a string", it, item(path, i)),
            }
        }
        out
    }

    /// Codes must be kebab-case; a code close to a lint rule's is probably a typo (warning).
    fn check_code(&mut self, code: &str, path: &str, span: crate::json::Span) -> bool {
        let kebab = !code.is_empty()
            && code
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !kebab {
            self.diags.push(
                Diagnostic::error(
                    "config-invalid-code",
                    format!("`{code}` is not a diagnostic code"),
                    path,
                    span,
                )
                .with_hint("codes are kebab-case, e.g. `missing-sid`"),
            );
            return false;
        }
        if !RULES.iter().any(|r| r.code == code) {
            if let Some(s) = did_you_mean(code, RULES.iter().map(|r| r.code)) {
                self.diags.push(
                    Diagnostic::warning(
                        "config-unknown-code",
                        format!("`{code}` is not a lint code"),
                        path,
                        span,
                    )
                    .with_hint(format!("did you mean `{s}`?")),
                );
            }
        }
        true
    }

    fn codes(&mut self, v: &JsonValue, path: &str) -> Vec<(String, String, crate::json::Span)> {
        let all = self.strings(v, path, "`disable`");
        all.into_iter()
            .filter(|(code, p, span)| self.check_code(code, p, *span))
            .collect()
    }

    fn severities(&mut self, v: &JsonValue, path: &str) {
        let Some(members) = v.as_object() else {
            self.wrong_type(
                "`severity`",
                "an object of code → severity",
                v,
                path.to_owned(),
            );
            return;
        };
        for (key, sv) in members {
            let p = child(path, &key.text);
            if !self.check_code(&key.text, &p, key.span) {
                continue;
            }
            match sv.as_str().and_then(parse_severity) {
                Some(s) => {
                    self.config.severity.insert(key.text.to_string(), s);
                }
                None => self.diags.push(
                    Diagnostic::error(
                        "config-invalid-severity",
                        format!("the severity of `{}` is not a severity", key.text),
                        p,
                        sv.span,
                    )
                    .with_hint(
                        "use \"error\", \"security-warning\", \"warning\" or \"suggestion\"",
                    ),
                ),
            }
        }
    }

    fn tagging(&mut self, v: &JsonValue, path: &str) {
        let Some(members) = v.as_object() else {
            self.wrong_type("`tagging`", "an object", v, path.to_owned());
            return;
        };
        for (key, tv) in members {
            let p = child(path, &key.text);
            if key.text == "protectedTagKeys" {
                let keys = self.strings(tv, &p, "`protectedTagKeys`");
                self.config
                    .protected_tag_keys
                    .extend(keys.into_iter().map(|(k, _, _)| k));
            } else {
                self.diags.push(
                    Diagnostic::error(
                        "config-unknown-field",
                        format!("`{}` is not a field of `tagging`", key.text),
                        p,
                        key.span,
                    )
                    .with_hint("the only field is `protectedTagKeys`"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_field() {
        let p = parse_lint_config(
            r#"{"$schema":"x","disable":["missing-sid"],"severity":{"trust-whole-account":"error"},
               "accounts":["111122223333"],"maxSessionDuration":3600,"tagging":{"protectedTagKeys":["team"]}}"#,
        );
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        let c = p.config;
        assert!(c.disabled.contains("missing-sid"));
        assert_eq!(
            c.severity.get("trust-whole-account"),
            Some(&Severity::Error)
        );
        assert!(c.accounts.contains("111122223333"));
        assert_eq!(c.max_session_duration, 3600);
        assert_eq!(c.protected_tag_keys, ["team"]);
    }

    #[test]
    fn located_errors() {
        let text = "{\n  \"disabel\": [],\n  \"severity\": {\"missing-sid\": \"loud\", \"missing-sdi\": \"error\"},\n  \"accounts\": [\"12\"],\n  \"maxSessionDuration\": 10\n}";
        let p = parse_lint_config(text);
        let got: Vec<_> = p
            .diagnostics
            .iter()
            .map(|d| (d.code, d.path.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("config-unknown-field", "/disabel"),
                ("config-invalid-severity", "/severity/missing-sid"),
                ("config-unknown-code", "/severity/missing-sdi"),
                ("config-invalid-account", "/accounts/0"),
                ("config-invalid-value", "/maxSessionDuration"),
            ]
        );
        assert!(p.has_errors());
        assert_eq!(
            p.diagnostics[0].hint.as_deref(),
            Some("did you mean `disable`?")
        );
        let lines = crate::diag::LineIndex::new(text);
        assert_eq!(p.diagnostics[0].locate(&lines).line, Some(2));
        assert_eq!(parse_lint_config("[").diagnostics[0].code, "json-syntax");
    }

    #[test]
    fn apply_disables_and_relevels() {
        let mut c = LintConfig::default();
        c.disabled.insert("a".into());
        c.severity.insert("b".into(), Severity::Error);
        let span = crate::json::Span::new(0, 0);
        let out = c.apply(vec![
            Diagnostic::warning("a", "m", "", span),
            Diagnostic::warning("b", "m", "", span),
            Diagnostic::warning("c", "m", "", span),
        ]);
        let got: Vec<_> = out.iter().map(|d| (d.code, d.severity)).collect();
        assert_eq!(got, [("b", Severity::Error), ("c", Severity::Warning)]);
    }
}
