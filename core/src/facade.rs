//! The embedding API: what another project's code or test suite needs, without the layers
//! underneath. Load an organization once and ask it questions; decide a self-contained scenario.
//! Every rule lives in the modules below (this file only connects them), so the answers are the
//! CLI's and the wasm package's, byte for byte when serialised.
//!
//! ```
//! use iamsim_core::{Organization, Decision};
//!
//! // The embedded example organization (docs/model.md describes the format of your own).
//! let org = Organization::example()?;
//!
//! // alice has an MFA device; the prod Deploy role's trust policy requires MFA.
//! let without = org.check("alice", "sts:AssumeRole", "222222222222:role/Deploy")?;
//! assert_eq!(without.decision, Decision::ImplicitDeny);
//! // The denial names what failed: the condition, the value expected, the value the request had.
//! assert_eq!(without.near_misses[0].failed[0].key, "aws:MultiFactorAuthPresent");
//!
//! let with_mfa = org.ask_check(&org.question("alice", "sts:AssumeRole", "222222222222:role/Deploy").with_mfa())?;
//! assert!(with_mfa.allowed);
//!
//! // Who can update the prod ECS service, through which chain of roles?
//! let who = org.who_can("ecs:UpdateService", "arn:aws:ecs:eu-west-1:222222222222:service/prod/web")?;
//! assert!(who.principals.iter().any(|p| p.principal.ends_with("role/Deploy")));
//! # Ok::<(), iamsim_core::Error>(())
//! ```
#![deny(missing_docs)]

use crate::diag::{Diagnostic, LineIndex, LocatedDiagnostic};
use crate::eval::{decide, decide_explained, Decision, Trace};
use crate::model::Model;
use crate::query::{
    AssumeAnswer, AssumeCaller, AssumeQuestion, CheckAnswer, CheckQuestion, EdgeMode, Given,
    PathsAnswer, PathsQuestion, WhoCanAnswer, WhoCanQuestion, DEFAULT_MAX_DEPTH,
};

/// Why an input or a question could not be answered: every problem found, located (code,
/// message, hint, JSON path, line and column in the text it concerns).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The problems, the first being the main one.
    pub diagnostics: Vec<LocatedDiagnostic>,
}

impl Error {
    fn located(diags: &[Diagnostic], text: &str) -> Self {
        let lines = LineIndex::new(text);
        Error {
            diagnostics: diags.iter().map(|d| d.locate(&lines)).collect(),
        }
    }

    /// The main problem's stable code (`unknown-principal`, `json-syntax`, …).
    pub fn code(&self) -> &'static str {
        self.diagnostics.first().map_or("internal", |d| d.code)
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Some(d) = self.diagnostics.first() else {
            return write!(f, "iamsim: no answer");
        };
        // The finding as every front end renders it (crate::render::line), without the final
        // newline a `Display` does not end with.
        let mut text = String::new();
        crate::render::line::write_located(&mut text, None, d);
        f.write_str(text.trim_end())
    }
}

impl std::error::Error for Error {}

/// An account model (an organization, or a single account), loaded once and asked many
/// questions. Loading compiles every policy; each question then only evaluates.
pub struct Organization {
    model: Model,
    text: String,
}

impl std::fmt::Debug for Organization {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Organization")
            .field("accounts", &self.model.accounts.len())
            .field("identities", &self.model.world.identities.len())
            .field("roles", &self.model.world.roles.len())
            .finish()
    }
}

impl Organization {
    /// The embedded example organization (`core/data/example-org.json`): the seed use cases.
    pub fn example() -> Result<Self, Error> {
        Self::from_json(crate::model::EXAMPLE_ORG)
    }

    /// Loads a model from its JSON text (docs/model.md); every problem is located in `text`.
    pub fn from_json(text: impl Into<String>) -> Result<Self, Error> {
        let text = text.into();
        match crate::model::load_model(&text) {
            Ok(model) => Ok(Organization { model, text }),
            Err(diags) => Err(Error::located(&diags, &text)),
        }
    }

    /// The loaded model (accounts, identities, roles, resources).
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// A check question with nothing given (no MFA, no context keys): refine it with
    /// [`CheckQuestion::with_mfa`] and [`CheckQuestion::with_context`], then [`Self::ask_check`].
    /// Principals and roles are named as in the CLI: a name, `ACCOUNT:user/NAME`, or an ARN.
    pub fn question(&self, principal: &str, action: &str, resource: &str) -> CheckQuestion {
        CheckQuestion {
            principal: principal.to_owned(),
            action: action.to_owned(),
            resource: resource.to_owned(),
            given: Given::default(),
            explain: false,
            unknown: Vec::new(),
        }
    }

    /// "Can `principal` do `action` on `resource`?": the decision, its reason, what failed when
    /// denied, and every context key assumed with its source.
    pub fn check(
        &self,
        principal: &str,
        action: &str,
        resource: &str,
    ) -> Result<CheckAnswer, Error> {
        self.ask_check(&self.question(principal, action, resource))
    }

    /// Answers a check question (with its MFA, context and `explain`).
    pub fn ask_check(&self, q: &CheckQuestion) -> Result<CheckAnswer, Error> {
        crate::query::check(&self.model, &self.text, q).map_err(|d| self.error(d))
    }

    /// Every identity that can do `action` on `resource`, directly or through a chain of role
    /// assumptions and privilege escalations (callers from outside the model and federated entry
    /// points included).
    pub fn who_can(&self, action: &str, resource: &str) -> Result<WhoCanAnswer, Error> {
        self.ask_who_can(&WhoCanQuestion {
            action: action.to_owned(),
            resource: resource.to_owned(),
            given: Given::default(),
            max_depth: DEFAULT_MAX_DEPTH,
            edges: EdgeMode::All,
            unknown: Vec::new(),
        })
    }

    /// Answers a who-can question (with its MFA, context and depth).
    pub fn ask_who_can(&self, q: &WhoCanQuestion) -> Result<WhoCanAnswer, Error> {
        crate::query::who_can(&self.model, q, &mut |_, _| {}).map_err(|d| self.error(d))
    }

    /// Every role `principal` can reach by role assumption, shortest chains first.
    pub fn paths(&self, principal: &str) -> Result<PathsAnswer, Error> {
        self.ask_paths(&PathsQuestion {
            from: AssumeCaller::Identity(principal.to_owned()),
            to: None,
            given: Given::default(),
            max_depth: DEFAULT_MAX_DEPTH,
            edges: EdgeMode::All,
        })
    }

    /// Answers a paths question (optionally to an action on a resource).
    pub fn ask_paths(&self, q: &PathsQuestion) -> Result<PathsAnswer, Error> {
        crate::query::paths_from(&self.model, q).map_err(|d| self.error(d))
    }

    /// Simulates `principal` calling `sts:AssumeRole` on `role` with default parameters.
    pub fn assume(&self, principal: &str, role: &str) -> Result<AssumeAnswer, Error> {
        self.ask_assume(&AssumeQuestion::new(
            AssumeCaller::Identity(principal.to_owned()),
            role.to_owned(),
            Given::default(),
        ))
    }

    /// Answers an assume question (ExternalId, duration, session tags, web identity, SAML …).
    pub fn ask_assume(&self, q: &AssumeQuestion) -> Result<AssumeAnswer, Error> {
        crate::query::assume(&self.model, q).map_err(|d| self.error(d))
    }

    /// A question's problem; its span (when it has one) is in the model text.
    fn error(&self, d: Diagnostic) -> Error {
        Error::located(std::slice::from_ref(&d), &self.text)
    }
}

impl CheckQuestion {
    /// The same question for a user who signed in with MFA (counts for users with a device).
    pub fn with_mfa(mut self) -> Self {
        self.given.mfa = true;
        self
    }

    /// The same question with a context key given (it wins over anything iamsim would assume).
    pub fn with_context(mut self, key: &str, value: &str) -> Self {
        self.given.context.set(key, value);
        self
    }

    /// The same question, answered with every policy type's verdict and the statements applied.
    pub fn explained(mut self) -> Self {
        self.explain = true;
        self
    }
}

/// Decides a self-contained scenario (docs/scenario.md: the request and every policy inline).
///
/// ```
/// let scenario = r#"{"principal": "arn:aws:iam::111111111111:user/alice",
///   "action": "s3:GetObject", "resource": "arn:aws:s3:::bucket/key",
///   "identityPolicies": [{"Version": "2012-10-17",
///     "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}]}],
///   "permissionBoundary": {"Version": "2012-10-17",
///     "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}]}}"#;
/// assert_eq!(iamsim_core::decide_scenario(scenario)?, iamsim_core::Decision::ExplicitDeny);
/// # Ok::<(), iamsim_core::Error>(())
/// ```
pub fn decide_scenario(json: &str) -> Result<Decision, Error> {
    let s = read(json)?;
    Ok(decide(&s.request, &s.caller, &s.resource))
}

/// [`decide_scenario`] with the explanation: the reason, each policy type's verdict, the
/// statements that applied and, when denied, what nearly allowed it.
pub fn explain_scenario(json: &str) -> Result<Trace, Error> {
    let s = read(json)?;
    Ok(decide_explained(&s.request, &s.caller, &s.resource))
}

fn read(json: &str) -> Result<crate::scenario::Scenario, Error> {
    let value = crate::json::parse(json, crate::json::Limits::default())
        .map_err(|e| Error::located(&[Diagnostic::from_json_error(&e, "")], json))?;
    crate::scenario::read_scenario(&value, json).map_err(|d| Error::located(&d, json))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_located_and_readable() {
        let org = Organization::example().unwrap();
        let e = org.check("nobody", "s3:GetObject", "*").unwrap_err();
        assert_eq!(e.code(), "unknown-principal");
        assert!(e.to_string().starts_with("error[unknown-principal]"), "{e}");
        let e = Organization::from_json("{\"accounts\": [}").unwrap_err();
        assert_eq!(e.code(), "json-syntax");
        assert_eq!(e.diagnostics[0].line, Some(1));
        let e = decide_scenario(
            r#"{"principal": 5, "action": "s3:GetObject", "resource": "*", "identityPolicies": []}"#,
        )
        .unwrap_err();
        assert_eq!(e.code(), "wrong-type");
        // The one rendering of every front end (crate::render::line).
        assert!(
            e.to_string().starts_with("1:15: error[wrong-type]: "),
            "{e}"
        );
        assert!(e.to_string().contains(" (at /principal)"), "{e}");
    }

    #[test]
    fn answers_are_the_query_layers() {
        let org = Organization::example().unwrap();
        let q = org
            .question("alice", "sts:AssumeRole", "222222222222:role/Deploy")
            .with_mfa();
        let direct = crate::query::check(org.model(), crate::model::EXAMPLE_ORG, &q).unwrap();
        let facade = org.ask_check(&q).unwrap();
        assert_eq!(
            serde_json::to_value(&direct).unwrap(),
            serde_json::to_value(&facade).unwrap()
        );
        assert!(facade.allowed);
        let paths = org.paths("alice").unwrap();
        assert_eq!(paths.start, "arn:aws:iam::111111111111:user/ops/alice");
        let assumed = org.assume("alice", "222222222222:role/Deploy").unwrap();
        assert_eq!(assumed.decision, Decision::ImplicitDeny);
    }
}
