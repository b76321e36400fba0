//! The scalar fields of a scenario: strings, the principal, the action and the expectation. Each is
//! of exactly the type docs/scenario.md gives it; `null` only where documented (`principal`,
//! `resourceAccount`), anything else an error at its location.

use super::{path_of, ScenarioReader};
use crate::diag::{did_you_mean, Diagnostic};
use crate::eval::Decision;
use crate::json::{JsonKind, JsonValue, Span};
use crate::request::{Action, Principal};

/// Whether `null` is a documented value of a field (meaning: absent).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Null {
    Allowed,
    Refused,
}

const DECISIONS: [&str; 3] = ["Allowed", "ExplicitDeny", "ImplicitDeny"];

impl ScenarioReader<'_> {
    /// A string field, absent (or `null` where allowed) as `None`.
    pub(super) fn optional_string(
        &mut self,
        value: &JsonValue,
        field: &str,
        null: Null,
    ) -> Option<(String, Span)> {
        let v = value.get(field)?;
        match &v.kind {
            JsonKind::String(s) => Some((s.to_string(), v.span)),
            JsonKind::Null if null == Null::Allowed => None,
            _ => {
                let hint = if null == Null::Allowed {
                    "give a JSON string, or null for none"
                } else {
                    "give a JSON string, or leave the field out"
                };
                self.error(
                    Diagnostic::error(
                        "wrong-type",
                        format!("`{field}` must be a string, found {}", v.kind_name()),
                        path_of(field),
                        v.span,
                    )
                    .with_hint(hint),
                );
                None
            }
        }
    }

    /// A string field the scenario cannot do without.
    pub(super) fn required_string(
        &mut self,
        value: &JsonValue,
        field: &str,
    ) -> Option<(String, Span)> {
        if value.get(field).is_none() {
            self.error(Diagnostic::error(
                "missing-field",
                format!("the scenario has no `{field}`"),
                "",
                value.span,
            ));
            return None;
        }
        self.optional_string(value, field, Null::Refused)
    }

    /// `resourceAccount`: a 12-digit account id, or `null`.
    pub(super) fn resource_account(&mut self, value: &JsonValue) -> Option<(String, Span)> {
        let (account, span) = self.optional_string(value, "resourceAccount", Null::Allowed)?;
        if !crate::arn::is_account_id(&account) {
            self.error(
                Diagnostic::error(
                    "invalid-account",
                    format!("`{account}` is not a 12-digit account id"),
                    "/resourceAccount",
                    span,
                )
                .with_hint("e.g. \"222222222222\" (leading zeros included)"),
            );
            return None;
        }
        Some((account, span))
    }

    /// `federatedFrom`: the ARN of an IAM user.
    pub(super) fn federated_from(&mut self, value: &JsonValue) -> Option<(String, Span)> {
        let (user, span) = self.optional_string(value, "federatedFrom", Null::Refused)?;
        let is_user = crate::arn::Arn::parse(&user).is_some_and(|arn| {
            arn.service == "iam"
                && crate::arn::is_account_id(arn.account)
                && arn.resource.starts_with("user/")
        });
        if !is_user {
            self.error(
                Diagnostic::error(
                    "invalid-federated-from",
                    format!("`{user}` is not the ARN of an IAM user"),
                    "/federatedFrom",
                    span,
                )
                .with_hint("e.g. \"arn:aws:iam::111111111111:user/alice\""),
            );
            return None;
        }
        Some((user, span))
    }

    /// `expect`: one of the three decisions.
    pub(super) fn expect(&mut self, value: &JsonValue) -> Option<Decision> {
        let v = value.get("expect")?;
        let Some(text) = v.as_str() else {
            self.error(
                Diagnostic::error(
                    "wrong-type",
                    format!("`expect` must be a string, found {}", v.kind_name()),
                    "/expect",
                    v.span,
                )
                .with_hint("\"Allowed\", \"ExplicitDeny\" or \"ImplicitDeny\", or leave it out"),
            );
            return None;
        };
        let decision = Decision::parse(text);
        if decision.is_none() {
            let hint = match did_you_mean(text, DECISIONS) {
                Some(s) => format!("did you mean `{s}`?"),
                None => "the decisions are Allowed, ExplicitDeny and ImplicitDeny".into(),
            };
            self.error(
                Diagnostic::error(
                    "invalid-expect",
                    "`expect` must be \"Allowed\", \"ExplicitDeny\" or \"ImplicitDeny\"",
                    "/expect",
                    v.span,
                )
                .with_hint(hint),
            );
        }
        decision
    }

    /// `action`: `service:Action`.
    pub(super) fn action(&mut self, value: &JsonValue) -> Option<Action> {
        let (text, span) = self.required_string(value, "action")?;
        let action = Action::parse(&text);
        if action.is_none() {
            self.error(
                Diagnostic::error(
                    "invalid-action",
                    format!("`{text}` is not of the form `service:Action`"),
                    "/action",
                    span,
                )
                .with_hint("e.g. `s3:GetObject`"),
            );
        }
        action
    }

    /// `principal`: an ARN or service name, or `null` for an anonymous caller. `principal_arn` is
    /// the context's `aws:PrincipalArn`, if given (an assumed role's path).
    pub(super) fn principal(
        &mut self,
        value: &JsonValue,
        principal_arn: Option<&str>,
    ) -> Option<Principal> {
        let Some(v) = value.get("principal") else {
            self.error(Diagnostic::error(
                "missing-field",
                "the scenario has no `principal` (use null for an anonymous caller)",
                "",
                value.span,
            ));
            return None;
        };
        match &v.kind {
            JsonKind::Null => Some(Principal::anonymous()),
            JsonKind::String(s) => match Principal::parse(s, principal_arn) {
                Ok(p) => Some(p),
                Err(e) => {
                    self.error(
                        Diagnostic::error("invalid-principal", e.message, "/principal", v.span)
                            .with_hint(e.hint),
                    );
                    None
                }
            },
            _ => {
                self.error(
                    Diagnostic::error(
                        "wrong-type",
                        format!(
                            "`principal` must be a string or null, found {}",
                            v.kind_name()
                        ),
                        "/principal",
                        v.span,
                    )
                    .with_hint(
                        "give the caller's ARN as a string, or null for an anonymous caller",
                    ),
                );
                None
            }
        }
    }
}
