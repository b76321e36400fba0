//! Account-wide findings on small models and on the embedded example organization.

use super::*;
use crate::diag::LineIndex;
use crate::model::EXAMPLE_ORG;

#[test]
fn print_example() {
    let lines = LineIndex::new(EXAMPLE_ORG);
    for d in lint_model(EXAMPLE_ORG, &LintConfig::default()) {
        let l = d.locate(&lines);
        if !matches!(d.code, "missing-sid") {
            println!("{}:{} {} {} {} {}", l.line.unwrap_or(0), l.column.unwrap_or(0), d.severity.as_str(), d.code, d.path, d.message);
        }
    }
}
