//! Access-test files (`iamsim test`, docs/cli.md): expectations about an organization, read with
//! the question reader so every problem is located (code, JSON path, line:column, hint) and each
//! test becomes a typed question of this layer — the runner only asks and compares.

use super::assume::{AssumeCaller, AssumeQuestion};
use super::check::CheckAnswer;
use super::question::{CheckQuestion, Given, QuestionReader};
use crate::context::Context;
use crate::diag::Diagnostic;
use crate::eval::Decision;
use crate::json::{self, JsonKind, JsonValue};
use crate::model::read::{idx, key};
use crate::partial::{ConditionView, Outcome};

/// The decision a test expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// The request is allowed.
    Allowed,
    /// Either kind of deny.
    Denied,
    /// An explicit Deny decides the request.
    ExplicitDeny,
    /// No statement allows the request (and none denies it explicitly).
    ImplicitDeny,
    /// Allowed for some values of the unknown keys and denied for others (with `condition`:
    /// exactly under that formula).
    Conditional,
}

impl Expect {
    const NAMES: [(&'static str, Expect); 5] = [
        ("allowed", Expect::Allowed),
        ("denied", Expect::Denied),
        ("explicitDeny", Expect::ExplicitDeny),
        ("implicitDeny", Expect::ImplicitDeny),
        ("conditional", Expect::Conditional),
    ];

    /// Whether `decision` is what the test expects (a concrete decision is never conditional).
    pub fn matches(self, decision: Decision) -> bool {
        match self {
            Expect::Allowed => decision == Decision::Allowed,
            Expect::Denied => decision != Decision::Allowed,
            Expect::ExplicitDeny => decision == Decision::ExplicitDeny,
            Expect::ImplicitDeny => decision == Decision::ImplicitDeny,
            Expect::Conditional => false,
        }
    }

    /// Whether a conditional answer is what the test expects: `allowed` / `denied` then mean
    /// "whatever the unknown keys hold".
    pub(crate) fn matches_condition(self, view: &ConditionView) -> bool {
        match (self, view.outcome) {
            (Expect::Allowed, Outcome::Allowed) | (Expect::Denied, Outcome::Denied) => true,
            (Expect::ExplicitDeny, Outcome::Denied) => view.explicit == Some(true),
            (Expect::ImplicitDeny, Outcome::Denied) => view.explicit != Some(true),
            (Expect::Conditional, Outcome::Conditional) => true,
            _ => false,
        }
    }

    /// The name as written in test files.
    pub fn as_str(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(_, e)| *e == self)
            .map_or("allowed", |(n, _)| n)
    }
}

/// What one test asserts, as questions of the query layer.
#[derive(Debug, Clone)]
pub enum Expectation {
    /// A request by an identity decides as expected; with unknown keys (`unknown`, or `expect:
    /// "conditional"`), whatever they hold, or exactly under `condition` (the formula's text).
    Check {
        /// The request, asked as `check` asks it.
        question: CheckQuestion,
        /// The decision (or outcome, with unknown keys) the test expects.
        expect: Expect,
        /// With `expect: "conditional"`: the formula's text the answer must have exactly.
        condition: Option<String>,
    },
    /// A role assumption decides as expected.
    Assume {
        /// The assumption, asked as `assume` asks it.
        question: AssumeQuestion,
        /// The decision the test expects.
        expect: Expect,
    },
    /// The assumption is allowed with MFA and denied without (`question.given.mfa` is set by the
    /// runner for each of the two).
    OnlyWithMfa {
        /// The assumption to ask twice.
        question: AssumeQuestion,
    },
    /// who-can (with MFA) finds nobody outside `accounts`.
    NoneOutside {
        /// The account IDs allowed to reach the resource (the organization's own, typically).
        accounts: Vec<String>,
        /// The action who-can asks about.
        action: String,
        /// The resource ARN who-can asks about.
        resource: String,
        /// Context keys the file or the test gives, on top of what iamsim assumes.
        context: Context,
    },
}

/// One test of a file.
#[derive(Debug, Clone)]
pub struct AccessTest {
    /// The test's name, as reported (unique within the file).
    pub name: String,
    /// What the test asserts.
    pub expectation: Expectation,
}

/// A whole test file.
#[derive(Debug, Clone)]
pub struct AccessTestFile {
    /// The model's path, relative to the test file (`None`: the example organization).
    pub model: Option<String>,
    /// The tests, in file order.
    pub tests: Vec<AccessTest>,
}

const FILE: [&str; 3] = ["model", "context", "tests"];
const TEST: [&str; 12] = [
    "name",
    "principal",
    "action",
    "resource",
    "context",
    "mfa",
    "expect",
    "unknown",
    "condition",
    "assume",
    "onlyWithMfa",
    "noneOutside",
];
/// The assume question's fields, and `claims` beside a `webIdentity` given as a string.
fn assume_spec_fields() -> Vec<&'static str> {
    super::question::ASSUME
        .iter()
        .copied()
        .chain(["claims"])
        .collect()
}
const ONLY_WITH_MFA: [&str; 2] = ["principal", "role"];
const NONE_OUTSIDE: [&str; 3] = ["accounts", "action", "resource"];

/// Reads a test file; every problem is located in `text`.
pub fn read_access_tests(
    text: &str,
    limits: &crate::limits::Limits,
) -> Result<AccessTestFile, Vec<Diagnostic>> {
    let root =
        json::parse(text, limits.json()).map_err(|e| vec![Diagnostic::from_json_error(&e, "")])?;
    let mut q = QuestionReader::new(limits);
    let file = read_file(&mut q, &root);
    q.finish(file)
}

fn read_file(q: &mut QuestionReader, root: &JsonValue) -> Option<AccessTestFile> {
    q.r.object(root, "", "the test file", &FILE)?;
    let model = q.optional(root, "model");
    let base = q.context(root);
    let tests = match root.get("tests") {
        Some(t) => match &t.kind {
            JsonKind::Array(items) => Some(items),
            _ => {
                q.r.error_hint(
                    "wrong-type",
                    format!("`tests` must be an array, found {}", t.kind_name()),
                    "/tests".into(),
                    t,
                    "write \"tests\": [{\"name\": …}, …]",
                );
                None
            }
        },
        None => {
            q.r.error_hint(
                "missing-field",
                "the test file needs `tests`",
                String::new(),
                root,
                "add \"tests\": [{\"name\": …, \"principal\": …, \"action\": …, \"resource\": …, \"expect\": \"allowed\"}]",
            );
            None
        }
    };
    let base = base.unwrap_or_default();
    let mut out = Vec::new();
    for (i, t) in tests.into_iter().flatten().enumerate() {
        if let Some(test) = read_test(q, t, &idx("/tests", i), &base) {
            out.push(test);
        }
    }
    Some(AccessTestFile {
        model: model?,
        tests: out,
    })
}

/// Reads with the question reader at `path`: its diagnostics name paths from the value it reads,
/// so they are moved under `path` (spans are in the file already).
fn at<T>(
    q: &mut QuestionReader,
    path: &str,
    read: impl FnOnce(&mut QuestionReader) -> Option<T>,
) -> Option<T> {
    let before = q.r.diags.len();
    let value = read(q);
    for d in q.r.diags.iter_mut().skip(before) {
        d.path = format!("{path}{}", d.path);
    }
    value
}

/// `context` of `v` over the file's (the test's own keys win).
fn merged(q: &mut QuestionReader, v: &JsonValue, path: &str, base: &Context) -> Option<Context> {
    let own = at(q, path, |q| q.context(v))?;
    let mut context = base.clone();
    for e in own.entries() {
        context.insert(&e.key, e.values.clone());
    }
    Some(context)
}

fn read_test(
    q: &mut QuestionReader,
    t: &JsonValue,
    path: &str,
    base: &Context,
) -> Option<AccessTest> {
    q.r.object(t, path, "a test", &TEST)?;
    let name = q.required(t, "name", path);
    let context = merged(q, t, path, base);
    let mfa = q.boolean(t, "mfa", path);
    let kinds = [
        t.get("principal").is_some() || t.get("action").is_some(),
        t.get("assume").is_some(),
        t.get("onlyWithMfa").is_some(),
        t.get("noneOutside").is_some(),
    ];
    if kinds.iter().filter(|k| **k).count() != 1 {
        q.r.error_hint(
            "invalid-test",
            "a test is one of: a request (principal, action, resource, expect), `assume`, `onlyWithMfa` or `noneOutside`",
            path.to_owned(),
            t,
            "give exactly one kind of expectation per test",
        );
        return None;
    }
    let context = context?;
    let expectation = if let Some(spec) = t.get("assume") {
        let expect = expect(q, t, path, true)?;
        let question = assume_spec(q, spec, &key(path, "assume"), &context, mfa?)?;
        Expectation::Assume {
            question,
            expect: expect?,
        }
    } else if let Some(o) = t.get("onlyWithMfa") {
        expect(q, t, path, false)?;
        let opath = key(path, "onlyWithMfa");
        q.r.object(o, &opath, "`onlyWithMfa`", &ONLY_WITH_MFA)?;
        let principal = q.required(o, "principal", &opath);
        let role = q.required(o, "role", &opath);
        Expectation::OnlyWithMfa {
            question: AssumeQuestion::new(
                AssumeCaller::Identity(principal?),
                role?,
                Given { mfa: true, context },
            ),
        }
    } else if let Some(n) = t.get("noneOutside") {
        expect(q, t, path, false)?;
        let npath = key(path, "noneOutside");
        q.r.object(n, &npath, "`noneOutside`", &NONE_OUTSIDE)?;
        let accounts: Vec<String> = {
            let before = q.r.diags.len();
            let list: Vec<String> =
                q.r.strings(n, "accounts", &npath)
                    .into_iter()
                    .map(|(a, _)| a)
                    .collect();
            (q.r.diags.len() == before).then_some(list)?
        };
        let action = q.required(n, "action", &npath);
        let resource = q.required(n, "resource", &npath);
        Expectation::NoneOutside {
            accounts,
            action: action?,
            resource: resource?,
            context,
        }
    } else {
        let principal = q.required(t, "principal", path);
        let action = q.required(t, "action", path);
        let resource = q.required(t, "resource", path);
        let expect = expect(q, t, path, true)?;
        let unknown = at(q, path, |q| q.unknown(t));
        let condition = q.optional(t, "condition");
        let (expect, mut unknown, condition) = (expect?, unknown?, condition?);
        if condition.is_some() && expect != Expect::Conditional {
            let at_condition = t.get("condition").unwrap_or(t);
            q.r.error_hint(
                "invalid-test",
                "`condition` is the formula of a conditional answer: it goes with \"expect\": \"conditional\"",
                key(path, "condition"),
                at_condition,
                "write \"expect\": \"conditional\", or remove `condition`",
            );
            return None;
        }
        // A conditional expectation is about the keys the request does not fix, unless the
        // test names the keys.
        if expect == Expect::Conditional && unknown.is_empty() {
            unknown.push("*".to_owned());
        }
        Expectation::Check {
            question: CheckQuestion {
                principal: principal?,
                action: action?,
                resource: resource?,
                given: Given { mfa: mfa?, context },
                explain: false,
                unknown,
            },
            expect,
            condition,
        }
    };
    Some(AccessTest {
        name: name?,
        expectation,
    })
}

/// `expect`: required for requests and assumptions, refused for the other kinds (they say
/// what they expect by their kind). The outer `Option` is `None` on an error.
fn expect(
    q: &mut QuestionReader,
    t: &JsonValue,
    path: &str,
    wanted: bool,
) -> Option<Option<Expect>> {
    let names: Vec<&str> = Expect::NAMES.iter().map(|(n, _)| *n).collect();
    match (t.get("expect"), wanted) {
        (None, true) => {
            q.r.error_hint(
                "missing-field",
                "the test needs `expect`",
                path.to_owned(),
                t,
                format!("add \"expect\": one of {}", names.join(", ")),
            );
            None
        }
        (None, false) => Some(None),
        (Some(e), false) => {
            q.r.error_hint(
                "unknown-field",
                "`expect` is not used by `onlyWithMfa` or `noneOutside` (the kind says what is expected)",
                key(path, "expect"),
                e,
                "remove `expect`",
            );
            None
        }
        (Some(e), true) => {
            let found = e
                .as_str()
                .and_then(|s| Expect::NAMES.iter().find(|(n, _)| *n == s))
                .map(|(_, x)| *x);
            if found.is_none() {
                let hint = match e
                    .as_str()
                    .and_then(|s| crate::diag::did_you_mean(s, names.iter().copied()))
                {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("one of {}", names.join(", ")),
                };
                q.r.error_hint(
                    if matches!(e.kind, JsonKind::String(_)) {
                        "invalid-expect"
                    } else {
                        "wrong-type"
                    },
                    format!("`expect` must be one of {}", names.join(", ")),
                    key(path, "expect"),
                    e,
                    hint,
                );
            }
            found.map(Some)
        }
    }
}

/// An `assume` spec: the assume question's fields (docs/questions.md), where `webIdentity` may
/// also be the provider as a string with the token's `claims` beside it (the older form).
fn assume_spec(
    q: &mut QuestionReader,
    spec: &JsonValue,
    path: &str,
    context: &Context,
    test_mfa: bool,
) -> Option<AssumeQuestion> {
    q.r.object(spec, path, "`assume`", &assume_spec_fields())?;
    let legacy_web = spec.get("webIdentity").and_then(JsonValue::as_str);
    let mut question = match legacy_web {
        Some(provider) => {
            let claims = match spec.get("claims") {
                None => Some(Vec::new()),
                Some(_) => {
                    let before = q.r.diags.len();
                    let tags = q.r.tags_field(spec, "claims", path);
                    (q.r.diags.len() == before).then_some(tags)
                }
            };
            let mut base = at(q, path, |q| {
                q.assume_fields(
                    spec,
                    AssumeCaller::WebIdentity {
                        provider: provider.to_owned(),
                        claims: Vec::new(),
                    },
                )
            })?;
            if let AssumeCaller::WebIdentity { claims: c, .. } = &mut base.caller {
                *c = claims?;
            }
            base
        }
        None => {
            if let Some(c) = spec.get("claims") {
                q.r.error_hint(
                    "unknown-field",
                    "`claims` goes with `webIdentity` given as a provider string",
                    key(path, "claims"),
                    c,
                    "write \"webIdentity\": {\"provider\": …, \"claims\": {…}}",
                );
                return None;
            }
            at(q, path, |q| q.assume_body(spec))?
        }
    };
    // The test's context under the spec's own; MFA from either.
    let mut merged = context.clone();
    for e in question.given.context.entries() {
        merged.insert(&e.key, e.values.clone());
    }
    question.given.context = merged;
    question.given.mfa |= test_mfa;
    Some(question)
}

/// Whether a check answer meets a test's expectation: `None` when it does, the reason when it
/// does not (what was expected, what came, why — with the near misses of a denial, or the
/// formula of a conditional answer).
pub fn judge_check(
    expect: Expect,
    condition: Option<&str>,
    answer: &CheckAnswer,
) -> Option<String> {
    if let Some(view) = &answer.condition {
        let shape_holds = expect.matches_condition(view);
        let formula_holds = condition.is_none_or(|want| same_formula(want, &view.text));
        if shape_holds && formula_holds {
            return None;
        }
        let keys = if view.unknown.iter().any(|k| k == "*") {
            "every key the request does not fix".to_owned()
        } else {
            view.unknown.join(", ")
        };
        let got = match view.outcome {
            Outcome::Allowed => "allowed whatever they hold".to_owned(),
            Outcome::Denied if view.explicit == Some(true) => {
                "denied whatever they hold (an explicit Deny)".to_owned()
            }
            Outcome::Denied => "denied whatever they hold".to_owned(),
            Outcome::Conditional => format!("allowed only if {}", view.text),
        };
        let wanted = match (expect, condition) {
            (Expect::Conditional, Some(want)) => format!("allowed only if {want}"),
            (Expect::Conditional, None) => "allowed for some values and denied for others".into(),
            (e, _) => format!("{} whatever they hold", e.as_str()),
        };
        return Some(format!("with {keys} unknown: expected {wanted}, got {got}"));
    }
    let d = answer.decision;
    if expect.matches(d) {
        return None;
    }
    let mut why = format!(
        "expected {}, got {}: {}",
        expect.as_str(),
        d.as_str(),
        answer.reason.clone().unwrap_or_default()
    );
    for miss in &answer.near_misses {
        why.push_str(&format!("\n{}", miss.sentence()));
    }
    Some(why)
}

/// Formulas compared as sentences, ignoring runs of whitespace.
fn same_formula(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<AccessTestFile, Vec<Diagnostic>> {
        read_access_tests(text, &crate::limits::Limits::default())
    }

    #[test]
    fn tests_become_questions_with_the_files_context_under_their_own() {
        let file = read(
            r#"{"model": "org.json", "context": {"aws:SourceIp": "10.0.0.1", "aws:RequestedRegion": "eu-west-1"},
               "tests": [
                 {"name": "r", "principal": "alice", "action": "s3:GetObject", "resource": "*", "expect": "denied",
                  "mfa": true, "context": {"aws:SourceIp": "203.0.113.9"}},
                 {"name": "gh", "assume": {"webIdentity": "token.actions.githubusercontent.com", "role": "GitHubDeploy",
                  "claims": {"token.actions.githubusercontent.com:sub": "repo:acme/app:ref:refs/heads/main"}}, "expect": "allowed"},
                 {"name": "gh2", "assume": {"webIdentity": {"provider": "token.actions.githubusercontent.com", "claims": {"k": "v"}}, "role": "R"}, "expect": "allowed"},
                 {"name": "mfa", "onlyWithMfa": {"principal": "alice", "role": "Deploy"}},
                 {"name": "out", "noneOutside": {"accounts": ["111111111111"], "action": "s3:GetObject", "resource": "*"}}
               ]}"#,
        )
        .unwrap();
        assert_eq!(file.model.as_deref(), Some("org.json"));
        assert_eq!(file.tests.len(), 5);
        let Expectation::Check {
            question,
            expect,
            condition: None,
        } = &file.tests[0].expectation
        else {
            panic!("not a check")
        };
        assert_eq!(*expect, Expect::Denied);
        assert!(question.given.mfa);
        assert_eq!(
            question.given.context.single("aws:SourceIp"),
            Some("203.0.113.9")
        );
        assert_eq!(
            question.given.context.single("aws:RequestedRegion"),
            Some("eu-west-1")
        );
        for i in [1, 2] {
            let Expectation::Assume { question, .. } = &file.tests[i].expectation else {
                panic!("not an assume")
            };
            assert!(
                matches!(&question.caller, AssumeCaller::WebIdentity { claims, .. } if claims.len() == 1)
            );
            assert_eq!(
                question.given.context.single("aws:SourceIp"),
                Some("10.0.0.1")
            );
        }
        let Expectation::OnlyWithMfa { question } = &file.tests[3].expectation else {
            panic!("not onlyWithMfa")
        };
        assert!(question.given.mfa);
        assert!(matches!(
            file.tests[4].expectation,
            Expectation::NoneOutside { .. }
        ));
    }

    #[test]
    fn every_problem_is_located() {
        let errors = read(r#"{"tests": [{"name": "x", "principal": "a", "assume": {"role": "R"}, "expect": "allowed"},
            {"name": 5, "principal": "a", "action": "s3:GetObject", "resource": "*"},
            {"name": "y", "onlyWithMfa": {"principal": "a", "role": "R"}, "expect": "allowed"}]}"#)
        .unwrap_err();
        let got: Vec<(&str, &str)> = errors.iter().map(|d| (d.code, d.path.as_str())).collect();
        assert_eq!(
            got,
            [
                ("invalid-test", "/tests/0"),
                ("wrong-type", "/tests/1/name"),
                ("missing-field", "/tests/1"),
                ("unknown-field", "/tests/2/expect"),
            ]
        );
        assert!(errors.iter().all(|d| d.span.is_some()));
    }
}
