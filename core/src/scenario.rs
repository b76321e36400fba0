//! The self-contained scenario: one JSON object carrying a whole authorization question
//! (docs/scenario.md). Reading one validates every policy in it with its location.

use crate::compile::cache::{self, PolicyKey};
use crate::compile::{compile_policy, CompiledPolicy, PolicySource};
use crate::context::{Context, ContextValue, ContextValues};
use crate::diag::{did_you_mean, Diagnostic};
use crate::eval::{CallerPolicies, Decision, ResourcePolicies};
use crate::json::{child_pointer, index_pointer, JsonKind, JsonValue};
use crate::limits::Limits;
use crate::policy::{parse_policy_value_with, validate_policy, PolicyKind};
use crate::request::{Action, Principal, Request, Resource};
use std::sync::Arc;

/// The fields that carry policies: a JSON object with any of them is a self-contained scenario
/// (`iamsim batch` tells scenario lines from request lines by them).
pub const POLICY_FIELDS: [&str; 6] = [
    "identityPolicies",
    "resourcePolicy",
    "permissionBoundary",
    "sessionPolicy",
    "scps",
    "rcps",
];

const FIELDS: [&str; 15] = [
    "id",
    "principal",
    "federatedFrom",
    "action",
    "resource",
    "resourceAccount",
    "context",
    "identityPolicies",
    "resourcePolicy",
    "permissionBoundary",
    "sessionPolicy",
    "scps",
    "rcps",
    "expect",
    "why",
];

/// A scenario ready to decide.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub id: Option<String>,
    pub request: Request,
    pub caller: CallerPolicies,
    pub resource: ResourcePolicies,
    pub expect: Option<Decision>,
    pub why: Option<String>,
}

/// Reads a scenario from its JSON tree. `source` is the text the spans point into (for size
/// limits). On failure, every error found is returned (warnings are dropped).
pub fn read_scenario(value: &JsonValue, source: &str) -> Result<Scenario, Vec<Diagnostic>> {
    read_scenario_with(value, source, &Limits::default())
}

/// [`read_scenario`] within the given limits (statements per policy).
pub fn read_scenario_with(
    value: &JsonValue,
    source: &str,
    limits: &Limits,
) -> Result<Scenario, Vec<Diagnostic>> {
    let mut r = ScenarioReader {
        source,
        errors: Vec::new(),
        limits,
    };
    let scenario = r.scenario(value);
    match scenario {
        Some(s) if r.errors.is_empty() => Ok(s),
        _ => Err(r.errors),
    }
}

/// The `id` of a scenario object, if it has a string one (for error results).
pub fn scenario_id(value: &JsonValue) -> Option<String> {
    value
        .get("id")
        .and_then(JsonValue::as_str)
        .map(str::to_owned)
}

struct ScenarioReader<'s> {
    source: &'s str,
    errors: Vec<Diagnostic>,
    limits: &'s Limits,
}

/// How traces name a policy of a list: `identityPolicies[2]`, `scps[1][0]`. Without `format!`,
/// whose machinery costs more than the rest of naming the policy.
fn label(field: &str, indexes: &[usize]) -> String {
    let mut out = String::with_capacity(field.len() + 4 * indexes.len());
    out.push_str(field);
    for &i in indexes {
        out.push('[');
        crate::json::push_decimal(&mut out, i);
        out.push(']');
    }
    out
}

fn path_of(field: &str) -> String {
    child_pointer("", field)
}

impl ScenarioReader<'_> {
    fn error(&mut self, d: Diagnostic) {
        self.errors.push(d);
    }

    fn scenario(&mut self, value: &JsonValue) -> Option<Scenario> {
        let Some(members) = value.as_object() else {
            self.error(Diagnostic::error(
                "wrong-type",
                format!(
                    "a scenario must be a JSON object, found {}",
                    value.kind_name()
                ),
                "",
                value.span,
            ));
            return None;
        };
        for (i, (key, _)) in members.iter().enumerate() {
            if members.iter().take(i).any(|(k, _)| k.text == key.text) {
                self.error(Diagnostic::error(
                    "duplicate-key",
                    format!("`{}` appears more than once in the scenario", key.text),
                    path_of(&key.text),
                    key.span,
                ));
            } else if !FIELDS.contains(&key.text.as_ref()) && !key.text.starts_with("x-") {
                let hint = match did_you_mean(&key.text, FIELDS) {
                    Some(s) => {
                        format!("did you mean `{s}`? (fields of your own go in the `x-` namespace)")
                    }
                    None => "fields of your own go in the `x-` namespace, e.g. `x-note`".into(),
                };
                self.error(
                    Diagnostic::error(
                        "unknown-field",
                        format!("`{}` is not a scenario field", key.text),
                        path_of(&key.text),
                        key.span,
                    )
                    .with_hint(hint),
                );
            }
        }
        let id = self.optional_string(value, "id");
        let why = self.optional_string(value, "why");
        let action_text = self.required_string(value, "action");
        let resource_text = self.required_string(value, "resource");
        let resource_account = self.optional_string(value, "resourceAccount");
        let context = self.context(value);
        let expect = value
            .get("expect")
            .and_then(|v| match v.as_str().and_then(Decision::parse) {
                Some(d) => Some(d),
                None => {
                    self.error(Diagnostic::error(
                        "invalid-expect",
                        "`expect` must be \"Allowed\", \"ExplicitDeny\" or \"ImplicitDeny\"",
                        "/expect",
                        v.span,
                    ));
                    None
                }
            });
        let action = action_text
            .as_ref()
            .and_then(|(text, span)| match Action::parse(text) {
                Some(a) => Some(a),
                None => {
                    self.error(
                        Diagnostic::error(
                            "invalid-action",
                            format!("`{text}` is not of the form `service:Action`"),
                            "/action",
                            *span,
                        )
                        .with_hint("e.g. `s3:GetObject`"),
                    );
                    None
                }
            });
        let principal = match value.get("principal") {
            None => {
                self.error(Diagnostic::error(
                    "missing-field",
                    "the scenario has no `principal` (use null for an anonymous caller)",
                    "",
                    value.span,
                ));
                None
            }
            Some(v) => match &v.kind {
                JsonKind::Null => Some(Principal::anonymous()),
                JsonKind::String(s) => {
                    let given = context.as_ref().and_then(|c| c.single("aws:PrincipalArn"));
                    match Principal::parse(s, given) {
                        Ok(p) => Some(p),
                        Err(e) => {
                            self.error(
                                Diagnostic::error(
                                    "invalid-principal",
                                    e.message,
                                    "/principal",
                                    v.span,
                                )
                                .with_hint(e.hint),
                            );
                            None
                        }
                    }
                }
                _ => {
                    self.error(Diagnostic::error(
                        "wrong-type",
                        format!(
                            "`principal` must be a string or null, found {}",
                            v.kind_name()
                        ),
                        "/principal",
                        v.span,
                    ));
                    None
                }
            },
        };
        let federated_from = self.optional_string(value, "federatedFrom");
        let principal = match (principal, federated_from) {
            (Some(mut p), Some((user, span))) => {
                if p.kind == crate::request::PrincipalKind::FederatedUser {
                    p.federating_user_arn = Some(user);
                } else {
                    self.error(Diagnostic::error("federated-from-needs-federated-user", "`federatedFrom` applies only to a federated-user principal", "/federatedFrom", span)
                        .with_hint("it names the IAM user who called GetFederationToken for an arn:aws:sts::ACCOUNT:federated-user/NAME principal"));
                }
                Some(p)
            }
            (p, _) => p,
        };
        // An identity provider named like a service (`cognito-identity.amazonaws.com`) is the caller
        // of AssumeRoleWithWebIdentity, not a service principal.
        let principal = principal.map(|mut p| {
            let web_identity = action
                .as_ref()
                .is_some_and(|a| a.service() == "sts" && a.name() == "assumerolewithwebidentity");
            if web_identity && p.kind == crate::request::PrincipalKind::Service {
                p.kind = crate::request::PrincipalKind::WebIdentity;
            }
            p
        });
        let assume = action.as_ref().is_some_and(Action::is_trust_action);
        let identity = self.policy_list(value, "identityPolicies", PolicyKind::Identity);
        let resource_kind = if assume {
            PolicyKind::Trust
        } else {
            PolicyKind::Resource
        };
        let resource_policy = self.optional_policy(value, "resourcePolicy", resource_kind);
        let boundary = self.optional_policy(value, "permissionBoundary", PolicyKind::Boundary);
        let session = self.optional_policy(value, "sessionPolicy", PolicyKind::Session);
        let scps = self.levels(value, "scps", PolicyKind::Scp);
        let rcps = self.levels(value, "rcps", PolicyKind::Rcp);

        let (Some(principal), Some(action), Some((resource_text, _)), Some(context)) =
            (principal, action, resource_text, context)
        else {
            return None;
        };
        let mut request = Request {
            principal,
            action,
            resource: Resource::new(&resource_text),
            resource_account: resource_account.map(|(a, _)| a),
            context,
        };
        request.fill_principal_keys();
        Some(Scenario {
            id: id.map(|(s, _)| s),
            request,
            caller: CallerPolicies {
                identity,
                boundary,
                session,
                scps,
            },
            resource: ResourcePolicies {
                resource: resource_policy,
                rcps,
            },
            expect,
            why: why.map(|(s, _)| s),
        })
    }

    fn optional_string(
        &mut self,
        value: &JsonValue,
        field: &str,
    ) -> Option<(String, crate::json::Span)> {
        let v = value.get(field)?;
        match &v.kind {
            JsonKind::String(s) => Some((s.to_string(), v.span)),
            JsonKind::Null => None,
            _ => {
                self.error(Diagnostic::error(
                    "wrong-type",
                    format!("`{field}` must be a string, found {}", v.kind_name()),
                    path_of(field),
                    v.span,
                ));
                None
            }
        }
    }

    fn required_string(
        &mut self,
        value: &JsonValue,
        field: &str,
    ) -> Option<(String, crate::json::Span)> {
        if value.get(field).is_none() {
            self.error(Diagnostic::error(
                "missing-field",
                format!("the scenario has no `{field}`"),
                "",
                value.span,
            ));
            return None;
        }
        self.optional_string(value, field)
    }

    fn context(&mut self, value: &JsonValue) -> Option<Context> {
        let v = value.get("context");
        // `fill_principal_keys` adds up to four keys later: room for them avoids regrowing.
        let keys = v.and_then(JsonValue::as_object).map_or(0, <[_]>::len);
        let mut context = Context::with_capacity(keys + 4);
        let Some(v) = v else {
            return Some(context);
        };
        if matches!(v.kind, JsonKind::Null) {
            return Some(context);
        }
        let Some(members) = v.as_object() else {
            self.error(Diagnostic::error(
                "wrong-type",
                format!("`context` must be an object, found {}", v.kind_name()),
                "/context",
                v.span,
            ));
            return None;
        };
        let mut ok = true;
        for (i, (key, val)) in members.iter().enumerate() {
            let kpath = child_pointer("/context", &key.text);
            if members
                .iter()
                .take(i)
                .any(|(k, _)| k.text.eq_ignore_ascii_case(&key.text))
            {
                self.error(
                    Diagnostic::error(
                        "duplicate-key",
                        format!("context key `{}` appears more than once", key.text),
                        kpath,
                        key.span,
                    )
                    .with_hint("context keys are case-insensitive"),
                );
                ok = false;
                continue;
            }
            let scalar = |v: &JsonValue| match &v.kind {
                JsonKind::String(s) => Some(s.to_string()),
                JsonKind::Number(n) => Some((*n).to_owned()),
                JsonKind::Bool(b) => Some(b.to_string()),
                _ => None,
            };
            match &val.kind {
                JsonKind::Array(items) => {
                    let mut values = Vec::with_capacity(items.len());
                    for (j, item) in items.iter().enumerate() {
                        match scalar(item) {
                            Some(s) => values.push(ContextValue::new(s)),
                            None => {
                                let ipath = index_pointer(&kpath, j);
                                self.error(Diagnostic::error(
                                    "wrong-type",
                                    format!(
                                        "a context value must be a string, found {}",
                                        item.kind_name()
                                    ),
                                    ipath,
                                    item.span,
                                ));
                                ok = false;
                            }
                        }
                    }
                    context.insert(&key.text, ContextValues::Multi(values));
                }
                _ => {
                    match scalar(val) {
                        Some(s) => {
                            context.insert(&key.text, ContextValues::Single(ContextValue::new(s)))
                        }
                        None => {
                            self.error(Diagnostic::error("wrong-type", format!("a context value must be a string or an array of strings, found {}", val.kind_name()), kpath, val.span));
                            ok = false;
                        }
                    }
                }
            }
        }
        ok.then_some(context)
    }

    fn policy(
        &mut self,
        value: &JsonValue,
        path: &str,
        label: String,
        kind: PolicyKind,
    ) -> Option<Arc<CompiledPolicy>> {
        let key = PolicyKey::of(kind, &label, path, value, self.source, self.limits);
        if let Some(hit) = key.as_ref().and_then(cache::lookup) {
            return Some(hit);
        }
        let parsed = parse_policy_value_with(value, path, self.limits);
        let mut clean = parsed.diagnostics.is_empty();
        let mut errors: Vec<Diagnostic> = parsed
            .diagnostics
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect();
        let policy = parsed.policy?;
        let checks = validate_policy(&policy, kind, Some(self.source), path);
        clean &= checks.is_empty();
        errors.extend(checks.into_iter().filter(Diagnostic::is_error));
        if !errors.is_empty() {
            self.errors.extend(errors);
            return None;
        }
        let compiled = Arc::new(compile_policy(
            &policy,
            PolicySource {
                kind,
                label,
                path: path.to_owned(),
            },
        ));
        let label = &compiled.source.label;
        let key = PolicyKey::of(kind, label, path, value, self.source, self.limits);
        if let Some(key) = key.filter(|_| clean) {
            cache::store(&key, &compiled);
        }
        Some(compiled)
    }

    fn optional_policy(
        &mut self,
        value: &JsonValue,
        field: &str,
        kind: PolicyKind,
    ) -> Option<Arc<CompiledPolicy>> {
        let v = value.get(field)?;
        if matches!(v.kind, JsonKind::Null) {
            return None;
        }
        self.policy(v, &path_of(field), field.to_owned(), kind)
    }

    fn policy_list(
        &mut self,
        value: &JsonValue,
        field: &str,
        kind: PolicyKind,
    ) -> Vec<Arc<CompiledPolicy>> {
        let Some(v) = value.get(field) else {
            return Vec::new();
        };
        if matches!(v.kind, JsonKind::Null) {
            return Vec::new();
        }
        let Some(items) = v.as_array() else {
            self.error(Diagnostic::error(
                "wrong-type",
                format!(
                    "`{field}` must be an array of policy documents, found {}",
                    v.kind_name()
                ),
                path_of(field),
                v.span,
            ));
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let path = index_pointer(&path_of(field), i);
            if let Some(p) = self.policy(item, &path, label(field, &[i]), kind) {
                out.push(p);
            }
        }
        out
    }

    fn levels(
        &mut self,
        value: &JsonValue,
        field: &str,
        kind: PolicyKind,
    ) -> Vec<Vec<Arc<CompiledPolicy>>> {
        let Some(v) = value.get(field) else {
            return Vec::new();
        };
        if matches!(v.kind, JsonKind::Null) {
            return Vec::new();
        }
        let Some(levels) = v.as_array() else {
            self.error(Diagnostic::error(
                "wrong-type",
                format!(
                    "`{field}` must be an array of levels (arrays of policy documents), found {}",
                    v.kind_name()
                ),
                path_of(field),
                v.span,
            ));
            return Vec::new();
        };
        let mut out = Vec::with_capacity(levels.len());
        for (i, level) in levels.iter().enumerate() {
            let lpath = index_pointer(&path_of(field), i);
            let Some(docs) = level.as_array() else {
                self.error(Diagnostic::error("wrong-type", format!("each level of `{field}` must be an array of policy documents, found {}", level.kind_name()), lpath, level.span)
                    .with_hint("levels go from the organization root down to the account: [[root policies], [OU policies], [account policies]]"));
                continue;
            };
            let mut policies = Vec::with_capacity(docs.len());
            for (j, doc) in docs.iter().enumerate() {
                let dpath = index_pointer(&lpath, j);
                if let Some(p) = self.policy(doc, &dpath, label(field, &[i, j]), kind) {
                    policies.push(p);
                }
            }
            out.push(policies);
        }
        out
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_name_list_positions() {
        assert_eq!(label("identityPolicies", &[0]), "identityPolicies[0]");
        assert_eq!(label("scps", &[1, 12]), "scps[1][12]");
        assert_eq!(label("resourcePolicy", &[]), "resourcePolicy");
    }

    #[test]
    fn errors_keep_their_paths() {
        let text = r#"{"principal":null,"action":"s3:GetObject","resource":"*","context":{"a/b":[1,{}]},
            "identityPolicies":[{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}},
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*",7],"Resource":"*"}]}],
            "scps":[[],[{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"maybe"}}}}]]}"#;
        let value = crate::json::parse(text, crate::json::Limits::default()).unwrap();
        let errors = read_scenario(&value, text).unwrap_err();
        let got: Vec<_> = errors.iter().map(|d| (d.code, d.path.as_str())).collect();
        assert_eq!(
            got,
            [
                ("wrong-type", "/context/a~1b/1"),
                ("wrong-type", "/identityPolicies/1/Statement/0/Action/1"),
                (
                    "invalid-condition-value",
                    "/scps/1/0/Statement/Condition/Bool/aws:SecureTransport"
                ),
            ]
        );
    }
}
