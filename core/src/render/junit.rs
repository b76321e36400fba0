//! JUnit XML for CI systems (the common subset GitHub, GitLab and Jenkins read).

/// One test's result.
pub struct CaseResult {
    /// The test's name.
    pub name: String,
    /// Passed, failed or could not run.
    pub outcome: CaseOutcome,
    /// How long it took.
    pub seconds: f64,
}

/// How one test ended.
pub enum CaseOutcome {
    /// The expectation held.
    Passed,
    /// The expectation did not hold.
    Failed(String),
    /// The test could not run (unknown name, model error).
    Error(String),
}

/// One file's results.
pub struct SuiteResult {
    /// The suite's name (the test file).
    pub name: String,
    /// Its tests, in file order.
    pub cases: Vec<CaseResult>,
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 forbids most control characters, even escaped.
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\r' | '\t') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn count(cases: &[CaseResult], error: bool) -> usize {
    cases
        .iter()
        .filter(|c| match c.outcome {
            CaseOutcome::Passed => false,
            CaseOutcome::Failed(_) => !error,
            CaseOutcome::Error(_) => error,
        })
        .count()
}

/// The JUnit XML document of every suite.
pub fn render(suites: &[SuiteResult]) -> String {
    let all: Vec<&CaseResult> = suites.iter().flat_map(|s| &s.cases).collect();
    let failures: usize = suites.iter().map(|s| count(&s.cases, false)).sum();
    let errors: usize = suites.iter().map(|s| count(&s.cases, true)).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"iamsim\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\">\n",
        all.len()
    ));
    for suite in suites {
        let time: f64 = suite.cases.iter().map(|c| c.seconds).sum();
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{time:.3}\">\n",
            escape(&suite.name),
            suite.cases.len(),
            count(&suite.cases, false),
            count(&suite.cases, true)
        ));
        for case in &suite.cases {
            out.push_str(&format!(
                "    <testcase name=\"{}\" classname=\"{}\" time=\"{:.3}\"",
                escape(&case.name),
                escape(&suite.name),
                case.seconds
            ));
            match &case.outcome {
                CaseOutcome::Passed => out.push_str("/>\n"),
                CaseOutcome::Failed(m) => out.push_str(&format!(
                    ">\n      <failure message=\"{}\">{}</failure>\n    </testcase>\n",
                    escape(m),
                    escape(m)
                )),
                CaseOutcome::Error(m) => out.push_str(&format!(
                    ">\n      <error message=\"{}\">{}</error>\n    </testcase>\n",
                    escape(m),
                    escape(m)
                )),
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_counts() {
        let xml = render(&[SuiteResult {
            name: "a&b.json".into(),
            cases: vec![
                CaseResult {
                    name: "ok".into(),
                    outcome: CaseOutcome::Passed,
                    seconds: 0.0,
                },
                CaseResult {
                    name: "<bad>".into(),
                    outcome: CaseOutcome::Failed("expected \"allowed\"".into()),
                    seconds: 0.0,
                },
            ],
        }]);
        assert!(xml.contains("tests=\"2\" failures=\"1\" errors=\"0\""));
        assert!(xml.contains("name=\"a&amp;b.json\""));
        assert!(xml.contains("name=\"&lt;bad&gt;\""));
        assert!(xml.contains("expected &quot;allowed&quot;"));
    }
}

/// Validation as JUnit: one suite per file, one case per finding at or above `threshold` (a
/// failure carrying the finding in the [`super::line`] form), or a single passing case for a
/// file without such findings — so a CI system counts and lists policy findings as it does tests.
pub fn from_reports(
    reports: &[super::FileReport],
    threshold: crate::diag::Severity,
) -> Vec<SuiteResult> {
    reports
        .iter()
        .map(|r| {
            let lines = crate::diag::LineIndex::new(&r.text);
            let mut cases: Vec<CaseResult> = r
                .diagnostics
                .iter()
                .filter(|d| d.severity <= threshold)
                .map(|d| {
                    let at = d.locate(&lines);
                    let mut text = String::new();
                    super::line::write_indexed(&mut text, Some(&r.file), &lines, d);
                    CaseResult {
                        name: format!(
                            "{}[{}] at {}:{}",
                            d.severity.as_str(),
                            d.code,
                            at.line.unwrap_or(1),
                            at.column.unwrap_or(1)
                        ),
                        outcome: CaseOutcome::Failed(text.trim_end().to_owned()),
                        seconds: 0.0,
                    }
                })
                .collect();
            if cases.is_empty() {
                cases.push(CaseResult {
                    name: format!("{} is valid", r.kind.as_str()),
                    outcome: CaseOutcome::Passed,
                    seconds: 0.0,
                });
            }
            SuiteResult {
                name: r.file.clone(),
                cases,
            }
        })
        .collect()
}

#[cfg(test)]
mod report_tests {
    use super::*;
    use crate::diag::Severity;
    use crate::lint::{check_source, LintConfig};
    use crate::policy::PolicyKind;
    use crate::render::{FileReport, InputKind};

    fn report(text: &str) -> FileReport {
        FileReport {
            file: "p.json".into(),
            text: text.into(),
            kind: InputKind::Policy(PolicyKind::Identity),
            diagnostics: check_source(text, PolicyKind::Identity, &LintConfig::default()),
        }
    }

    #[test]
    fn findings_at_the_threshold_fail_and_clean_files_pass() {
        let bad = report(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Alow","Action":"s3:GetObject","Resource":"*"}]}"#,
        );
        let xml = render(&from_reports(std::slice::from_ref(&bad), Severity::Error));
        assert!(xml.contains("failures=\"1\""), "{xml}");
        assert!(xml.contains("p.json:1:48: error[invalid-effect]"), "{xml}");
        // Below the threshold a warning is not a failure.
        let clean = report(
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#,
        );
        let xml = render(&from_reports(&[clean], Severity::Error));
        assert!(xml.contains("tests=\"1\" failures=\"0\""), "{xml}");
        assert!(xml.contains("identity is valid"), "{xml}");
    }
}
