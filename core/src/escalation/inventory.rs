//! What escalation acts on beyond the compiled world: IAM groups with their policies, and which
//! users are members of which groups (the world merges a user's group policies into its own).

use crate::compile::CompiledPolicy;
use crate::context::FnvMap;
use std::sync::Arc;

/// An IAM group of the model.
#[derive(Debug, Clone)]
pub struct Group {
    pub arn: String,
    pub account: String,
    /// Its inline and managed policies.
    pub policies: Vec<Arc<CompiledPolicy>>,
}

/// Groups and memberships of a model.
#[derive(Debug, Clone, Default)]
pub struct Inventory {
    pub groups: Vec<Group>,
    /// Group indices by (account, group name).
    by_name: FnvMap<(String, String), usize>,
    /// Groups of each user, by user ARN.
    member_of: FnvMap<String, Vec<usize>>,
    /// Groups of each account.
    by_account: FnvMap<String, Vec<usize>>,
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
    pub fn groups_of(&self, user_arn: &str) -> &[usize] {
        self.member_of.get(user_arn).map_or(&[], Vec::as_slice)
    }

    /// The groups of an account.
    pub fn groups_in(&self, account: &str) -> &[usize] {
        self.by_account.get(account).map_or(&[], Vec::as_slice)
    }
}
