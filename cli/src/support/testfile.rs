//! The access-test file format of `iamsim test` (docs/cli.md): read leniently as JSON, then
//! checked into typed expectations so the runner never deals with half-specified tests.

use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawFile {
    #[serde(rename = "$schema", default)]
    _schema: Option<String>,
    model: Option<String>,
    #[serde(default)]
    context: BTreeMap<String, Value>,
    tests: Vec<RawTest>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawTest {
    name: String,
    principal: Option<String>,
    action: Option<String>,
    resource: Option<String>,
    #[serde(default)]
    context: BTreeMap<String, Value>,
    #[serde(default)]
    mfa: bool,
    expect: Option<Expect>,
    assume: Option<AssumeSpec>,
    only_with_mfa: Option<OnlyWithMfa>,
    none_outside: Option<NoneOutside>,
}

/// The decision a test expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Expect {
    Allowed,
    /// Either kind of deny.
    Denied,
    ExplicitDeny,
    ImplicitDeny,
}

impl Expect {
    pub fn matches(self, decision: iamsim_core::eval::Decision) -> bool {
        use iamsim_core::eval::Decision;
        match self {
            Expect::Allowed => decision == Decision::Allowed,
            Expect::Denied => decision != Decision::Allowed,
            Expect::ExplicitDeny => decision == Decision::ExplicitDeny,
            Expect::ImplicitDeny => decision == Decision::ImplicitDeny,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Expect::Allowed => "allowed",
            Expect::Denied => "denied",
            Expect::ExplicitDeny => "explicitDeny",
            Expect::ImplicitDeny => "implicitDeny",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AssumeSpec {
    /// The caller (omit with `webIdentity`).
    pub principal: Option<String>,
    pub role: String,
    pub external_id: Option<String>,
    #[serde(default)]
    pub mfa: bool,
    pub session_name: Option<String>,
    pub duration_seconds: Option<u32>,
    #[serde(default)]
    pub session_tags: BTreeMap<String, String>,
    #[serde(default)]
    pub transitive_tag_keys: Vec<String>,
    pub source_identity: Option<String>,
    /// AssumeRoleWithWebIdentity through this provider (URL or ARN).
    pub web_identity: Option<String>,
    #[serde(default)]
    pub claims: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct OnlyWithMfa {
    pub principal: String,
    pub role: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct NoneOutside {
    pub accounts: Vec<String>,
    pub action: String,
    pub resource: String,
}

/// What one test asserts.
#[derive(Debug, Clone)]
pub enum Expectation {
    Request {
        principal: String,
        action: String,
        resource: String,
        mfa: bool,
        expect: Expect,
    },
    Assume {
        spec: AssumeSpec,
        expect: Expect,
    },
    OnlyWithMfa(OnlyWithMfa),
    NoneOutside(NoneOutside),
}

#[derive(Debug, Clone)]
pub struct TestCase {
    pub name: String,
    /// The file's context with the test's own on top, as key=value pairs.
    pub context: Vec<(String, String)>,
    pub expectation: Expectation,
}

#[derive(Debug, Clone)]
pub struct TestFile {
    pub model: Option<String>,
    pub tests: Vec<TestCase>,
}

/// Context values: a string, a number or boolean (as text), or an array of them (multi-valued).
fn pairs(map: &BTreeMap<String, Value>, out: &mut Vec<(String, String)>) -> Result<(), String> {
    for (key, value) in map {
        out.retain(|(k, _)| !k.eq_ignore_ascii_case(key));
        let values = match value {
            Value::Array(items) => items.clone(),
            other => vec![other.clone()],
        };
        for v in values {
            let text = match v {
                Value::String(s) => s,
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                _ => {
                    return Err(format!(
                        "context key `{key}` must be a string, number, boolean or an array of them"
                    ))
                }
            };
            out.push((key.clone(), text));
        }
    }
    Ok(())
}

/// Parses a test file; the error says which test is malformed and why.
pub fn parse(text: &str) -> Result<TestFile, String> {
    let raw: RawFile = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let mut base = Vec::new();
    pairs(&raw.context, &mut base)?;
    let mut tests = Vec::with_capacity(raw.tests.len());
    for (i, t) in raw.tests.into_iter().enumerate() {
        let at = format!("tests[{i}] `{}`", t.name);
        let mut context = base.clone();
        pairs(&t.context, &mut context).map_err(|e| format!("{at}: {e}"))?;
        let kinds = usize::from(t.action.is_some() || t.principal.is_some())
            + usize::from(t.assume.is_some())
            + usize::from(t.only_with_mfa.is_some())
            + usize::from(t.none_outside.is_some());
        if kinds != 1 {
            return Err(format!("{at}: give exactly one of principal/action/resource, assume, onlyWithMfa, noneOutside"));
        }
        let expectation = if let Some(spec) = t.assume {
            let expect = t
                .expect
                .ok_or_else(|| format!("{at}: `assume` needs `expect`"))?;
            if spec.principal.is_none() == spec.web_identity.is_none() {
                return Err(format!(
                    "{at}: `assume` needs exactly one of `principal` and `webIdentity`"
                ));
            }
            Expectation::Assume { spec, expect }
        } else if let Some(o) = t.only_with_mfa {
            Expectation::OnlyWithMfa(o)
        } else if let Some(n) = t.none_outside {
            Expectation::NoneOutside(n)
        } else {
            match (t.principal, t.action, t.resource, t.expect) {
                (Some(principal), Some(action), Some(resource), Some(expect)) => {
                    Expectation::Request {
                        principal,
                        action,
                        resource,
                        mfa: t.mfa,
                        expect,
                    }
                }
                _ => {
                    return Err(format!(
                        "{at}: a request test needs principal, action, resource and expect"
                    ))
                }
            }
        };
        tests.push(TestCase {
            name: t.name,
            context,
            expectation,
        });
    }
    Ok(TestFile {
        model: raw.model,
        tests,
    })
}
