//! One authorization request: who (principal), does what (action), to what (resource), in which
//! context. Strings are lowercased and split once here so that evaluation never re-parses them.

use crate::arn::{is_account_id, Arn};
use crate::context::Context;

/// The kinds of callers AWS distinguishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum PrincipalKind {
    /// An unauthenticated caller (S3, SQS, SNS …).
    Anonymous,
    /// The account root user.
    Root,
    /// An IAM user.
    User,
    /// A role session (AssumeRole, web identity, SAML, instance profile).
    AssumedRole,
    /// A GetFederationToken session.
    FederatedUser,
    /// An AWS service principal such as `cloudtrail.amazonaws.com`.
    Service,
    /// A caller of AssumeRoleWithWebIdentity, authenticated by an OIDC provider.
    WebIdentity,
    /// A caller of AssumeRoleWithSAML, authenticated by a SAML provider.
    Saml,
}

impl PrincipalKind {
    /// The value of `aws:PrincipalType`.
    pub(crate) fn principal_type(self) -> Option<&'static str> {
        match self {
            PrincipalKind::Anonymous => Some("Anonymous"),
            PrincipalKind::Root => Some("Account"),
            PrincipalKind::User => Some("User"),
            PrincipalKind::AssumedRole => Some("AssumedRole"),
            PrincipalKind::FederatedUser => Some("FederatedUser"),
            PrincipalKind::Service | PrincipalKind::WebIdentity | PrincipalKind::Saml => None,
        }
    }

    /// Whether the caller has an AWS identity side (identity policies, boundary, session).
    pub(crate) fn has_identity_side(self) -> bool {
        matches!(
            self,
            PrincipalKind::Root
                | PrincipalKind::User
                | PrincipalKind::AssumedRole
                | PrincipalKind::FederatedUser
        )
    }
}

/// The caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// What kind of caller it is.
    pub kind: PrincipalKind,
    /// The caller's own ARN (session ARN for sessions), the service name, or the provider.
    pub arn: String,
    /// The caller's account (the role's account for sessions); none for services and federation callers.
    pub account: Option<String>,
    /// For role sessions: the role's ARN (with its path when known).
    pub role_arn: Option<String>,
    /// Whether `role_arn` carries the role's real path (else it was rebuilt from the session ARN).
    pub role_path_known: bool,
    /// For role sessions: the role's name; for users: the user name.
    pub name: Option<String>,
    /// For GetFederationToken sessions: the IAM user behind it, when known.
    pub federating_user_arn: Option<String>,
    /// Service-linked roles (path `/aws-service-role/`) are not restricted by SCPs.
    pub service_linked: bool,
}

/// Why a principal string could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrincipalError {
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to write it instead.
    pub hint: &'static str,
}

impl Principal {
    /// The unauthenticated caller (anonymous requests to resources with public policies).
    pub fn anonymous() -> Principal {
        Principal {
            kind: PrincipalKind::Anonymous,
            arn: "*".into(),
            account: None,
            role_arn: None,
            role_path_known: false,
            name: None,
            federating_user_arn: None,
            service_linked: false,
        }
    }

    fn new(kind: PrincipalKind, arn: &str, account: Option<&str>) -> Principal {
        Principal {
            kind,
            arn: arn.to_owned(),
            account: account.map(str::to_owned),
            ..Principal::anonymous()
        }
    }

    /// Reads a principal from its ARN or name. `principal_arn` is the context's `aws:PrincipalArn`
    /// when the caller gave one: for a session it is the role ARN with its path.
    pub fn parse(text: &str, principal_arn: Option<&str>) -> Result<Principal, PrincipalError> {
        let bad = |message: String| {
            PrincipalError {
            message,
            hint: "a principal is an IAM user, role, assumed-role session, federated-user or root ARN, a service name such as `lambda.amazonaws.com`, an OIDC/SAML provider ARN, or null for anonymous",
        }
        };
        let Some(arn) = Arn::parse(text) else {
            if text.ends_with(".amazonaws.com") || text.ends_with(".amazonaws.com.cn") {
                return Ok(Principal::new(PrincipalKind::Service, text, None));
            }
            if is_account_id(text) {
                let root = format!("arn:aws:iam::{text}:root");
                return Ok(Principal::new(PrincipalKind::Root, &root, Some(text)));
            }
            if text.contains('.') {
                // A well-known web identity provider written by name (accounts.google.com, …).
                return Ok(Principal::new(PrincipalKind::WebIdentity, text, None));
            }
            return Err(bad(format!("`{text}` is not a principal ARN")));
        };
        if !is_account_id(arn.account) {
            return Err(bad(format!("`{text}` has no 12-digit account id")));
        }
        let account = Some(arn.account);
        let resource = arn.resource;
        match arn.service {
            "iam" if resource == "root" => Ok(Principal::new(PrincipalKind::Root, text, account)),
            "iam" if resource.starts_with("user/") => {
                let mut p = Principal::new(PrincipalKind::User, text, account);
                p.name = resource.rsplit('/').next().map(str::to_owned);
                Ok(p)
            }
            "iam" if resource.starts_with("role/") => {
                // A role given as the caller stands for a session of it whose name is unknown.
                let mut p = Principal::new(PrincipalKind::AssumedRole, text, account);
                p.role_arn = Some(text.to_owned());
                p.role_path_known = true;
                p.name = resource.rsplit('/').next().map(str::to_owned);
                p.service_linked = resource.starts_with("role/aws-service-role/");
                Ok(p)
            }
            "iam" if resource.starts_with("oidc-provider/") => {
                Ok(Principal::new(PrincipalKind::WebIdentity, text, None))
            }
            "iam" if resource.starts_with("saml-provider/") => {
                Ok(Principal::new(PrincipalKind::Saml, text, None))
            }
            "sts" if resource.starts_with("assumed-role/") => {
                let mut parts = resource.splitn(3, '/').skip(1);
                let (Some(role), Some(_session)) = (parts.next(), parts.next()) else {
                    return Err(bad(format!("`{text}` is not of the form arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION")));
                };
                let mut p = Principal::new(PrincipalKind::AssumedRole, text, account);
                p.name = Some(role.to_owned());
                let given = principal_arn.filter(|pa| {
                    Arn::parse(pa).is_some_and(|r| {
                        r.service == "iam"
                            && r.account == arn.account
                            && r.resource.starts_with("role/")
                            && r.resource.rsplit('/').next() == Some(role)
                    })
                });
                match given {
                    Some(role_arn) => {
                        p.role_arn = Some(role_arn.to_owned());
                        p.role_path_known = true;
                        p.service_linked = role_arn.contains(":role/aws-service-role/");
                    }
                    None => {
                        p.role_arn = Some(format!(
                            "arn:{}:iam::{}:role/{role}",
                            arn.partition, arn.account
                        ));
                    }
                }
                Ok(p)
            }
            "sts" if resource.starts_with("federated-user/") => {
                let mut p = Principal::new(PrincipalKind::FederatedUser, text, account);
                p.name = resource.strip_prefix("federated-user/").map(str::to_owned);
                Ok(p)
            }
            _ => Err(bad(format!(
                "`{text}` is not a user, role, session, federated-user or root ARN"
            ))),
        }
    }
}

/// The action, lowercased once (action names are case-insensitive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    /// The action as written.
    pub raw: String,
    /// The action lowercased.
    pub lower: String,
    colon: usize,
    /// Whether the service supports resource control policies (looked up once, here).
    pub rcp_enabled: bool,
    /// The service prefix's bit in statements' service filters (see `service_bit`).
    pub service_bit: u64,
}

/// A service prefix's bit in a 64-bit filter: statements record the bits of the services their
/// `Action` names, so a statement for other services is rejected with one AND.
pub(crate) fn service_bit(service_lower: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in service_lower.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    // Finish with a mixer (splitmix64) and use the high bits: FNV's low bits are weak.
    h ^= h >> 29;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 32;
    1u64 << (h >> 58)
}

impl Action {
    /// Reads `service:Action`; `None` without a service or a name.
    pub fn parse(text: &str) -> Option<Action> {
        let colon = text.find(':')?;
        if colon == 0 || colon + 1 >= text.len() {
            return None;
        }
        let lower = text.to_ascii_lowercase();
        let rcp_enabled = lower
            .get(..colon)
            .is_some_and(crate::eval::rcp_applies_to_service);
        let service_bit = service_bit(lower.get(..colon).unwrap_or_default());
        Some(Action {
            raw: text.to_owned(),
            lower,
            colon,
            rcp_enabled,
            service_bit,
        })
    }

    /// The service prefix, lowercased.
    pub fn service(&self) -> &str {
        self.lower.get(..self.colon).unwrap_or_default()
    }

    /// The action's name after the service prefix, lowercased.
    pub fn name(&self) -> &str {
        self.lower.get(self.colon + 1..).unwrap_or_default()
    }

    /// `sts:AssumeRole`, `sts:AssumeRoleWithWebIdentity`, `sts:AssumeRoleWithSAML`.
    pub(crate) fn is_assume_role(&self) -> bool {
        // The three calls by name: a prefix test would take a typo (`sts:AssumeRolee`) for one.
        self.service() == "sts"
            && matches!(
                self.name(),
                "assumerole" | "assumerolewithsaml" | "assumerolewithwebidentity"
            )
    }

    /// The actions a role's trust policy authorizes: `sts:AssumeRole*`, and `sts:TagSession` /
    /// `sts:SetSourceIdentity` that STS checks alongside them.
    pub(crate) fn is_trust_action(&self) -> bool {
        self.is_assume_role()
            || (self.service() == "sts"
                && matches!(self.name(), "tagsession" | "setsourceidentity"))
    }
}

/// The resource: `*` (for actions without resource-level permissions) or an ARN, split once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    /// The resource as written.
    pub raw: String,
    /// The ARN's fields after `arn:`, split once, when the resource is an ARN.
    fields: Option<Box<[String; 5]>>,
}

impl Resource {
    /// Reads a resource, splitting it when it is an ARN.
    pub fn new(text: &str) -> Resource {
        let fields = Arn::parse(text).map(|a| Box::new(a.fields().map(str::to_owned)));
        Resource {
            raw: text.to_owned(),
            fields,
        }
    }

    /// The pseudo-resource `*` of actions without resource-level permissions.
    pub(crate) fn is_star(&self) -> bool {
        self.raw == "*"
    }

    /// The ARN's fields, when the resource is an ARN.
    pub fn arn(&self) -> Option<Arn<'_>> {
        let [partition, service, region, account, resource] = self.fields.as_deref()?;
        Some(Arn {
            partition,
            service,
            region,
            account,
            resource,
        })
    }
}

/// A whole request, ready to be decided.
#[derive(Debug, Clone)]
pub struct Request {
    /// The caller.
    pub principal: Principal,
    /// The action.
    pub action: Action,
    /// The resource.
    pub resource: Resource,
    /// The account that owns the resource.
    pub resource_account: Option<String>,
    /// The request's context keys (the principal's keys included).
    pub context: Context,
}

impl Request {
    /// Whether caller and resource are in the same account. A resource whose owner is unknown
    /// (no `resourceAccount`, no account in its ARN) is taken to be in the caller's account.
    pub(crate) fn same_account(&self) -> bool {
        match (&self.principal.account, self.owner_account()) {
            (Some(caller), Some(owner)) => caller == owner,
            (Some(_), None) => true,
            (None, _) => false,
        }
    }

    /// The account that owns the resource: `resource_account`, else the ARN's account.
    pub(crate) fn owner_account(&self) -> Option<&str> {
        self.resource_account.as_deref().or_else(|| {
            self.resource
                .arn()
                .map(|a| a.account)
                .filter(|a| !a.is_empty())
        })
    }

    /// Adds the keys AWS derives from the principal, unless the caller gave them.
    pub fn fill_principal_keys(&mut self) {
        for (key, key_lower, value) in principal_key_values(&self.principal) {
            if let Some(v) = value {
                if self.context.get(key_lower).is_none() {
                    self.context.set(key, v);
                }
            }
        }
    }
}

/// The keys AWS derives from a principal: (key, key lowercased as the context looks it up,
/// value if the principal has one).
fn principal_key_values(p: &Principal) -> [(&'static str, &'static str, Option<String>); 4] {
    let principal_arn = match p.kind {
        PrincipalKind::AssumedRole => p.role_arn.clone(),
        PrincipalKind::Root | PrincipalKind::User | PrincipalKind::FederatedUser => {
            Some(p.arn.clone())
        }
        _ => None,
    };
    let username = if p.kind == PrincipalKind::User {
        p.name.clone()
    } else {
        None
    };
    [
        ("aws:PrincipalArn", "aws:principalarn", principal_arn),
        (
            "aws:PrincipalAccount",
            "aws:principalaccount",
            p.account.clone(),
        ),
        (
            "aws:PrincipalType",
            "aws:principaltype",
            p.kind.principal_type().map(str::to_owned),
        ),
        ("aws:username", "aws:username", username),
    ]
}

/// The keys [`Request::fill_principal_keys`] adds for `p`, read once: a request of `p` then
/// takes them with [`Context::insert_unset_from`] (the searches build one request per identity
/// and question).
pub(crate) fn principal_keys(p: &Principal) -> Context {
    let mut keys = Context::with_capacity(4);
    for (key, _, value) in principal_key_values(p) {
        if let Some(v) = value {
            keys.set(key, v);
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn principals() {
        let s = Principal::parse(
            "arn:aws:sts::111111111111:assumed-role/Deploy/alice",
            Some("arn:aws:iam::111111111111:role/ops/Deploy"),
        )
        .unwrap();
        assert_eq!(s.kind, PrincipalKind::AssumedRole);
        assert_eq!(
            s.role_arn.as_deref(),
            Some("arn:aws:iam::111111111111:role/ops/Deploy")
        );
        let s2 =
            Principal::parse("arn:aws:sts::111111111111:assumed-role/Deploy/alice", None).unwrap();
        assert_eq!(
            s2.role_arn.as_deref(),
            Some("arn:aws:iam::111111111111:role/Deploy")
        );
        assert!(!s2.role_path_known);
        let slr = Principal::parse(
            "arn:aws:iam::111111111111:role/aws-service-role/x.amazonaws.com/AWSServiceRoleForX",
            None,
        )
        .unwrap();
        assert!(slr.service_linked);
        assert_eq!(
            Principal::parse("cloudtrail.amazonaws.com", None)
                .unwrap()
                .kind,
            PrincipalKind::Service
        );
        assert_eq!(
            Principal::parse("arn:aws:iam::111111111111:root", None)
                .unwrap()
                .kind,
            PrincipalKind::Root
        );
        assert_eq!(
            Principal::parse("arn:aws:iam::111111111111:user/ops/alice", None)
                .unwrap()
                .name
                .as_deref(),
            Some("alice")
        );
        assert!(Principal::parse("arn:aws:iam::111111111111:group/g", None).is_err());
        assert!(Principal::parse("bob", None).is_err());
    }

    #[test]
    fn resources_and_actions() {
        let r = Resource::new("arn:aws:logs:us-east-1:111122223333:log-group:app:*");
        assert_eq!(r.arn().unwrap().resource, "log-group:app:*");
        assert_eq!(r.arn().unwrap().account, "111122223333");
        assert!(Resource::new("*").arn().is_none());
        let a = Action::parse("STS:AssumeRoleWithSAML").unwrap();
        assert_eq!((a.service(), a.name()), ("sts", "assumerolewithsaml"));
        assert!(a.is_assume_role());
        assert!(Action::parse("s3").is_none());
        for name in ["sts:AssumeRole", "sts:assumerolewithwebidentity"] {
            assert!(
                Action::parse(name).is_some_and(|a| a.is_assume_role()),
                "{name}"
            );
        }
        // A typo is no role assumption (it is an unknown action, warned about as such).
        for name in [
            "sts:AssumeRolee",
            "sts:AssumeRoleWith",
            "sts:AssumeRoot",
            "iam:AssumeRole",
        ] {
            assert!(
                !Action::parse(name).is_some_and(|a| a.is_assume_role()),
                "{name}"
            );
        }
    }
}
