//! The registry of lint rules: every code, its default severity, a one-line summary and a fix.
//!
//! Codes are stable and kebab-case; renderers (SARIF `tool.driver.rules`) and docs/lint.md read
//! this table, so a rule exists exactly when it is listed here.

use crate::diag::{Diagnostic, Severity};
use crate::json::Span;

/// One lint rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Stable kebab-case code.
    pub code: &'static str,
    /// Severity unless the configuration re-levels it.
    pub severity: Severity,
    /// What the rule catches, in one line.
    pub summary: &'static str,
    /// How to fix a finding.
    pub help: &'static str,
}

impl Rule {
    /// A finding of this rule at `path` / `span`.
    pub fn at(
        &self,
        message: impl Into<String>,
        path: impl Into<String>,
        span: Span,
    ) -> Diagnostic {
        Diagnostic::error(self.code, message, path, span).with_severity(self.severity)
    }
}

use Severity::{SecurityWarning, Suggestion, Warning};

const fn rule(
    code: &'static str,
    severity: Severity,
    summary: &'static str,
    help: &'static str,
) -> Rule {
    Rule {
        code,
        severity,
        summary,
        help,
    }
}

// Catalog checks.
// They depend on the embedded catalog's date (a retired service, an action AWS added later), so
// they are warnings that name that date: AWS stores such policies and evaluates them (an entry
// that names nothing matches no request). docs/lint.md, "What is an error".
pub(crate) const UNKNOWN_SERVICE: Rule = rule("unknown-service", Warning,
    "the action's service prefix is not an AWS service",
    "correct the service prefix (see the suggestion); prefixes are listed in the Service Authorization Reference");
pub(crate) const UNKNOWN_ACTION: Rule = rule("unknown-action", Warning,
    "the action does not exist in its service",
    "correct the action name (see the suggestion); if AWS added it recently, re-level or disable the code in the lint config");
pub(crate) const ACTION_PATTERN_MATCHES_NOTHING: Rule = rule(
    "action-pattern-matches-nothing",
    Warning,
    "a wildcard action pattern matches no action of its service",
    "fix the pattern so that it matches the actions you mean, e.g. `s3:Get*`",
);
pub(crate) const UNKNOWN_CONDITION_KEY: Rule = rule(
    "unknown-condition-key",
    Warning,
    "the condition key is neither a global `aws:` key nor a key of its service",
    "correct the key (see the suggestion); a key nobody sets is missing from every request",
);
pub(crate) const CONDITION_KEY_NOT_APPLICABLE: Rule = rule("condition-key-not-applicable", Warning,
    "the service condition key applies to none of the statement's actions",
    "use a key that the actions support (Service Authorization Reference), or move the condition to the statement whose actions support it");
pub(crate) const CONDITION_TYPE_MISMATCH: Rule = rule("condition-type-mismatch", Warning,
    "the condition operator does not fit the key's type",
    "use an operator of the key's type: String for strings, ARN or String for ARNs, Numeric, Date, Bool, IpAddress, Binary");
pub(crate) const RESOURCE_TYPE_MISMATCH: Rule = rule("resource-type-mismatch", Warning,
    "the resource ARN can never name a resource that the statement's actions act on",
    "write an ARN of a resource type the actions take (e.g. `arn:aws:s3:::bucket/*` for objects), or split the statement");
pub(crate) const WILDCARD_ONLY_ACTION_WITH_RESOURCE: Rule = rule(
    "wildcard-only-action-with-resource",
    Warning,
    "the action supports only `\"Resource\": \"*\"`, but the statement names specific resources",
    "move the action to a statement with `\"Resource\": \"*\"`",
);

// Least privilege.
pub(crate) const ALLOW_ALL_ACTIONS: Rule = rule(
    "allow-all-actions",
    SecurityWarning,
    "the statement allows every action (`\"Action\": \"*\"`)",
    "list the actions the principal needs",
);
pub(crate) const SERVICE_WIDE_WILDCARD: Rule = rule(
    "service-wide-wildcard",
    Warning,
    "the statement allows every action of a service on every resource",
    "list the actions the principal needs, or scope the resources",
);
pub(crate) const ALLOW_NOT_ACTION: Rule = rule(
    "allow-not-action",
    SecurityWarning,
    "`Allow` with `NotAction` allows every action not listed, including future ones",
    "list the allowed actions with `Action` instead",
);
pub(crate) const ALLOW_NOT_RESOURCE: Rule = rule(
    "allow-not-resource",
    SecurityWarning,
    "`Allow` with `NotResource` allows every resource not listed, including future ones",
    "list the allowed resources with `Resource` instead",
);
pub(crate) const WRITE_ON_ALL_RESOURCES: Rule = rule(
    "write-on-all-resources",
    Warning,
    "write actions are allowed on `\"Resource\": \"*\"` without conditions",
    "scope the resources with ARNs, or add conditions (tags, aws:ResourceAccount)",
);
pub(crate) const PERMISSIONS_MANAGEMENT_ON_ALL_RESOURCES: Rule = rule(
    "permissions-management-on-all-resources",
    SecurityWarning,
    "permissions-management actions are allowed on `\"Resource\": \"*\"` without conditions",
    "scope the resources with ARNs, or add conditions; permissions management can grant anything",
);

// Trust and resource policies.
pub(crate) const ANY_PRINCIPAL_UNRESTRICTED: Rule = rule("any-principal-unrestricted", SecurityWarning,
    "`*` is trusted with no condition that narrows the principal (aws:PrincipalOrgID, aws:PrincipalArn, aws:SourceAccount …)",
    "name the principals, or add a condition on aws:PrincipalOrgID, aws:PrincipalAccount or aws:PrincipalArn");
pub(crate) const TRUST_WHOLE_ACCOUNT: Rule = rule(
    "trust-whole-account",
    Warning,
    "a whole account is trusted without any condition",
    "trust specific role ARNs, or add conditions such as aws:PrincipalArn or sts:ExternalId",
);
pub(crate) const THIRD_PARTY_WITHOUT_EXTERNAL_ID: Rule = rule("third-party-without-external-id", SecurityWarning,
    "an account outside the configured own accounts is trusted without `sts:ExternalId`",
    "add `\"StringEquals\": {\"sts:ExternalId\": \"…\"}` with the id the third party gave you, or list the account under `accounts` in the lint config");
pub(crate) const NOT_PRINCIPAL_INCOMPLETE: Rule = rule("not-principal-incomplete", Warning,
    "a Deny with NotPrincipal lists a principal without what AWS checks before it (its account, and for a session its role), or lists a role expecting its sessions to be spared",
    "list the account ARN, the role ARN and each session ARN to spare, or better: use a Deny with `ArnNotEquals` on `aws:PrincipalArn`");
pub(crate) const TRUST_WITHOUT_MFA: Rule = rule(
    "trust-without-mfa",
    Suggestion,
    "a human-assumable trust (account or user principal) has no MFA condition",
    "add `\"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}` if people assume the role",
);
pub(crate) const GITHUB_OIDC_MISSING_SUB: Rule = rule("github-oidc-missing-sub", SecurityWarning,
    "a GitHub Actions OIDC trust has no `token.actions.githubusercontent.com:sub` condition, so any repository can assume the role",
    "add `\"StringLike\": {\"token.actions.githubusercontent.com:sub\": \"repo:OWNER/REPO:*\"}`");
pub(crate) const GITHUB_OIDC_WILDCARD_SUB: Rule = rule(
    "github-oidc-wildcard-sub",
    SecurityWarning,
    "the GitHub OIDC `sub` condition admits any owner (`*`, `repo:*`)",
    "pin the owner and repository: `repo:OWNER/REPO:*` or narrower",
);
pub(crate) const OIDC_MISSING_AUD: Rule = rule("oidc-missing-aud", Warning,
    "a web-identity or SAML trust has no audience (`aud`) condition",
    "add a `PROVIDER:aud` condition, e.g. `token.actions.githubusercontent.com:aud` = `sts.amazonaws.com`");
pub(crate) const SERVICE_PRINCIPAL_CONFUSED_DEPUTY: Rule = rule("service-principal-confused-deputy", Warning,
    "a service principal is trusted without aws:SourceAccount / aws:SourceArn (confused deputy)",
    "add `aws:SourceAccount` (your account id) or `aws:SourceArn` (the resource that acts) to the statement");
pub(crate) const ASSUME_ROLE_ON_ANY_RESOURCE: Rule = rule(
    "assume-role-on-any-resource",
    Warning,
    "`sts:AssumeRole` is allowed on `\"Resource\": \"*\"`",
    "list the role ARNs the principal may assume",
);

// Privilege escalation.
pub(crate) const PASSROLE_ON_ANY_RESOURCE: Rule = rule(
    "passrole-on-any-resource",
    SecurityWarning,
    "`iam:PassRole` is allowed on every role, without `iam:PassedToService`",
    "list the role ARNs that may be passed and add an `iam:PassedToService` condition",
);
pub(crate) const PRIVILEGE_ESCALATION: Rule = rule("privilege-escalation", SecurityWarning,
    "the statement allows an IAM action that lets a principal grant itself more access",
    "scope the resources to the principal itself, or require `iam:PermissionsBoundary` in a condition");
// Account-wide (validate --model): decided by the escalation search (docs/escalation.md).
pub(crate) const PRIVILEGE_ESCALATION_PATH: Rule = rule("privilege-escalation-path", SecurityWarning,
    "a principal can become admin-equivalent through escalation techniques (mixed with role assumption), decided by evaluating the model",
    "narrow the statement that allows the chain's first escalation technique (its resources, or a condition), or remove the action");
pub(crate) const PASSROLE_ESCALATION_COMBO: Rule = rule("passrole-escalation-combo", SecurityWarning,
    "`iam:PassRole` together with a compute-creating action lets a principal run code as any passable role",
    "limit `iam:PassRole` to specific roles and add an `iam:PassedToService` condition");

// Conditions.
pub(crate) const FOR_ALL_VALUES_SINGLE_VALUED: Rule = rule(
    "for-all-values-single-valued",
    SecurityWarning,
    "`ForAllValues:` on a single-valued key is also true when the key is missing",
    "drop the `ForAllValues:` qualifier for single-valued keys",
);
pub(crate) const FOR_ANY_VALUE_SINGLE_VALUED: Rule = rule(
    "for-any-value-single-valued",
    Suggestion,
    "`ForAnyValue:` on a single-valued key is redundant",
    "drop the `ForAnyValue:` qualifier for single-valued keys",
);
pub(crate) const MISSING_SET_OPERATOR: Rule = rule(
    "missing-set-operator",
    Warning,
    "a multivalued key is used without `ForAllValues:` or `ForAnyValue:`",
    "say whether any value (`ForAnyValue:`) or every value (`ForAllValues:`) must match",
);
pub(crate) const SENSITIVE_KEY_WILDCARD: Rule = rule(
    "sensitive-key-wildcard",
    SecurityWarning,
    "an account, organization or network key is matched with a wildcard",
    "match account, organization and VPC ids exactly with `StringEquals`",
);
pub(crate) const MFA_AGE_WITHOUT_PRESENCE: Rule = rule("mfa-age-without-presence", Warning,
    "`aws:MultiFactorAuthAge` is checked in a way that requests without MFA slip through",
    "in a Deny, add a statement denying when `Null aws:MultiFactorAuthAge` is true; in an Allow, drop `IfExists`");
pub(crate) const MFA_DENY_BOOL_FALSE: Rule = rule("mfa-deny-bool-false", SecurityWarning,
    "`Deny` with `Bool aws:MultiFactorAuthPresent false` does not deny long-term access keys, which carry no MFA key",
    "use `BoolIfExists` with `false`, so a missing key also denies");
pub(crate) const MFA_IF_EXISTS_ALLOWS_MISSING: Rule = rule("mfa-if-exists-allows-missing", SecurityWarning,
    "`Allow` with `BoolIfExists aws:MultiFactorAuthPresent true` also allows requests without the key (long-term access keys)",
    "use `Bool` instead of `BoolIfExists` to require MFA");
pub(crate) const MFA_AGE_EXCEEDS_MAX_SESSION: Rule = rule("mfa-age-exceeds-max-session", Suggestion,
    "the `aws:MultiFactorAuthAge` limit is longer than the configured maximum session duration",
    "lower the limit to the session duration you allow, or change `maxSessionDuration` in the lint config");
pub(crate) const TAG_CHANGE_UNRESTRICTED: Rule = rule(
    "tag-change-unrestricted",
    Warning,
    "tagging actions are allowed without a condition on the configured protected tag keys",
    "add a `ForAllValues:StringNotEquals` condition on aws:TagKeys listing the protected keys",
);

// Hygiene.
pub(crate) const DUPLICATE_SID: Rule = rule(
    "duplicate-sid",
    Warning,
    "two statements share a Sid",
    "give every statement a unique Sid",
);
pub(crate) const MISSING_SID: Rule = rule(
    "missing-sid",
    Suggestion,
    "the statement has no Sid",
    "add a Sid that says what the statement is for; findings and traces name it",
);
pub(crate) const REDUNDANT_STATEMENT: Rule = rule(
    "redundant-statement",
    Warning,
    "the statement is wholly covered by another statement with the same effect",
    "delete the redundant statement, or narrow the broader one",
);
pub(crate) const EMPTY_ARRAY: Rule = rule(
    "empty-array",
    Warning,
    "an element lists nothing, so the statement never applies",
    "list at least one value, or delete the statement",
);

// Account-wide (validate --model): decided with the real evaluation over the whole model.
pub(crate) const PUBLIC_ACCESS: Rule = rule("public-access", SecurityWarning,
    "a role or resource can be used by any AWS account or anonymously (decided by evaluating the model)",
    "name the principals, or add a condition on aws:PrincipalOrgID or aws:PrincipalAccount");
// A security warning: `--fail-on security-warning` must catch a third party that can reach prod.
pub(crate) const EXTERNAL_ACCOUNT_ACCESS: Rule = rule("external-account-access", SecurityWarning,
    "an account outside the organization (outside the owning account when the model has no organization) can use a role or resource",
    "make sure the account is a trusted third party; require `sts:ExternalId` for roles, or remove the account");
pub(crate) const SERVICE_ACCESS_ANY_ACCOUNT: Rule = rule("service-access-any-account", Warning,
    "a service principal can use the resource on behalf of any account (confused deputy), decided by evaluating the model",
    "add `aws:SourceAccount` (your account id) or `aws:SourceArn` to the statement");
pub(crate) const DANGLING_PRINCIPAL: Rule = rule("dangling-principal", Warning,
    "a trust or resource policy names a user or role of an account of the model that the model does not define",
    "remove the principal, or add it to the model; a deleted principal re-created with the same name does not regain this access");
pub(crate) const UNASSUMABLE_ROLE: Rule = rule("unassumable-role", Suggestion,
    "no principal in the model, no external account, service or identity provider can assume the role",
    "delete the role if it is unused, or fix its trust policy");

/// Every lint rule, in documentation order.
pub(crate) const RULES: &[Rule] = &[
    UNKNOWN_SERVICE,
    UNKNOWN_ACTION,
    ACTION_PATTERN_MATCHES_NOTHING,
    UNKNOWN_CONDITION_KEY,
    CONDITION_KEY_NOT_APPLICABLE,
    CONDITION_TYPE_MISMATCH,
    RESOURCE_TYPE_MISMATCH,
    WILDCARD_ONLY_ACTION_WITH_RESOURCE,
    ALLOW_ALL_ACTIONS,
    SERVICE_WIDE_WILDCARD,
    ALLOW_NOT_ACTION,
    ALLOW_NOT_RESOURCE,
    WRITE_ON_ALL_RESOURCES,
    PERMISSIONS_MANAGEMENT_ON_ALL_RESOURCES,
    ANY_PRINCIPAL_UNRESTRICTED,
    TRUST_WHOLE_ACCOUNT,
    THIRD_PARTY_WITHOUT_EXTERNAL_ID,
    NOT_PRINCIPAL_INCOMPLETE,
    TRUST_WITHOUT_MFA,
    GITHUB_OIDC_MISSING_SUB,
    GITHUB_OIDC_WILDCARD_SUB,
    OIDC_MISSING_AUD,
    SERVICE_PRINCIPAL_CONFUSED_DEPUTY,
    ASSUME_ROLE_ON_ANY_RESOURCE,
    PASSROLE_ON_ANY_RESOURCE,
    PRIVILEGE_ESCALATION,
    PRIVILEGE_ESCALATION_PATH,
    PASSROLE_ESCALATION_COMBO,
    FOR_ALL_VALUES_SINGLE_VALUED,
    FOR_ANY_VALUE_SINGLE_VALUED,
    MISSING_SET_OPERATOR,
    SENSITIVE_KEY_WILDCARD,
    MFA_AGE_WITHOUT_PRESENCE,
    MFA_DENY_BOOL_FALSE,
    MFA_IF_EXISTS_ALLOWS_MISSING,
    MFA_AGE_EXCEEDS_MAX_SESSION,
    TAG_CHANGE_UNRESTRICTED,
    DUPLICATE_SID,
    MISSING_SID,
    REDUNDANT_STATEMENT,
    EMPTY_ARRAY,
    PUBLIC_ACCESS,
    EXTERNAL_ACCOUNT_ACCESS,
    SERVICE_ACCESS_ANY_ACCOUNT,
    DANGLING_PRINCIPAL,
    UNASSUMABLE_ROLE,
];

/// The lint rule with this code.
pub(crate) fn rule_for(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case() {
        for (i, r) in RULES.iter().enumerate() {
            assert!(
                r.code
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'-' || b.is_ascii_digit()),
                "{}",
                r.code
            );
            assert!(
                RULES.iter().skip(i + 1).all(|o| o.code != r.code),
                "{}",
                r.code
            );
            assert!(!r.summary.ends_with('.') && !r.help.is_empty());
        }
        assert_eq!(rule_for("missing-sid"), Some(&MISSING_SID));
        assert_eq!(rule_for("nope"), None);
    }
}
