//! Finding principals, roles and resources of a model by the names people type.

use super::build::Model;
use crate::access::{IdentityKind, Target};
use crate::diag::edit_distance;
use crate::eval::ResourcePolicies;
use crate::query::facts::{region_of, resource_facts, ResourceKnowledge};
use crate::request::{Action, Resource};

/// A name that matched nothing, or more than one thing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LookupError {
    /// What matched nothing (or too much), in one sentence.
    pub message: String,
    /// Close matches ("did you mean …").
    pub suggestions: Vec<String>,
}

impl Model {
    /// Finds an identity (IAM user or role) by ARN, by session ARN
    /// (`arn:aws:sts::A:assumed-role/R/S`), by `ACCOUNT:user/NAME` / `ACCOUNT:role/NAME`, or by a
    /// name that is unique in the model.
    pub fn find_identity(&self, text: &str) -> Result<usize, LookupError> {
        let w = &self.world;
        if let Some(i) = w.identity_index(text) {
            return Ok(i);
        }
        if let Some(rest) = text.strip_prefix("arn:aws:sts::") {
            if let Some((account, tail)) = rest.split_once(":assumed-role/") {
                let role = tail.split('/').next().unwrap_or_default();
                let found = w.identities.iter().position(|i| {
                    i.account == account
                        && matches!(i.kind, IdentityKind::Role { .. })
                        && i.arn.rsplit('/').next() == Some(role)
                });
                if let Some(i) = found {
                    return Ok(i);
                }
            }
        }
        let candidates: Vec<usize> = match text.split_once(':') {
            Some((account, rest)) if !text.starts_with("arn:") => w
                .identities
                .iter()
                .enumerate()
                .filter(|(_, i)| i.account == account && names_entity(short_form(&i.arn), rest))
                .map(|(k, _)| k)
                .collect(),
            _ => w
                .identities
                .iter()
                .enumerate()
                .filter(|(_, i)| i.arn.rsplit('/').next() == Some(text))
                .map(|(k, _)| k)
                .collect(),
        };
        match candidates.as_slice() {
            [one] => Ok(*one),
            [] => Err(LookupError {
                message: format!("no user or role `{text}` in the model"),
                suggestions: self.suggest(text),
            }),
            many => Err(LookupError {
                message: format!(
                    "`{text}` names {} principals; give the ARN or ACCOUNT:role/NAME",
                    many.len()
                ),
                suggestions: many
                    .iter()
                    .filter_map(|k| w.identities.get(*k))
                    .map(|i| i.arn.clone())
                    .collect(),
            }),
        }
    }

    fn suggest(&self, text: &str) -> Vec<String> {
        let lower = text.to_ascii_lowercase();
        let name = lower.rsplit(['/', ':']).next().unwrap_or(&lower).to_owned();
        let mut scored: Vec<(usize, &str)> = self
            .world
            .identities
            .iter()
            .map(|i| {
                let last = i
                    .arn
                    .rsplit('/')
                    .next()
                    .unwrap_or(&i.arn)
                    .to_ascii_lowercase();
                (edit_distance(&name, &last), i.arn.as_str())
            })
            .filter(|(d, _)| *d <= (name.len() / 3).max(2))
            .collect();
        scored.sort();
        scored
            .into_iter()
            .take(3)
            .map(|(_, a)| a.to_owned())
            .collect()
    }

    /// The target request for `action` on `resource`: the resource-based policy from the model
    /// (a role's trust policy for `sts:AssumeRole*`, an S3 object's bucket policy) and the RCPs
    /// of the owning account.
    pub fn target(&self, action: &str, resource: &str) -> Result<Target, LookupError> {
        let action = Action::parse(action).ok_or_else(|| LookupError {
            message: format!("`{action}` is not of the form `service:Action`"),
            suggestions: crate::catalog::Catalog::global()
                .suggest_action(action)
                .iter()
                .take(3)
                .map(|a| a.full_name())
                .collect(),
        })?;
        let res = Resource::new(resource);
        let mut owner = res
            .arn()
            .map(|a| a.account.to_owned())
            .filter(|a| !a.is_empty());
        let mut policy = None;
        let mut entry = None;
        let mut role_tags = None;
        if action.is_trust_action() {
            if let Some(r) = self
                .world
                .role_index(resource)
                .and_then(|r| self.world.roles.get(r))
            {
                policy = r.trust.clone();
                owner = Some(r.account.clone());
                // For sts:AssumeRole* the role is the resource: its tags are aws:ResourceTag/*.
                role_tags = Some(r.tags.as_slice());
            }
        } else {
            let bucket_of_object = resource
                .strip_prefix("arn:aws:s3:::")
                .and_then(|rest| rest.split_once('/'))
                .map(|(b, _)| format!("arn:aws:s3:::{b}"));
            entry = self
                .resources
                .iter()
                .find(|r| r.arn == resource)
                .or_else(|| {
                    bucket_of_object.and_then(|b| self.resources.iter().find(|r| r.arn == b))
                });
            if let Some(e) = entry {
                policy = e.policy.clone();
                owner = Some(e.account.clone());
            }
        }
        let knowledge = ResourceKnowledge {
            entry,
            role_tags,
            owner: owner.as_deref(),
            owner_account: owner
                .as_deref()
                .and_then(|o| self.accounts.iter().find(|a| a.id == o)),
            org_id: self.org_id.as_deref(),
            org_region: self.default_region.as_deref(),
        };
        let region = region_of(&action, &res, &knowledge);
        let resource_facts = resource_facts(&knowledge);
        let rcps = owner
            .as_ref()
            .and_then(|o| self.rcps.get(o))
            .cloned()
            .unwrap_or_default();
        Ok(Target::new(
            action,
            res,
            owner,
            ResourcePolicies {
                resource: policy,
                rcps,
            },
            Some(region),
            resource_facts,
        ))
    }
}

/// Whether `written` (`user/NAME`, `role/NAME`, or with the path: `user/PATH/NAME`) names the
/// entity whose ARN resource is `resource` (`user/ops/alice`): the type and the name must agree,
/// and a path, when written, too. IAM names are unique per account whatever the path.
fn names_entity(resource: &str, written: &str) -> bool {
    let (Some((kind, _)), Some((written_kind, written_rest))) =
        (resource.split_once('/'), written.split_once('/'))
    else {
        return false;
    };
    if kind != written_kind || resource.rsplit('/').next() != written.rsplit('/').next() {
        return false;
    }
    !written_rest.contains('/') || resource.ends_with(written)
}

/// `ACCOUNT:user/path/name` style of an ARN (the part after `:iam::ACCOUNT:`).
fn short_form(arn: &str) -> &str {
    arn.splitn(6, ':').nth(5).unwrap_or(arn)
}
