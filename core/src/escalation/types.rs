//! The shape of a technique: the actions it needs, where each applies, what must hold of the
//! target, and what the principal gains.

use serde::Serialize;

/// The four families of issue #15.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Family {
    /// Change one's own permissions (policies, groups, permissions boundary).
    SelfEscalation,
    /// Become another principal (credentials of a user, the trust of a role, the policies of a
    /// role one can already assume).
    PrincipalAccess,
    /// Create compute that runs as a role passed with `iam:PassRole`.
    NewPassrole,
    /// Take over compute that already runs as a role.
    ExistingPassrole,
}

impl Family {
    pub const ALL: [Family; 4] = [
        Family::SelfEscalation,
        Family::PrincipalAccess,
        Family::NewPassrole,
        Family::ExistingPassrole,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Family::SelfEscalation => "self-escalation",
            Family::PrincipalAccess => "principal-access",
            Family::NewPassrole => "new-passrole",
            Family::ExistingPassrole => "existing-passrole",
        }
    }
}

/// The resource an action of a technique is requested on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "arn")]
pub enum Applies {
    /// The calling user itself.
    CallerUser,
    /// The calling role itself (its session acts on its own role).
    CallerRole,
    /// A group the calling user is a member of.
    CallerGroup,
    /// Another user of the caller's account.
    TargetUser,
    /// A role of the caller's account.
    TargetRole,
    /// A group of the caller's account.
    TargetGroup,
    /// A customer managed policy attached to the principal that gains (directly or by a group).
    AttachedPolicy,
    /// The role passed with `iam:PassRole`.
    PassedRole,
    /// The compute resource the technique creates or takes over: an ARN template with
    /// `{region}` and `{account}` (`*` for actions AWS authorizes on every resource only).
    Compute(&'static str),
}

/// One action of a technique and the resource it is requested on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Step {
    pub action: &'static str,
    pub on: Applies,
}

/// What must hold of the target beyond the actions being allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "value")]
pub enum Precondition {
    /// Nothing beyond the actions.
    None,
    /// The policy is a customer managed policy attached to the principal (AWS managed policies
    /// cannot be changed).
    PolicyAttached,
    /// The policy has a non-default version that grants more (the model holds no versions).
    PolicyVersionExists,
    /// The caller has a permissions boundary.
    CallerHasBoundary,
    /// The caller can already assume the target role (decided as `sts:AssumeRole`).
    CallerCanAssume,
    /// The passed role's trust policy allows this service principal (decided as
    /// `sts:AssumeRole` by the service principal).
    TrustsService(&'static str),
    /// Compute of this service already runs as a role (needs a compute inventory in the model).
    RunsAsRole(&'static str),
}

/// What the principal gains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Gain {
    /// It can grant itself `*` on `*` (its boundary and the SCPs still apply).
    AdminEquivalent,
    /// The permissions of the group it joins.
    GroupPermissions,
    /// Its permissions boundary no longer limits it.
    BoundaryRemoved,
    /// It acts as the target user (new credentials; no MFA of that user).
    TargetUser,
    /// It acts as the target user, which it first made admin-equivalent.
    TargetUserAdmin,
    /// It acts as a session of the target role.
    TargetRole,
    /// It acts as a session of the target role, which it first made admin-equivalent.
    TargetRoleAdmin,
    /// It acts as a session of the target role, whose permissions boundary it removed.
    TargetRoleUnbounded,
    /// Code it controls runs as the passed role.
    PassedRole,
    /// The permissions of another version of an attached policy.
    OtherPolicyVersion,
    /// Code it controls runs as the role existing compute runs as.
    ComputeRole,
}

/// One escalation technique.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Technique {
    /// Stable id: hops of answers name it.
    pub id: &'static str,
    pub family: Family,
    /// What the technique does, in one line.
    pub summary: &'static str,
    pub steps: &'static [Step],
    pub precondition: Precondition,
    pub gains: Gain,
    /// For `iam:PassRole`: `iam:AssociatedResourceArn`, the compute the role is passed to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub associated: Option<&'static str>,
    /// The AWS documentation the technique rests on.
    pub doc: &'static str,
}

impl Technique {
    /// Whether iamsim decides this technique today. The existing-PassRole family needs an
    /// inventory of compute and its roles, which the model does not hold yet; a policy's other
    /// versions are not in the model either.
    pub fn evaluated(&self) -> bool {
        self.family != Family::ExistingPassrole && self.gains != Gain::OtherPolicyVersion
    }

    /// The service principal the passed role must trust.
    pub fn service(&self) -> Option<&'static str> {
        match self.precondition {
            Precondition::TrustsService(s) => Some(s),
            _ => None,
        }
    }
}
