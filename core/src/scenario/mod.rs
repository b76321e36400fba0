//! The self-contained scenario: one JSON object carrying a whole authorization question
//! (docs/scenario.md). Reading one validates every policy in it with its location.

mod context;
mod fields;
mod policies;

use crate::diag::{did_you_mean, Diagnostic};
use crate::eval::{CallerPolicies, Decision, ResourcePolicies};
use crate::json::{child_pointer, JsonValue};
use crate::limits::Limits;
use crate::policy::PolicyKind;
use crate::request::{Action, PrincipalKind, Request, Resource};
use fields::Null;

/// The fields that carry policies: a JSON object with any of them is a self-contained scenario
/// (`iamsim batch` tells scenario lines from request lines by them).
pub(crate) const POLICY_FIELDS: [&str; 6] = [
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
    /// The scenario's `id`, when it has one.
    pub id: Option<String>,
    /// The request to decide.
    pub request: Request,
    /// The caller's identity-based, boundary and session policies and its SCPs.
    pub caller: CallerPolicies,
    /// The resource's policy and its RCPs.
    pub resource: ResourcePolicies,
    /// The decision the scenario expects (`expect`), when it states one.
    pub expect: Option<Decision>,
    /// Why that decision (`why`), for people.
    pub why: Option<String>,
}

/// Reads a scenario from its JSON tree. `source` is the text the spans point into (for size
/// limits). On failure, every error found is returned (policy lint warnings are dropped). What
/// makes a valid scenario's answer suspect is `scenario_warnings`.
pub fn read_scenario(value: &JsonValue, source: &str) -> Result<Scenario, Vec<Diagnostic>> {
    read_scenario_with(value, source, &Limits::default())
}

/// [`read_scenario`] within the given limits (statements per policy).
pub(crate) fn read_scenario_with(
    value: &JsonValue,
    source: &str,
    limits: &Limits,
) -> Result<Scenario, Vec<Diagnostic>> {
    let mut r = ScenarioReader {
        source,
        errors: Vec::new(),
        limits,
    };
    match r.scenario(value) {
        Some(s) if r.errors.is_empty() => Ok(s),
        None if r.errors.is_empty() => {
            // Every reader records why it gives up; should one ever not, the scenario is still
            // refused (never decided on a guess), with an error that says so.
            Err(vec![Diagnostic::error(
                "internal",
                "the scenario could not be read",
                "",
                value.span,
            )
            .with_hint("please report this scenario")])
        }
        _ => Err(r.errors),
    }
}

/// The `id` of a scenario object, if it has a string one (for error results).
pub(crate) fn scenario_id(value: &JsonValue) -> Option<String> {
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

fn path_of(field: &str) -> String {
    child_pointer("", field)
}

impl ScenarioReader<'_> {
    fn error(&mut self, d: Diagnostic) {
        self.errors.push(d);
    }

    /// Unknown and duplicate member names of the scenario object.
    fn check_members(&mut self, members: &[(crate::json::JsonKey, JsonValue)]) {
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
    }

    fn scenario(&mut self, value: &JsonValue) -> Option<Scenario> {
        let Some(members) = value.as_object() else {
            self.error(
                Diagnostic::error(
                    "wrong-type",
                    format!(
                        "a scenario must be a JSON object, found {}",
                        value.kind_name()
                    ),
                    "",
                    value.span,
                )
                .with_hint("see docs/scenario.md"),
            );
            return None;
        };
        self.check_members(members);
        let id = self.optional_string(value, "id", Null::Refused);
        let why = self.optional_string(value, "why", Null::Refused);
        let action = self.action(value);
        let resource_text = self.required_string(value, "resource");
        let resource_account = self.resource_account(value);
        let context = self.context(value);
        let expect = self.expect(value);
        let principal_arn = context.as_ref().and_then(|c| c.single("aws:PrincipalArn"));
        let principal = self.principal(value, principal_arn);
        let federated_from = self.federated_from(value);
        let principal = match (principal, federated_from) {
            (Some(mut p), Some((user, span))) => {
                if p.kind == PrincipalKind::FederatedUser {
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
            if web_identity && p.kind == PrincipalKind::Service {
                p.kind = PrincipalKind::WebIdentity;
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
}

#[cfg(test)]
mod tests {
    use super::*;

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
