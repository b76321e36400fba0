//! The one rule for what a request carries beyond what the question gives: the region it is sent
//! to and the resource-side keys AWS adds (tags, owner account, organization). Every answer lists
//! what was assumed here, with where it came from.

use crate::context::Context;
use crate::model::{AccountSummary, ModelResource};
use crate::request::{Action, Resource};
use serde::Serialize;

/// Where an assumed fact came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FactSource {
    /// The question gave it.
    Given,
    /// `--mfa` for a user with an MFA device.
    Mfa,
    /// The resource's `region` in the model.
    ResourceRegion,
    /// The region field of the resource ARN.
    ResourceArn,
    /// A global service (IAM, the global STS endpoint, Organizations, CloudFront, Route 53 …):
    /// AWS reports `us-east-1`.
    GlobalService,
    /// The `defaultRegion` of the resource's account in the model.
    AccountDefaultRegion,
    /// The `defaultRegion` of the organization in the model.
    OrganizationDefaultRegion,
    /// Nothing names a region: `us-east-1`, AWS's default endpoint.
    FallbackRegion,
    /// The resource's tags in the model (a role's tags for `sts:AssumeRole*`).
    ResourceTags,
    /// The account that owns the resource.
    ResourceAccount,
    /// Where the resource's account sits in the organization of the model.
    ResourceOrganization,
}

impl FactSource {
    /// In words, for people.
    pub fn describe(self) -> &'static str {
        match self {
            FactSource::Given => "given",
            FactSource::Mfa => "--mfa, the user has an MFA device",
            FactSource::ResourceRegion => "the resource's region in the model",
            FactSource::ResourceArn => "the resource ARN's region",
            FactSource::GlobalService => "a global service reports us-east-1",
            FactSource::AccountDefaultRegion => "the account's defaultRegion",
            FactSource::OrganizationDefaultRegion => "the organization's defaultRegion",
            FactSource::FallbackRegion => "no region known: us-east-1",
            FactSource::ResourceTags => "the resource's tags in the model",
            FactSource::ResourceAccount => "the resource's owner",
            FactSource::ResourceOrganization => "the resource account's place in the organization",
        }
    }
}

/// One or several values of an assumed key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum FactValue {
    /// A single value.
    One(String),
    /// Several values (a multivalued key, e.g. `aws:PrincipalOrgPaths`).
    Many(Vec<String>),
}

/// A context key iamsim set on the question's behalf.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fact {
    /// The context key (e.g. `aws:RequestedRegion`).
    pub key: String,
    /// Its value or values.
    pub value: FactValue,
    /// Where iamsim took it from.
    pub source: FactSource,
}

impl Fact {
    fn one(key: impl Into<String>, value: impl Into<String>, source: FactSource) -> Fact {
        Fact {
            key: key.into(),
            value: FactValue::One(value.into()),
            source,
        }
    }

    /// `key=value` (values joined by commas).
    pub fn pair(&self) -> String {
        match &self.value {
            FactValue::One(v) => format!("{}={v}", self.key),
            FactValue::Many(vs) => format!("{}={}", self.key, vs.join(",")),
        }
    }
}

/// The region AWS reports for the global endpoint of these services.
const GLOBAL_SERVICES: [&str; 13] = [
    "iam",
    "sts",
    "organizations",
    "cloudfront",
    "route53",
    "route53domains",
    "globalaccelerator",
    "waf",
    "shield",
    "budgets",
    "ce",
    "health",
    "support",
];

const FALLBACK_REGION: &str = "us-east-1";

/// What the model knows about the target's resource.
pub(crate) struct ResourceKnowledge<'m> {
    /// The resource entry of the model (for an S3 object, its bucket).
    pub entry: Option<&'m ModelResource>,
    /// For `sts:AssumeRole*` on a role of the model: the role's tags.
    pub role_tags: Option<&'m [(String, String)]>,
    /// The owner account, when known.
    pub owner: Option<&'m str>,
    pub owner_account: Option<&'m AccountSummary>,
    pub org_id: Option<&'m str>,
    pub org_region: Option<&'m str>,
}

/// The region of a request for `action` on `resource`: the resource's region in the model, else
/// the ARN's, else us-east-1 for a global service, else the owner account's default region, else
/// the organization's, else us-east-1. AWS always sends one (`aws:RequestedRegion`): leaving it
/// absent would make every region-restricting SCP deny requests on S3 buckets.
pub(crate) fn region_of(action: &Action, resource: &Resource, k: &ResourceKnowledge) -> Fact {
    const KEY: &str = "aws:RequestedRegion";
    if let Some(r) = k.entry.and_then(|e| e.region.as_deref()) {
        return Fact::one(KEY, r, FactSource::ResourceRegion);
    }
    if let Some(arn) = resource.arn().filter(|a| !a.region.is_empty()) {
        return Fact::one(KEY, arn.region, FactSource::ResourceArn);
    }
    let service = action.service().to_ascii_lowercase();
    if GLOBAL_SERVICES.contains(&service.as_str()) {
        return Fact::one(KEY, FALLBACK_REGION, FactSource::GlobalService);
    }
    if let Some(r) = k.owner_account.and_then(|a| a.default_region.as_deref()) {
        return Fact::one(KEY, r, FactSource::AccountDefaultRegion);
    }
    if let Some(r) = k.org_region {
        return Fact::one(KEY, r, FactSource::OrganizationDefaultRegion);
    }
    Fact::one(KEY, FALLBACK_REGION, FactSource::FallbackRegion)
}

/// The resource-side keys AWS adds to a request: `aws:ResourceTag/*`, `aws:ResourceAccount`,
/// `aws:ResourceOrgID` and `aws:ResourceOrgPaths`, from what the model knows.
pub(crate) fn resource_facts(k: &ResourceKnowledge) -> Vec<Fact> {
    let mut out = Vec::new();
    let tags = k.role_tags.or(k.entry.map(|e| e.tags.as_slice()));
    for (key, value) in tags.unwrap_or_default() {
        out.push(Fact::one(
            format!("aws:ResourceTag/{key}"),
            value.clone(),
            FactSource::ResourceTags,
        ));
    }
    if let Some(owner) = k.owner {
        out.push(Fact::one(
            "aws:ResourceAccount",
            owner,
            FactSource::ResourceAccount,
        ));
    }
    if let Some(account) = k.owner_account.filter(|a| a.in_organization) {
        if let Some(org) = k.org_id {
            out.push(Fact::one(
                "aws:ResourceOrgID",
                org,
                FactSource::ResourceOrganization,
            ));
        }
        if let Some(path) = &account.org_entity_path {
            out.push(Fact {
                key: "aws:ResourceOrgPaths".into(),
                value: FactValue::Many(vec![path.clone()]),
                source: FactSource::ResourceOrganization,
            });
        }
    }
    out
}

/// Sets the facts in `context` where the question did not give the key; returns those set.
pub(crate) fn apply_facts<'f>(context: &mut Context, facts: &'f [Fact]) -> Vec<&'f Fact> {
    let mut applied = Vec::new();
    for fact in facts {
        if context.contains(&fact.key) {
            continue;
        }
        match &fact.value {
            FactValue::One(v) => context.set(&fact.key, v.clone()),
            FactValue::Many(vs) => context.set_multi(&fact.key, vs.iter().cloned()),
        }
        applied.push(fact);
    }
    applied
}
