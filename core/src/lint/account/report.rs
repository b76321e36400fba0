//! Turning grants (a statement that lets an outsider in) into findings: one per statement and kind
//! of outsider, the broadest first.

use super::probe::Who;
use super::scope::Scope;
use crate::diag::Diagnostic;
use crate::json::Span;
use crate::lint::rules::{
    Rule, EXTERNAL_ACCOUNT_ACCESS, PUBLIC_ACCESS, SERVICE_ACCESS_ANY_ACCOUNT,
};
use crate::lint::support::name_some;

/// What outsiders get into.
pub(super) enum Subject<'a> {
    /// A role, by ARN: outsiders assume it.
    Role(&'a str),
    /// A resource, by ARN: outsiders call actions on it.
    Resource(&'a str),
}

/// One statement that lets one kind of outsider in.
pub(super) struct Grant {
    pub path: String,
    pub span: Span,
    pub sid: Option<String>,
    pub who: Who,
    /// For roles: the ExternalId the caller had to pass (none: it needs none).
    pub external_id: Option<String>,
    /// For resources: the actions it may call, in the order found.
    pub actions: Vec<String>,
}

impl Grant {
    fn statement(&self) -> String {
        match &self.sid {
            Some(sid) => format!("statement `{sid}`"),
            None => "this statement".into(),
        }
    }

    /// "assume role `arn` without an ExternalId" / "call `s3:GetObject` on `arn`".
    fn access(&self, subject: &Subject<'_>) -> String {
        match subject {
            Subject::Role(arn) => match &self.external_id {
                Some(id) => format!(
                    "assume role `{arn}` when it passes the ExternalId `{id}` (not a secret)"
                ),
                None => format!("assume role `{arn}` without an ExternalId"),
            },
            Subject::Resource(arn) => format!("call {} on `{arn}`", name_some(&self.actions)),
        }
    }

    fn finding(&self, rule: &Rule, message: String) -> Diagnostic {
        let d = rule.at(message, self.path.clone(), self.span);
        match &self.external_id {
            // Asking for an ExternalId that is already required would be no advice.
            Some(id) if rule.code == EXTERNAL_ACCOUNT_ACCESS.code => d.with_hint(format!(
                "the account passes the ExternalId `{id}` the trust policy requires: make sure it is a trusted third party, or remove it"
            )),
            _ => d.with_hint(rule.help),
        }
    }
}

/// One finding per statement and kind of outsider; public access hides the narrower ones.
pub(super) fn report(
    grants: &[Grant],
    scope: &Scope,
    subject: &Subject<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let granted = |path: &str, who: &dyn Fn(&Who) -> bool| {
        grants.iter().any(|o| o.path == path && who(&o.who))
    };
    for g in grants {
        let access = g.access(subject);
        let through = g.statement();
        let finding = match &g.who {
            Who::Anonymous => g.finding(
                &PUBLIC_ACCESS,
                format!(
                    "anyone, even unsigned (anonymous) requests, can {access} through {through}"
                ),
            ),
            Who::AnyAccount if !granted(&g.path, &|w| *w == Who::Anonymous) => g.finding(
                &PUBLIC_ACCESS,
                format!("any AWS account can {access} through {through}"),
            ),
            Who::Account(a) if !granted(&g.path, &Who::is_public) => g.finding(
                &EXTERNAL_ACCOUNT_ACCESS,
                format!("{} can {access} through {through}", scope.describe(a)),
            ),
            Who::Service(s) if !granted(&g.path, &Who::is_public) => g.finding(
                &SERVICE_ACCESS_ANY_ACCOUNT,
                format!(
                    "`{s}` acting for a resource of any account can {access} through {through}"
                ),
            ),
            _ => continue,
        };
        out.push(finding);
    }
}
