//! The example corpus: `tests/lint/<code>.json` holds, for every rule, a policy that must raise
//! the code (`fail`) and one that must not (`pass`).

use super::*;
use crate::json::{self, Limits};
use crate::policy::parse_policy_value;

fn corpus_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/lint")
}

fn lint_member(
    file: &json::JsonValue,
    member: &str,
    kind: PolicyKind,
    config: &LintConfig,
) -> Vec<Diagnostic> {
    let value = file.get(member).unwrap_or_else(|| panic!("no `{member}`"));
    let parsed = parse_policy_value(value, &format!("/{member}"));
    assert!(!parsed.has_errors(), "{member}: {:?}", parsed.diagnostics);
    let policy = parsed.policy.unwrap();
    let grammar = validate_policy(&policy, kind, None, "");
    assert!(
        !grammar.iter().any(Diagnostic::is_error),
        "{member}: {grammar:?}"
    );
    lint_policy(&policy, kind, config)
}

#[test]
fn every_rule_has_a_failing_and_a_passing_example() {
    for rule in RULES {
        let path = corpus_dir().join(format!("{}.json", rule.code));
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let file = json::parse(&text, Limits::default()).unwrap();
        if file.get("kind").and_then(|k| k.as_str()) == Some("model") {
            model_rule_examples(rule, &text, &file);
            continue;
        }
        let kind = file
            .get("kind")
            .and_then(|k| k.as_str())
            .and_then(PolicyKind::parse)
            .unwrap_or_else(|| panic!("{}: bad kind", rule.code));
        let config = match file.get("config") {
            Some(c) => {
                let text = c.to_serde().to_string();
                let parsed = parse_lint_config(&text);
                assert!(!parsed.has_errors(), "{:?}", parsed.diagnostics);
                parsed.config
            }
            None => LintConfig::default(),
        };
        let fail = lint_member(&file, "fail", kind, &config);
        let hits: Vec<_> = fail.iter().filter(|d| d.code == rule.code).collect();
        assert!(
            !hits.is_empty(),
            "{}: `fail` raised {:?}",
            rule.code,
            fail.iter().map(|d| d.code).collect::<Vec<_>>()
        );
        for d in &hits {
            assert_eq!(d.severity, rule.severity, "{}", rule.code);
            assert!(
                d.path.starts_with("/fail/Statement"),
                "{}: path {}",
                rule.code,
                d.path
            );
            assert!(d.hint.is_some(), "{}: no hint", rule.code);
            let span = d.span.unwrap();
            assert!(
                span.start < span.end && (span.end as usize) <= text.len(),
                "{}",
                rule.code
            );
        }
        let pass = lint_member(&file, "pass", kind, &config);
        assert!(
            pass.iter().all(|d| d.code != rule.code),
            "{}: `pass` raised {:?}",
            rule.code,
            pass.iter()
                .filter(|d| d.code == rule.code)
                .map(|d| &d.message)
                .collect::<Vec<_>>()
        );
    }
}

/// Account-wide rules: `fail` and `pass` are whole models, linted with [`lint_model`].
fn model_rule_examples(rule: &Rule, text: &str, file: &json::JsonValue) {
    let member = |name: &str| {
        let span = file.get(name).unwrap().span;
        text.get(span.start as usize..span.end as usize).unwrap()
    };
    let fail_text = member("fail");
    let fail = lint_model(fail_text, &LintConfig::default());
    assert!(
        !fail.iter().any(Diagnostic::is_error),
        "{}: {fail:?}",
        rule.code
    );
    let hits: Vec<_> = fail.iter().filter(|d| d.code == rule.code).collect();
    assert!(!hits.is_empty(), "{}: `fail` raised {fail:?}", rule.code);
    for d in &hits {
        assert_eq!(d.severity, rule.severity, "{}", rule.code);
        assert!(
            d.path.starts_with("/accounts/"),
            "{}: {}",
            rule.code,
            d.path
        );
        assert!(d.hint.is_some(), "{}: no hint", rule.code);
        let span = d.span.unwrap();
        assert!(span.start < span.end && (span.end as usize) <= fail_text.len());
    }
    let pass = lint_model(member("pass"), &LintConfig::default());
    assert!(
        pass.iter().all(|d| d.code != rule.code),
        "{}: `pass` raised {pass:?}",
        rule.code
    );
}

#[test]
fn config_disables_and_relevels() {
    let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObjekt","Resource":"*"}]}"#;
    let default = check_source(text, PolicyKind::Identity, &LintConfig::default());
    let codes: Vec<_> = default.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["missing-sid", "unknown-action"]);
    assert_eq!(
        default[1].hint.as_deref(),
        Some("did you mean `s3:GetObject`?")
    );
    let parsed =
        parse_lint_config(r#"{"disable":["missing-sid"],"severity":{"unknown-action":"error"}}"#);
    let relevelled = check_source(text, PolicyKind::Identity, &parsed.config);
    let got: Vec<_> = relevelled.iter().map(|d| (d.code, d.severity)).collect();
    assert_eq!(got, [("unknown-action", crate::diag::Severity::Error)]);
}

#[test]
fn clean_policy_has_no_findings() {
    let text = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],
        "Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],"Condition":{"StringLike":{"s3:prefix":"home/*"}}}]}"#;
    assert_eq!(
        check_source(text, PolicyKind::Identity, &LintConfig::default()),
        []
    );
}

#[test]
fn third_party_trust_with_external_id_is_not_a_human_trust() {
    let text = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Vendor","Effect":"Allow","Principal":{"AWS":"444455556666"},
        "Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"x1"}}}]}"#;
    let mut config = LintConfig::default();
    config.accounts.insert("111122223333".into());
    assert_eq!(check_source(text, PolicyKind::Trust, &config), []);
    let without = text.replace("sts:ExternalId", "aws:PrincipalTag/x");
    let codes: Vec<_> = check_source(&without, PolicyKind::Trust, &config)
        .iter()
        .map(|d| d.code)
        .collect();
    assert_eq!(
        codes,
        ["third-party-without-external-id", "trust-without-mfa"]
    );
}

#[test]
fn assume_role_is_not_also_a_write_finding() {
    let text = r#"{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":["sts:AssumeRole","iam:PassRole"],"Resource":"*"}]}"#;
    let codes: Vec<_> = check_source(text, PolicyKind::Identity, &LintConfig::default())
        .iter()
        .map(|d| d.code)
        .collect();
    assert_eq!(
        codes,
        ["assume-role-on-any-resource", "passrole-on-any-resource"]
    );
}
