//! JUnit XML for CI systems (the common subset GitHub, GitLab and Jenkins read).

/// One test's result.
pub struct CaseResult {
    pub name: String,
    pub outcome: CaseOutcome,
    pub seconds: f64,
}

pub enum CaseOutcome {
    Passed,
    /// The expectation did not hold.
    Failed(String),
    /// The test could not run (unknown name, model error).
    Error(String),
}

/// One file's results.
pub struct SuiteResult {
    pub name: String,
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
