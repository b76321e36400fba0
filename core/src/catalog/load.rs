//! Reader for the packed catalog text (`core/data/iam-catalog.txt`, written by
//! `scripts/gen-iam-catalog.py`; the format is described there and in docs/catalog.md).
//!
//! The reader borrows every name from the text and checks every index and the sort order, so a
//! corrupt file is an error, never a panic or a wrong answer.

use std::cmp::Ordering;

use super::store::{
    ActionData, Catalog, CatalogSource, KeyData, Range, ResourceTypeData, ResourceUseData,
    ScenarioData, ServiceData,
};
use super::types::{AccessLevel, ConditionKeyType};
use super::wildcard::cmp_ignore_ascii_case;

const MAGIC: &str = "iamsim-iam-catalog";
const VERSION: &str = "1";
/// The most fields any record has after its tag (A: name, level, resources, keys).
const MAX_FIELDS: usize = 4;

/// Why the catalog text could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("iam catalog line {line}: {kind}")]
pub struct CatalogError {
    line: usize,
    kind: CatalogErrorKind,
}

impl CatalogError {
    /// The 1-based line the problem is on.
    pub fn line(&self) -> usize {
        self.line
    }

    /// What is wrong.
    pub fn kind(&self) -> &CatalogErrorKind {
        &self.kind
    }
}

/// The kinds of [`CatalogError`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CatalogErrorKind {
    /// The first line is not a version-1 catalog header.
    #[error("expected the header `{MAGIC}\t{VERSION}\t<package>\t<version>\t<updatedAt>`")]
    Header,
    /// A record starts with an unknown tag.
    #[error("unknown record tag `{0}`")]
    UnknownTag(String),
    /// A record has the wrong number of fields.
    #[error("`{tag}` record needs {expected} tab-separated fields")]
    FieldCount {
        /// The record tag.
        tag: &'static str,
        /// How many fields it needs.
        expected: usize,
    },
    /// A K, R, A or V record before the first S record.
    #[error("record outside a service block")]
    OutsideService,
    /// A V record that does not follow an A or V record.
    #[error("scenario without a preceding action")]
    OrphanScenario,
    /// An unknown access-level code.
    #[error("unknown access level `{0}`")]
    AccessLevel(String),
    /// An unknown condition-key type code.
    #[error("unknown condition key type `{0}`")]
    KeyType(String),
    /// An index that is not a number or points past its table.
    #[error("bad index list `{0}`")]
    Index(String),
    /// A name that is not after the previous one in case-insensitive order (or repeats it).
    #[error("`{0}` is out of order or duplicated")]
    Order(String),
    /// An unassociated-condition record names a service the catalog lacks.
    #[error("unknown service `{0}`")]
    UnknownService(String),
    /// A pool grew past what its 32-bit ranges can address.
    #[error("catalog too large")]
    TooLarge,
}

/// Parses the packed catalog text.
pub(crate) fn parse(text: &'static str) -> Result<Catalog, CatalogError> {
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
    let mut catalog = Catalog::empty();
    catalog.source = header(lines.next())?;
    // Whether the previous record was an action or one of its scenarios.
    let mut after_action = false;
    for (line, record) in lines {
        let err = |kind| CatalogError { line, kind };
        let mut fields = record.split('\t');
        let tag = fields.next().unwrap_or("");
        // No record has more than MAX_FIELDS fields after its tag; a longer line keeps a surplus
        // count so `exact` still rejects it. A fixed array keeps loading allocation-free per line.
        let mut buf = [""; MAX_FIELDS + 1];
        let mut count = 0;
        for (slot, field) in buf.iter_mut().zip(fields) {
            *slot = field;
            count += 1;
        }
        let fields = buf.get(..count).unwrap_or(&[]);
        let is_scenario = tag == "V";
        match tag {
            "U" => {
                let [foreign, owner] = exact::<2>(fields, "U").map_err(err)?;
                catalog.unassociated.push((foreign, owner));
            }
            "S" => {
                let [prefix, name, rcp] = exact::<3>(fields, "S").map_err(err)?;
                if let Some(prev) = catalog.services.last() {
                    ascending(prev.prefix, prefix).map_err(err)?;
                }
                catalog.services.push(ServiceData {
                    prefix,
                    name,
                    supports_rcp: rcp == "rcp",
                    keys: Vec::new(),
                    resource_types: Vec::new(),
                    actions: Vec::new(),
                });
            }
            "K" | "R" | "A" | "V" => {
                if is_scenario && !after_action {
                    return Err(err(CatalogErrorKind::OrphanScenario));
                }
                let Some(service) = catalog.services.last_mut() else {
                    return Err(err(CatalogErrorKind::OutsideService));
                };
                let pools = Pools {
                    keys: &mut catalog.key_pool,
                    uses: &mut catalog.use_pool,
                    scenarios: &mut catalog.scenario_pool,
                };
                service_record(tag, fields, service, pools).map_err(err)?;
            }
            "" if record.is_empty() => {}
            other => return Err(err(CatalogErrorKind::UnknownTag(other.to_owned()))),
        }
        after_action = tag == "A" || is_scenario;
    }
    for &(_, owner) in &catalog.unassociated {
        if catalog
            .services
            .binary_search_by(|s| cmp_ignore_ascii_case(s.prefix, owner))
            .is_err()
        {
            return Err(CatalogError {
                line: 0,
                kind: CatalogErrorKind::UnknownService(owner.to_owned()),
            });
        }
    }
    Ok(catalog)
}

fn header(first: Option<(usize, &'static str)>) -> Result<CatalogSource, CatalogError> {
    let bad = CatalogError {
        line: 1,
        kind: CatalogErrorKind::Header,
    };
    let Some((_, line)) = first else {
        return Err(bad);
    };
    let fields: Vec<&'static str> = line.split('\t').collect();
    match fields.as_slice() {
        [MAGIC, VERSION, package, version, updated_at] => Ok(CatalogSource {
            package,
            version,
            updated_at,
        }),
        _ => Err(bad),
    }
}

struct Pools<'p> {
    keys: &'p mut Vec<u16>,
    uses: &'p mut Vec<ResourceUseData>,
    scenarios: &'p mut Vec<ScenarioData>,
}

fn service_record(
    tag: &str,
    fields: &[&'static str],
    service: &mut ServiceData,
    pools: Pools<'_>,
) -> Result<(), CatalogErrorKind> {
    match tag {
        "K" => {
            let [name, code] = exact::<2>(fields, "K")?;
            if let Some(prev) = service.keys.last() {
                ascending(prev.name, name)?;
            }
            let key_type = ConditionKeyType::from_code(code)
                .ok_or_else(|| CatalogErrorKind::KeyType(code.to_owned()))?;
            service.keys.push(KeyData {
                name,
                key_type,
                is_template: name.contains("${") || name.contains('<'),
            });
        }
        "R" => {
            let [name, arn, keys] = exact::<3>(fields, "R")?;
            if let Some(prev) = service.resource_types.last() {
                ascending(prev.name, name)?;
            }
            let keys = key_list(keys, service.keys.len(), pools.keys)?;
            service
                .resource_types
                .push(ResourceTypeData { name, arn, keys });
        }
        "A" => {
            let [name, level, uses, keys] = exact::<4>(fields, "A")?;
            if let Some(prev) = service.actions.last() {
                ascending(prev.name, name)?;
            }
            let level = AccessLevel::from_code(level)
                .ok_or_else(|| CatalogErrorKind::AccessLevel(level.to_owned()))?;
            let uses = use_list(uses, service, pools.keys, pools.uses)?;
            let keys = key_list(keys, service.keys.len(), pools.keys)?;
            let scenarios = Range {
                start: pool_len(pools.scenarios)?,
                len: 0,
            };
            service.actions.push(ActionData {
                name,
                level,
                uses,
                keys,
                scenarios,
            });
        }
        "V" => {
            let [name, uses] = exact::<2>(fields, "V")?;
            let uses = use_list(uses, service, pools.keys, pools.uses)?;
            let action = service
                .actions
                .last_mut()
                .ok_or(CatalogErrorKind::OrphanScenario)?;
            // Scenarios of one action are consecutive records, so they are consecutive in the pool.
            action.scenarios.len += 1;
            pools.scenarios.push(ScenarioData { name, uses });
        }
        _ => return Err(CatalogErrorKind::UnknownTag(tag.to_owned())),
    }
    Ok(())
}

fn exact<const N: usize>(
    fields: &[&'static str],
    tag: &'static str,
) -> Result<[&'static str; N], CatalogErrorKind> {
    <[&'static str; N]>::try_from(fields)
        .map_err(|_| CatalogErrorKind::FieldCount { tag, expected: N })
}

fn ascending(prev: &str, next: &str) -> Result<(), CatalogErrorKind> {
    match cmp_ignore_ascii_case(prev, next) {
        Ordering::Less => Ok(()),
        _ => Err(CatalogErrorKind::Order(next.to_owned())),
    }
}

fn pool_len<T>(pool: &[T]) -> Result<u32, CatalogErrorKind> {
    u32::try_from(pool.len()).map_err(|_| CatalogErrorKind::TooLarge)
}

/// `3,7,12` → indices into a table of `limit` entries, appended to the key pool.
fn key_list(field: &str, limit: usize, pool: &mut Vec<u16>) -> Result<Range, CatalogErrorKind> {
    let start = pool_len(pool)?;
    if !field.is_empty() {
        for part in field.split(',') {
            pool.push(index(part, limit, field)?);
        }
    }
    let len = pool_len(pool)? - start;
    Ok(Range { start, len })
}

/// `4!=1,2;5` → resource uses (type index, required flag, condition keys), appended to the pool.
fn use_list(
    field: &str,
    service: &ServiceData,
    key_pool: &mut Vec<u16>,
    use_pool: &mut Vec<ResourceUseData>,
) -> Result<Range, CatalogErrorKind> {
    let start = pool_len(use_pool)?;
    if !field.is_empty() {
        for part in field.split(';') {
            let (head, keys) = part.split_once('=').unwrap_or((part, ""));
            let (head, required) = match head.strip_suffix('!') {
                Some(head) => (head, true),
                None => (head, false),
            };
            let resource_type = index(head, service.resource_types.len(), field)?;
            let keys = key_list(keys, service.keys.len(), key_pool)?;
            use_pool.push(ResourceUseData {
                resource_type,
                required,
                keys,
            });
        }
    }
    let len = pool_len(use_pool)? - start;
    Ok(Range { start, len })
}

fn index(part: &str, limit: usize, whole: &str) -> Result<u16, CatalogErrorKind> {
    match part.parse::<u16>() {
        Ok(i) if usize::from(i) < limit => Ok(i),
        _ => Err(CatalogErrorKind::Index(whole.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TINY: &str = "iamsim-iam-catalog\t1\tpkg\t0.1\t2026-01-01\n\
U\taccounts.example.com\tsts\n\
S\ts3\tAmazon S3\trcp\n\
K\taws:ResourceTag/${TagKey}\tstr\n\
K\ts3:prefix\tstr\n\
R\tbucket\tarn:${Partition}:s3:::${BucketName}\t0\n\
A\tGetObject\tR\t0=1\t1\n\
A\tListAllMyBuckets\tL\t\t\n\
S\tsts\tAWS STS\t-\n\
A\tAssumeRole\tW\t\t\n\
V\tScenarioA\t\n";

    #[test]
    fn reads_a_small_catalog() {
        let c = parse(TINY).unwrap();
        assert_eq!(c.source.version, "0.1");
        assert_eq!(c.services.len(), 2);
        let s3 = &c.services[0];
        assert!(s3.supports_rcp);
        assert_eq!(
            s3.actions[0].uses.of(&c.use_pool)[0].keys.of(&c.key_pool),
            &[1]
        );
        assert_eq!(c.services[1].actions[0].scenarios.len, 1);
    }

    fn error_of(text: &'static str) -> CatalogErrorKind {
        parse(text).unwrap_err().kind
    }

    #[test]
    fn rejects_corrupt_input_with_the_reason() {
        assert_eq!(error_of("nope\n"), CatalogErrorKind::Header);
        assert_eq!(error_of(""), CatalogErrorKind::Header);
        assert_eq!(
            error_of("iamsim-iam-catalog\t1\tp\tv\td\nA\tX\tR\t\t\n"),
            CatalogErrorKind::OutsideService
        );
        assert_eq!(
            error_of("iamsim-iam-catalog\t1\tp\tv\td\nS\ts\tS\t-\nA\tX\tQ\t\t\n"),
            CatalogErrorKind::AccessLevel("Q".into())
        );
        assert_eq!(
            error_of("iamsim-iam-catalog\t1\tp\tv\td\nS\ts\tS\t-\nA\tX\tR\t0\t\n"),
            CatalogErrorKind::Index("0".into())
        );
        assert_eq!(
            error_of("iamsim-iam-catalog\t1\tp\tv\td\nS\ts\tS\t-\nA\tb\tR\t\t\nA\tA\tR\t\t\n"),
            CatalogErrorKind::Order("A".into())
        );
        assert_eq!(
            error_of("iamsim-iam-catalog\t1\tp\tv\td\nS\ts\tS\t-\nV\tx\t\n"),
            CatalogErrorKind::OrphanScenario
        );
        assert_eq!(
            error_of("iamsim-iam-catalog\t1\tp\tv\td\nU\tx\tnope\n"),
            CatalogErrorKind::UnknownService("nope".into())
        );
        assert_eq!(
            error_of("iamsim-iam-catalog\t1\tp\tv\td\nS\ts\tS\n"),
            CatalogErrorKind::FieldCount {
                tag: "S",
                expected: 3
            }
        );
    }
}
