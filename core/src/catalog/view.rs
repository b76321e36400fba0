//! Borrowed, copyable views over the catalog's records: [`Service`], [`Action`],
//! [`ResourceType`], [`ActionResource`], [`Scenario`] and [`ConditionKey`].

use std::fmt;

use super::arn_template::arn_template_can_match;
use super::condition_keys::key_template_matches;
use super::store::{
    ActionData, Catalog, Range, ResourceTypeData, ResourceUseData, ScenarioData, ServiceData,
};
use super::types::{AccessLevel, ConditionKeyType};
use super::wildcard::cmp_ignore_ascii_case;

/// One AWS service (one action prefix such as `s3`).
#[derive(Debug, Clone, Copy)]
pub struct Service<'c> {
    pub(crate) catalog: &'c Catalog,
    pub(crate) data: &'c ServiceData,
}

impl<'c> Service<'c> {
    /// The action prefix, e.g. `s3`.
    pub fn prefix(&self) -> &'static str {
        self.data.prefix
    }

    /// The service's name, e.g. `Amazon S3`.
    pub fn name(&self) -> &'static str {
        self.data.name
    }

    /// Whether resource control policies (RCPs) apply to this service.
    pub fn supports_rcp(&self) -> bool {
        self.data.supports_rcp
    }

    /// All actions, in case-insensitive name order.
    pub fn actions(&self) -> impl ExactSizeIterator<Item = Action<'c>> + 'c {
        let service = *self;
        self.data
            .actions
            .iter()
            .map(move |data| Action { service, data })
    }

    /// The actions whose name starts with `prefix`, ignoring ASCII case: a contiguous run of the
    /// name-sorted table, found by binary search (what `expand_action_pattern` scans for `Get*`).
    pub fn actions_starting_with(
        &self,
        prefix: &str,
    ) -> impl ExactSizeIterator<Item = Action<'c>> + 'c {
        let service = *self;
        let all = &self.data.actions;
        let lower = |b: u8| b.to_ascii_lowercase();
        let starts = |name: &str| {
            name.len() >= prefix.len()
                && name
                    .bytes()
                    .zip(prefix.bytes())
                    .all(|(a, b)| lower(a) == lower(b))
        };
        // A name that starts with `prefix` never sorts before it.
        let from = all.partition_point(|a| cmp_ignore_ascii_case(a.name, prefix).is_lt());
        let rest = all.get(from..).unwrap_or_default();
        let len = rest.iter().take_while(|a| starts(a.name)).count();
        rest.get(..len)
            .unwrap_or_default()
            .iter()
            .map(move |data| Action { service, data })
    }

    /// The action with this name, ignoring ASCII case (`getobject` finds `GetObject`).
    pub fn action(&self, name: &str) -> Option<Action<'c>> {
        let i = self
            .data
            .actions
            .binary_search_by(|a| cmp_ignore_ascii_case(a.name, name))
            .ok()?;
        let data = self.data.actions.get(i)?;
        Some(Action {
            service: *self,
            data,
        })
    }

    /// All resource types, in case-insensitive name order.
    pub fn resource_types(&self) -> impl ExactSizeIterator<Item = ResourceType<'c>> + 'c {
        let service = *self;
        self.data
            .resource_types
            .iter()
            .map(move |data| ResourceType { service, data })
    }

    /// The resource type with this name, ignoring ASCII case.
    pub fn resource_type(&self, name: &str) -> Option<ResourceType<'c>> {
        let i = self
            .data
            .resource_types
            .binary_search_by(|r| cmp_ignore_ascii_case(r.name, name))
            .ok()?;
        let data = self.data.resource_types.get(i)?;
        Some(ResourceType {
            service: *self,
            data,
        })
    }

    /// The resource types whose ARN template the ARN (or ARN pattern) can match.
    pub fn resource_types_for_arn(&self, arn: &str) -> Vec<ResourceType<'c>> {
        self.resource_types()
            .filter(|r| r.can_match_arn(arn))
            .collect()
    }

    /// All condition keys the service declares (including `aws:` keys it lists), in
    /// case-insensitive order.
    pub fn condition_keys(&self) -> impl ExactSizeIterator<Item = ConditionKey> + 'c {
        let prefix = self.data.prefix;
        self.data.keys.iter().map(move |k| ConditionKey {
            name: k.name,
            key_type: k.key_type,
            origin: KeyOrigin::Service(prefix),
        })
    }

    /// The declared key `key` names: an exact case-insensitive match, or a key with a variable
    /// part whose template it fits (`s3:ExistingObjectTag/Owner` fits `s3:ExistingObjectTag/<key>`).
    pub fn condition_key(&self, key: &str) -> Option<ConditionKey> {
        let keys = &self.data.keys;
        let found = match keys.binary_search_by(|k| cmp_ignore_ascii_case(k.name, key)) {
            Ok(i) => keys.get(i),
            Err(_) => keys
                .iter()
                .find(|k| k.is_template && key_template_matches(k.name, key)),
        }?;
        Some(ConditionKey {
            name: found.name,
            key_type: found.key_type,
            origin: KeyOrigin::Service(self.data.prefix),
        })
    }

    // Indices were validated at load, so the filter never drops anything.
    fn keys_at(&self, range: Range) -> impl Iterator<Item = ConditionKey> + 'c {
        let data: &'c ServiceData = self.data;
        range
            .of(&self.catalog.key_pool)
            .iter()
            .filter_map(move |&i| {
                let k = data.keys.get(usize::from(i))?;
                Some(ConditionKey {
                    name: k.name,
                    key_type: k.key_type,
                    origin: KeyOrigin::Service(data.prefix),
                })
            })
    }

    fn uses_at(&self, range: Range) -> impl ExactSizeIterator<Item = ActionResource<'c>> + 'c {
        let service = *self;
        range
            .of(&self.catalog.use_pool)
            .iter()
            .map(move |data| ActionResource { service, data })
    }
}

impl PartialEq for Service<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.data, other.data)
    }
}

/// One action, e.g. `s3:GetObject`.
#[derive(Debug, Clone, Copy)]
pub struct Action<'c> {
    pub(crate) service: Service<'c>,
    pub(crate) data: &'c ActionData,
}

impl<'c> Action<'c> {
    /// The service the action belongs to.
    pub fn service(&self) -> Service<'c> {
        self.service
    }

    /// The action name as the SAR spells it, without prefix (`GetObject`).
    pub fn name(&self) -> &'static str {
        self.data.name
    }

    /// `prefix:Name`, e.g. `s3:GetObject`.
    pub fn full_name(&self) -> String {
        format!("{}:{}", self.service.prefix(), self.data.name)
    }

    /// The SAR access level.
    pub fn access_level(&self) -> AccessLevel {
        self.data.level
    }

    /// The resource types the action can act on. Empty for wildcard-only actions.
    pub fn resource_types(&self) -> impl ExactSizeIterator<Item = ActionResource<'c>> + 'c {
        self.service.uses_at(self.data.uses)
    }

    /// Whether the action names no resource type, so a policy can only grant it with
    /// `"Resource": "*"` (e.g. `s3:ListAllMyBuckets`).
    pub fn is_wildcard_only(&self) -> bool {
        self.data.uses.len == 0
    }

    /// Condition keys the action supports regardless of resource type.
    pub fn condition_keys(&self) -> impl Iterator<Item = ConditionKey> + 'c {
        self.service.keys_at(self.data.keys)
    }

    /// Alternative resource-type sets (only a few actions have them, e.g. `ec2:RunInstances`).
    pub fn scenarios(&self) -> impl ExactSizeIterator<Item = Scenario<'c>> + 'c {
        let service = self.service;
        self.data
            .scenarios
            .of(&self.service.catalog.scenario_pool)
            .iter()
            .map(move |data| Scenario { service, data })
    }
}

impl PartialEq for Action<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.data, other.data)
    }
}

impl fmt::Display for Action<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.service.prefix(), self.data.name)
    }
}

/// A resource type of a service, e.g. s3 `object` with template
/// `arn:${Partition}:s3:::${BucketName}/${ObjectName}`.
#[derive(Debug, Clone, Copy)]
pub struct ResourceType<'c> {
    pub(crate) service: Service<'c>,
    pub(crate) data: &'c ResourceTypeData,
}

impl<'c> ResourceType<'c> {
    /// The service the resource type belongs to.
    pub fn service(&self) -> Service<'c> {
        self.service
    }

    /// The resource type name (`object`).
    pub fn name(&self) -> &'static str {
        self.data.name
    }

    /// The ARN template with `${Placeholder}` parts.
    pub fn arn_template(&self) -> &'static str {
        self.data.arn
    }

    /// Condition keys that apply to every action on this resource type.
    pub fn condition_keys(&self) -> impl Iterator<Item = ConditionKey> + 'c {
        self.service.keys_at(self.data.keys)
    }

    /// Whether the concrete ARN or policy ARN pattern can name a resource of this type (see
    /// `arn_template_can_match` for the rules).
    pub fn can_match_arn(&self, arn: &str) -> bool {
        arn_template_can_match(self.data.arn, arn)
    }
}

impl PartialEq for ResourceType<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.data, other.data)
    }
}

/// How an action uses one resource type.
#[derive(Debug, Clone, Copy)]
pub struct ActionResource<'c> {
    service: Service<'c>,
    data: &'c ResourceUseData,
}

impl<'c> ActionResource<'c> {
    /// The resource type.
    pub fn resource_type(&self) -> Option<ResourceType<'c>> {
        let data = self
            .service
            .data
            .resource_types
            .get(usize::from(self.data.resource_type))?;
        Some(ResourceType {
            service: self.service,
            data,
        })
    }

    /// The SAR marks the resource type required (`*` in its tables).
    pub fn is_required(&self) -> bool {
        self.data.required
    }

    /// Condition keys that apply when the action acts on this resource type.
    pub fn condition_keys(&self) -> impl Iterator<Item = ConditionKey> + 'c {
        self.service.keys_at(self.data.keys)
    }
}

/// An alternative set of resource types for an action (SAR "scenarios").
#[derive(Debug, Clone, Copy)]
pub struct Scenario<'c> {
    service: Service<'c>,
    data: &'c ScenarioData,
}

impl<'c> Scenario<'c> {
    /// The scenario's name.
    pub fn name(&self) -> &'static str {
        self.data.name
    }

    /// The resource types of this scenario.
    pub fn resource_types(&self) -> impl ExactSizeIterator<Item = ActionResource<'c>> + 'c {
        self.service.uses_at(self.data.uses)
    }
}

/// Where a condition key is defined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyOrigin {
    /// iamsim's table of global `aws:` keys.
    Global,
    /// A service's SAR page (the prefix of the service that declares it).
    Service(&'static str),
}

/// A condition key and its value type. For keys with a variable part, `name` is the template
/// (`aws:RequestTag/${TagKey}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConditionKey {
    /// The key or key template as AWS spells it.
    pub name: &'static str,
    /// The value type.
    pub key_type: ConditionKeyType,
    /// Where it is defined.
    pub origin: KeyOrigin,
}

impl ConditionKey {
    /// Whether the request context may carry several values for the key.
    pub fn is_multi_valued(&self) -> bool {
        self.key_type.is_multi_valued()
    }
}
