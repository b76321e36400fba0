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
    /// Every family, in catalog order.
    pub const ALL: [Family; 4] = [
        Family::SelfEscalation,
        Family::PrincipalAccess,
        Family::NewPassrole,
        Family::ExistingPassrole,
    ];

    /// The family's name in answers and docs.
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
    /// The compute of the inventory an existing-PassRole technique takes over.
    ExistingCompute,
    /// The compute resource the technique creates or takes over: an ARN template with
    /// `{region}` and `{account}` (`*` for actions AWS authorizes on every resource only).
    Compute(&'static str),
}

/// One action of a technique and the resource it is requested on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Step {
    /// The action (`service:Action`).
    pub action: &'static str,
    /// The resource it is requested on.
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
    /// The policy has a non-default version (the model's `otherVersions`).
    PolicyVersionExists,
    /// The caller has a permissions boundary.
    CallerHasBoundary,
    /// The caller can already assume the target role (decided as `sts:AssumeRole`).
    CallerCanAssume,
    /// The passed role's trust policy allows this service principal (decided as
    /// `sts:AssumeRole` by the service principal).
    TrustsService(&'static str),
    /// Compute of this kind already runs as a role (the model's compute inventory says which);
    /// the role's trust policy must still allow the kind's service (decided as `sts:AssumeRole`
    /// by the service principal, as for new PassRole). `None`: a kind the inventory does not
    /// hold (not evaluated).
    RunsAsRole(Option<ComputeKind>),
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
    /// Which of the four families it belongs to.
    pub family: Family,
    /// What the technique does, in one line.
    pub summary: &'static str,
    /// The actions it needs, each on its resource.
    pub steps: &'static [Step],
    /// What the target must be for it to work.
    pub precondition: Precondition,
    /// What the caller gains.
    pub gains: Gain,
    /// For `iam:PassRole`: `iam:AssociatedResourceArn`, the compute the role is passed to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub associated: Option<&'static str>,
    /// The AWS documentation the technique rests on.
    pub doc: &'static str,
}

impl Technique {
    /// Whether iamsim decides this technique today: an existing-PassRole technique only for a
    /// kind of compute the model's inventory holds.
    pub(crate) fn evaluated(&self) -> bool {
        match self.precondition {
            Precondition::RunsAsRole(kind) => kind.is_some(),
            _ => true,
        }
    }

    /// For an existing-PassRole technique: the kind of compute it takes over.
    pub(crate) fn compute(&self) -> Option<ComputeKind> {
        match self.precondition {
            Precondition::RunsAsRole(kind) => kind,
            _ => None,
        }
    }

    /// The service principal the passed (or taken over) role must trust.
    pub fn service(&self) -> Option<&'static str> {
        match self.precondition {
            Precondition::TrustsService(s) => Some(s),
            Precondition::RunsAsRole(Some(kind)) => Some(kind.service()),
            _ => None,
        }
    }
}

/// A kind of compute that runs as a role, in the model's compute inventory (docs/model.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ComputeKind {
    /// A Lambda function (`lambda.amazonaws.com`).
    LambdaFunction,
    /// An EC2 instance with an instance profile.
    Ec2Instance,
    /// An EC2 launch template with an instance profile.
    Ec2LaunchTemplate,
    /// An ECS task definition with a task role.
    EcsTaskDefinition,
    /// An ECS service (its task definition's task role).
    EcsService,
    /// A CodeBuild project with a service role.
    CodebuildProject,
    /// A CloudFormation stack with a service role.
    CloudformationStack,
    /// A Glue development endpoint.
    GlueDevEndpoint,
    /// A Glue job.
    GlueJob,
    /// A SageMaker notebook instance.
    SagemakerNotebook,
    /// An App Runner service with an instance role.
    ApprunnerService,
}

impl ComputeKind {
    /// Every kind, in catalog order.
    pub const ALL: [ComputeKind; 11] = [
        ComputeKind::LambdaFunction,
        ComputeKind::Ec2Instance,
        ComputeKind::Ec2LaunchTemplate,
        ComputeKind::EcsTaskDefinition,
        ComputeKind::EcsService,
        ComputeKind::CodebuildProject,
        ComputeKind::CloudformationStack,
        ComputeKind::GlueDevEndpoint,
        ComputeKind::GlueJob,
        ComputeKind::SagemakerNotebook,
        ComputeKind::ApprunnerService,
    ];

    /// The `type` of the model's compute entries.
    pub fn as_str(self) -> &'static str {
        match self {
            ComputeKind::LambdaFunction => "lambda-function",
            ComputeKind::Ec2Instance => "ec2-instance",
            ComputeKind::Ec2LaunchTemplate => "ec2-launch-template",
            ComputeKind::EcsTaskDefinition => "ecs-task-definition",
            ComputeKind::EcsService => "ecs-service",
            ComputeKind::CodebuildProject => "codebuild-project",
            ComputeKind::CloudformationStack => "cloudformation-stack",
            ComputeKind::GlueDevEndpoint => "glue-dev-endpoint",
            ComputeKind::GlueJob => "glue-job",
            ComputeKind::SagemakerNotebook => "sagemaker-notebook",
            ComputeKind::ApprunnerService => "apprunner-service",
        }
    }

    /// The kind named by a compute entry's `type`.
    pub fn parse(text: &str) -> Option<ComputeKind> {
        ComputeKind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// The service principal that runs as the role (the role's trust must allow it).
    pub fn service(self) -> &'static str {
        match self {
            ComputeKind::LambdaFunction => "lambda.amazonaws.com",
            ComputeKind::Ec2Instance | ComputeKind::Ec2LaunchTemplate => "ec2.amazonaws.com",
            ComputeKind::EcsTaskDefinition | ComputeKind::EcsService => "ecs-tasks.amazonaws.com",
            ComputeKind::CodebuildProject => "codebuild.amazonaws.com",
            ComputeKind::CloudformationStack => "cloudformation.amazonaws.com",
            ComputeKind::GlueDevEndpoint | ComputeKind::GlueJob => "glue.amazonaws.com",
            ComputeKind::SagemakerNotebook => "sagemaker.amazonaws.com",
            ComputeKind::ApprunnerService => "tasks.apprunner.amazonaws.com",
        }
    }

    /// The ARN of a resource of this kind from its name (or id), where AWS's ARN is built from
    /// it alone; `None` for kinds whose ARN carries an id AWS generates (give `arn`).
    pub fn arn(self, region: &str, account: &str, name: &str) -> Option<String> {
        let resource = match self {
            ComputeKind::LambdaFunction => format!("lambda:{region}:{account}:function:{name}"),
            ComputeKind::Ec2Instance => format!("ec2:{region}:{account}:instance/{name}"),
            ComputeKind::Ec2LaunchTemplate => {
                format!("ec2:{region}:{account}:launch-template/{name}")
            }
            ComputeKind::EcsTaskDefinition => {
                format!("ecs:{region}:{account}:task-definition/{name}")
            }
            ComputeKind::EcsService => format!("ecs:{region}:{account}:service/{name}"),
            ComputeKind::CodebuildProject => format!("codebuild:{region}:{account}:project/{name}"),
            ComputeKind::GlueDevEndpoint => format!("glue:{region}:{account}:devEndpoint/{name}"),
            ComputeKind::GlueJob => format!("glue:{region}:{account}:job/{name}"),
            // SageMaker lowercases names in its ARNs.
            ComputeKind::SagemakerNotebook => format!(
                "sagemaker:{region}:{account}:notebook-instance/{}",
                name.to_ascii_lowercase()
            ),
            ComputeKind::CloudformationStack | ComputeKind::ApprunnerService => return None,
        };
        Some(format!("arn:aws:{resource}"))
    }

    /// The service prefix of its ARNs.
    pub(crate) fn arn_service(self) -> &'static str {
        match self {
            ComputeKind::LambdaFunction => "lambda",
            ComputeKind::Ec2Instance | ComputeKind::Ec2LaunchTemplate => "ec2",
            ComputeKind::EcsTaskDefinition | ComputeKind::EcsService => "ecs",
            ComputeKind::CodebuildProject => "codebuild",
            ComputeKind::CloudformationStack => "cloudformation",
            ComputeKind::GlueDevEndpoint | ComputeKind::GlueJob => "glue",
            ComputeKind::SagemakerNotebook => "sagemaker",
            ComputeKind::ApprunnerService => "apprunner",
        }
    }
}
