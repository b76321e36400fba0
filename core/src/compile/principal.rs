//! `Principal` / `NotPrincipal` matching, and the kind of each match, which the evaluation flow
//! needs: a same-account resource policy naming the caller directly grants by itself, one naming
//! the caller's role (or the IAM user behind a federated session) still obeys the boundary and
//! session policy, and one naming the account only delegates to identity policies.

use crate::arn::{is_account_id, Arn};
use crate::policy::{Polarity, PrincipalClause, PrincipalType, PrincipalValue};
use crate::request::{Principal, PrincipalKind};
use serde::Serialize;

/// How a principal element matched the caller (the reference, section 2.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum MatchKind {
    /// The caller itself: its user, session or federated-user ARN, its service or provider, or `*`.
    Direct,
    /// The entity behind the caller: the role of a session, the IAM user of a federated session.
    ViaEntity,
    /// The caller's account.
    Account,
}

#[derive(Debug, Clone)]
enum PrincipalPattern {
    /// `"*"` or `{"AWS": "*"}`.
    Everyone,
    Account(Box<str>),
    User(Box<str>),
    Role {
        arn: Box<str>,
        account: Box<str>,
        name: Box<str>,
    },
    /// Any other ARN (sessions, federated users): compared with the caller's own ARN.
    CallerArn(Box<str>),
    /// `{"Service": "*"}` or a service name (compared case-insensitively).
    Service(Option<Box<str>>),
    Federated(Box<str>),
    /// Matches nothing: canonical users (requests carry none) and unreadable values.
    Nothing,
}

/// A compiled `Principal`/`NotPrincipal` element.
#[derive(Debug, Clone)]
pub struct PrincipalMatcher {
    polarity: Polarity,
    patterns: Box<[PrincipalPattern]>,
}

/// What a principal element names, for indexing (which callers could possibly match).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NamedPrincipal<'a> {
    /// `"*"` or `{"AWS": "*"}`: every caller.
    Everyone,
    /// An account (its ID, or its root user's ARN).
    Account(&'a str),
    /// A user, role, session or federated-user ARN.
    Arn(&'a str),
    /// A role named by account and name (its sessions match whatever the role's path).
    Role {
        /// The role's account.
        account: &'a str,
        /// The role's name.
        name: &'a str,
    },
    /// A service principal (`None`: a pattern such as `*`).
    Service(Option<&'a str>),
    /// An OIDC or SAML provider (ARN or URL such as `accounts.google.com`).
    Federated(&'a str),
}

impl PrincipalMatcher {
    /// Every principal the element names (for `NotPrincipal`, the ones it excludes).
    pub fn named(&self) -> impl Iterator<Item = NamedPrincipal<'_>> {
        self.patterns.iter().filter_map(|p| match p {
            PrincipalPattern::Everyone => Some(NamedPrincipal::Everyone),
            PrincipalPattern::Account(a) => Some(NamedPrincipal::Account(a)),
            PrincipalPattern::User(arn) | PrincipalPattern::CallerArn(arn) => {
                Some(NamedPrincipal::Arn(arn))
            }
            PrincipalPattern::Role { account, name, .. } => {
                Some(NamedPrincipal::Role { account, name })
            }
            PrincipalPattern::Service(s) => Some(NamedPrincipal::Service(s.as_deref())),
            PrincipalPattern::Federated(f) => Some(NamedPrincipal::Federated(f)),
            PrincipalPattern::Nothing => None,
        })
    }

    /// Compiles a `Principal`/`NotPrincipal` element.
    pub fn compile(clause: &PrincipalClause) -> Self {
        let patterns = match &clause.value {
            PrincipalValue::Everyone => vec![PrincipalPattern::Everyone],
            PrincipalValue::Map(entries) => entries
                .iter()
                .map(|e| compile_entry(e.kind, &e.value.value))
                .collect(),
        };
        PrincipalMatcher {
            polarity: clause.polarity,
            patterns: patterns.into_boxed_slice(),
        }
    }

    /// Whether it is a `NotPrincipal` (it matches every caller except those named).
    pub fn is_negated(&self) -> bool {
        self.polarity == Polarity::AllExcept
    }

    /// The strongest kind of match of a `Principal` element, or whether a `NotPrincipal` element
    /// applies (then reported as `Direct`).
    pub fn matches(&self, caller: &Principal) -> Option<MatchKind> {
        let best = self
            .patterns
            .iter()
            .filter_map(|p| match_one(p, caller))
            .min();
        match self.polarity {
            Polarity::Listed => best,
            // A caller is spared only when its own ARN is listed (the reference, section 2.5): a
            // listed role does not spare its sessions, a listed account not its users.
            Polarity::AllExcept => match best {
                Some(MatchKind::Direct) => None,
                _ => Some(MatchKind::Direct),
            },
        }
    }
}

fn compile_entry(kind: PrincipalType, value: &str) -> PrincipalPattern {
    match kind {
        PrincipalType::Aws => {
            if value == "*" {
                return PrincipalPattern::Everyone;
            }
            if is_account_id(value) {
                return PrincipalPattern::Account(value.into());
            }
            match Arn::parse(value) {
                Some(arn) if arn.service == "iam" && arn.resource == "root" => {
                    PrincipalPattern::Account(arn.account.into())
                }
                Some(arn) if arn.service == "iam" && arn.resource.starts_with("user/") => {
                    PrincipalPattern::User(value.into())
                }
                Some(arn) if arn.service == "iam" && arn.resource.starts_with("role/") => {
                    PrincipalPattern::Role {
                        arn: value.into(),
                        account: arn.account.into(),
                        name: arn.resource.rsplit('/').next().unwrap_or_default().into(),
                    }
                }
                Some(_) => PrincipalPattern::CallerArn(value.into()),
                None => PrincipalPattern::Nothing,
            }
        }
        PrincipalType::Service if value == "*" => PrincipalPattern::Service(None),
        PrincipalType::Service => {
            PrincipalPattern::Service(Some(value.to_ascii_lowercase().into()))
        }
        PrincipalType::Federated => PrincipalPattern::Federated(value.into()),
        PrincipalType::CanonicalUser => PrincipalPattern::Nothing,
    }
}

fn match_one(pattern: &PrincipalPattern, caller: &Principal) -> Option<MatchKind> {
    use PrincipalKind as K;
    match pattern {
        PrincipalPattern::Everyone => Some(MatchKind::Direct),
        PrincipalPattern::Account(id) => {
            let in_account =
                caller.kind.has_identity_side() && caller.account.as_deref() == Some(&**id);
            in_account.then_some(MatchKind::Account)
        }
        PrincipalPattern::User(arn) => match caller.kind {
            K::User if caller.arn == **arn => Some(MatchKind::Direct),
            K::FederatedUser if caller.federating_user_arn.as_deref() == Some(&**arn) => {
                Some(MatchKind::ViaEntity)
            }
            _ => None,
        },
        PrincipalPattern::Role { arn, account, name } => {
            if caller.kind != K::AssumedRole {
                return None;
            }
            let same = if caller.role_path_known {
                caller.role_arn.as_deref() == Some(&**arn)
            } else {
                // The session ARN drops the role's path; without aws:PrincipalArn only the account
                // and the role name can be compared.
                caller.account.as_deref() == Some(&**account)
                    && caller.name.as_deref() == Some(&**name)
            };
            same.then_some(MatchKind::ViaEntity)
        }
        PrincipalPattern::CallerArn(arn) => {
            let direct =
                matches!(caller.kind, K::AssumedRole | K::FederatedUser) && caller.arn == **arn;
            direct.then_some(MatchKind::Direct)
        }
        PrincipalPattern::Service(name) => {
            if caller.kind != K::Service {
                return None;
            }
            let same = name
                .as_deref()
                .is_none_or(|n| caller.arn.eq_ignore_ascii_case(n));
            same.then_some(MatchKind::Direct)
        }
        PrincipalPattern::Federated(provider) => {
            let federated =
                matches!(caller.kind, K::WebIdentity | K::Saml) && caller.arn == **provider;
            federated.then_some(MatchKind::Direct)
        }
        PrincipalPattern::Nothing => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::parse_policy;

    /// The matcher of a resource policy statement whose principal element is `principal`.
    fn matcher(principal: &str) -> PrincipalMatcher {
        let text = format!(
            r#"{{"Version":"2012-10-17","Statement":{{"Effect":"Allow","Principal":{principal},"Action":"s3:GetObject","Resource":"*"}}}}"#
        );
        let parsed = parse_policy(&text);
        let clause = parsed
            .policy
            .and_then(|p| p.statements.into_iter().next())
            .and_then(|s| s.principal)
            .unwrap_or_else(|| panic!("no principal in {text}"));
        PrincipalMatcher::compile(&clause)
    }

    fn caller(arn: &str) -> Principal {
        Principal::parse(arn, None).unwrap()
    }

    /// A federated-user session matches, through its IAM user, only a policy naming that user.
    #[test]
    fn a_federated_user_matches_only_its_own_iam_user() {
        let mut fed = caller("arn:aws:sts::111111111111:federated-user/app");
        fed.federating_user_arn = Some("arn:aws:iam::111111111111:user/alice".into());
        let alice = matcher(r#"{"AWS":"arn:aws:iam::111111111111:user/alice"}"#);
        let bob = matcher(r#"{"AWS":"arn:aws:iam::111111111111:user/bob"}"#);
        assert_eq!(alice.matches(&fed), Some(MatchKind::ViaEntity));
        assert_eq!(bob.matches(&fed), None);
        // The user itself matches directly; another user does not.
        assert_eq!(
            alice.matches(&caller("arn:aws:iam::111111111111:user/alice")),
            Some(MatchKind::Direct)
        );
        assert_eq!(
            alice.matches(&caller("arn:aws:iam::111111111111:user/bob")),
            None
        );
    }

    /// Without `aws:PrincipalArn` a session's role path is unknown: account and role name must
    /// both agree with the role the policy names.
    #[test]
    fn a_session_without_its_role_path_matches_on_account_and_role_name_both() {
        let deploy = matcher(r#"{"AWS":"arn:aws:iam::111111111111:role/ci/Deploy"}"#);
        let session = |arn: &str| deploy.matches(&caller(arn));
        assert_eq!(
            session("arn:aws:sts::111111111111:assumed-role/Deploy/s1"),
            Some(MatchKind::ViaEntity)
        );
        assert_eq!(
            session("arn:aws:sts::222222222222:assumed-role/Deploy/s1"),
            None
        );
        assert_eq!(
            session("arn:aws:sts::111111111111:assumed-role/Other/s1"),
            None
        );
    }

    /// A group cannot be a principal: an `AWS` value naming one matches no caller, not even a
    /// session of a role with the group's name in the same account.
    #[test]
    fn a_group_arn_matches_no_caller() {
        let group = matcher(r#"{"AWS":"arn:aws:iam::111111111111:group/Deploy"}"#);
        assert_eq!(
            group.matches(&caller("arn:aws:sts::111111111111:assumed-role/Deploy/s1")),
            None
        );
        assert_eq!(
            group.matches(&caller("arn:aws:iam::111111111111:user/Deploy")),
            None
        );
    }

    /// `{"Service": "*"}` names every service principal (and nothing else).
    #[test]
    fn a_service_wildcard_matches_every_service_principal() {
        let any = matcher(r#"{"Service":"*"}"#);
        assert_eq!(
            any.matches(&caller("lambda.amazonaws.com")),
            Some(MatchKind::Direct)
        );
        assert_eq!(
            any.matches(&caller("arn:aws:iam::111111111111:user/alice")),
            None
        );
    }

    /// An account principal covers the account's identities only, never another account's.
    #[test]
    fn an_account_principal_covers_only_its_own_accounts_identities() {
        for principal in [
            r#"{"AWS":"111111111111"}"#,
            r#"{"AWS":"arn:aws:iam::111111111111:root"}"#,
        ] {
            let m = matcher(principal);
            assert_eq!(
                m.matches(&caller("arn:aws:iam::111111111111:user/alice")),
                Some(MatchKind::Account),
                "{principal}"
            );
            assert_eq!(
                m.matches(&caller("arn:aws:iam::222222222222:user/alice")),
                None,
                "{principal}"
            );
            assert_eq!(m.matches(&caller("s3.amazonaws.com")), None, "{principal}");
        }
    }
}
