//! What escalation acts on beyond the compiled world: IAM groups with their policies, which
//! users are members of which groups (the world merges a user's group policies into its own),
//! and the compute that already runs as a role (the existing-PassRole family).

use crate::compile::CompiledPolicy;
use crate::context::FnvMap;
use std::sync::Arc;

/// An IAM group of the model.
#[derive(Debug, Clone)]
pub struct Group {
    /// The group's ARN.
    pub arn: String,
    /// The group's account ID.
    pub account: String,
    /// Its inline and managed policies.
    pub policies: Vec<Arc<CompiledPolicy>>,
}

/// A compute resource of the model that runs as a role (docs/model.md, `compute`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compute {
    /// What kind of compute it is.
    pub kind: super::ComputeKind,
    /// Its ARN.
    pub arn: String,
    /// Its account ID.
    pub account: String,
    /// Its region.
    pub region: String,
    /// The ARN of the role it runs as.
    pub role: String,
    /// Its tags (`aws:ResourceTag/*` of requests on it).
    pub tags: Vec<(String, String)>,
    /// For EC2: the instance profile that holds the role (for people; the role is decided).
    pub instance_profile: Option<String>,
}

/// A non-default version of a customer managed policy.
#[derive(Debug, Clone)]
pub struct PolicyVersion {
    /// The policy's ARN.
    pub policy: String,
    /// The version id (`v2` …).
    pub version: String,
    /// The version's document, compiled.
    pub compiled: Arc<CompiledPolicy>,
}

/// Groups and memberships of a model.
#[derive(Debug, Clone, Default)]
pub struct Inventory {
    /// Every group of the model.
    pub groups: Vec<Group>,
    /// Group indices by (account, group name).
    by_name: FnvMap<(String, String), usize>,
    /// Groups of each user, by user ARN.
    member_of: FnvMap<String, Vec<usize>>,
    /// Groups of each account.
    by_account: FnvMap<String, Vec<usize>>,
    /// The compute that runs as a role, in document order.
    pub compute: Vec<Compute>,
    /// Compute of each account.
    compute_by_account: FnvMap<String, Vec<usize>>,
    /// The non-default versions of customer managed policies.
    pub versions: Vec<PolicyVersion>,
    /// Versions by policy ARN.
    versions_of: FnvMap<String, Vec<usize>>,
}

impl Inventory {
    /// Records a group (the model loader calls this in document order).
    pub(crate) fn add_group(
        &mut self,
        arn: String,
        account: &str,
        name: &str,
        policies: Vec<Arc<CompiledPolicy>>,
    ) {
        let i = self.groups.len();
        self.groups.push(Group {
            arn,
            account: account.to_owned(),
            policies,
        });
        self.by_name
            .insert((account.to_owned(), name.to_owned()), i);
        self.by_account
            .entry(account.to_owned())
            .or_default()
            .push(i);
    }

    /// Records that the user `user_arn` is a member of the group `name` of `account`.
    pub(crate) fn add_member(&mut self, user_arn: &str, account: &str, name: &str) {
        let Some(&g) = self.by_name.get(&(account.to_owned(), name.to_owned())) else {
            return;
        };
        let list = self.member_of.entry(user_arn.to_owned()).or_default();
        if !list.contains(&g) {
            list.push(g);
        }
    }

    /// The groups a user is a member of.
    pub(crate) fn groups_of(&self, user_arn: &str) -> &[usize] {
        self.member_of.get(user_arn).map_or(&[], Vec::as_slice)
    }

    /// The groups of an account.
    pub(crate) fn groups_in(&self, account: &str) -> &[usize] {
        self.by_account.get(account).map_or(&[], Vec::as_slice)
    }

    /// Records a compute resource (the model loader calls this in document order).
    pub(crate) fn add_compute(&mut self, compute: Compute) {
        self.compute_by_account
            .entry(compute.account.clone())
            .or_default()
            .push(self.compute.len());
        self.compute.push(compute);
    }

    /// The compute of an account.
    pub(crate) fn compute_in(&self, account: &str) -> impl Iterator<Item = &Compute> + '_ {
        self.compute_by_account
            .get(account)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter_map(|i| self.compute.get(*i))
    }

    /// Records a non-default version of the customer managed policy `policy`.
    pub(crate) fn add_version(
        &mut self,
        policy: &str,
        version: &str,
        compiled: Arc<CompiledPolicy>,
    ) {
        self.versions_of
            .entry(policy.to_owned())
            .or_default()
            .push(self.versions.len());
        self.versions.push(PolicyVersion {
            policy: policy.to_owned(),
            version: version.to_owned(),
            compiled,
        });
    }

    /// The non-default versions of a policy (indices into [`Inventory::versions`]).
    pub(crate) fn versions_of(&self, policy: &str) -> &[usize] {
        self.versions_of.get(policy).map_or(&[], Vec::as_slice)
    }
}
