//! Compile once per stream: a cache of the compiled policies of scenario lines, keyed by each
//! policy's JSON text and its place in the scenario.
//!
//! The lines of a batch repeat their policies (the same SCPs, boundaries, bucket policies). A
//! [`PolicyCache`] installed on a thread with [`PolicyCache::scope`] lets the scenario reader
//! take a policy it has already read, validated and compiled instead of doing it again. Only
//! policies that had no diagnostic at all are kept, so a hit yields exactly what reading the
//! text again would: the same compiled policy and no finding to report.
//!
//! The key is the text, the policy kind, its label and JSON path (which the compiled policy
//! carries into traces) and the limits. Statement spans are offsets into the line; when traces
//! are printed (`keep_spans`), the policy's offset in its line is part of the key too, and
//! otherwise a hit shares the spans of the line that compiled it first, which decisions never
//! read.
//!
//! The cache is bounded: past `MAX_ENTRIES` policies or `MAX_TEXT_BYTES` of keys it is
//! emptied and starts over (a stream whose policies never repeat pays one hash per policy).

use super::CompiledPolicy;
use crate::limits::Limits;
use crate::policy::PolicyKind;
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::sync::{Arc, Mutex};

/// Most policies held at once.
pub(crate) const MAX_ENTRIES: usize = 4096;
/// Most bytes of policy text held at once (as keys).
pub(crate) const MAX_TEXT_BYTES: usize = 16 << 20;

/// Where and how one policy of a scenario is read: what makes two readings the same.
#[derive(Debug, Clone, Copy)]
pub struct PolicyKey<'a> {
    /// The policy's kind (the same text reads differently as another kind).
    pub kind: PolicyKind,
    /// How the input names the policy.
    pub label: &'a str,
    /// JSON pointer of the policy in its line.
    pub path: &'a str,
    /// The policy's JSON text as it stands in the line.
    pub text: &'a str,
    /// Byte offset of the text in its line.
    pub start: u32,
    /// The limits the policy is read under.
    pub limits: Limits,
}

impl<'a> PolicyKey<'a> {
    /// The key of the policy document `value` of a scenario whose text is `source` (`None`
    /// when its span is not in `source`).
    pub fn of(
        kind: PolicyKind,
        label: &'a str,
        path: &'a str,
        value: &crate::json::JsonValue,
        source: &'a str,
        limits: &Limits,
    ) -> Option<PolicyKey<'a>> {
        let text = source.get(value.span.start as usize..value.span.end as usize)?;
        Some(PolicyKey {
            kind,
            label,
            path,
            text,
            start: value.span.start,
            limits: *limits,
        })
    }
}

struct Entry {
    kind: PolicyKind,
    label: Box<str>,
    path: Box<str>,
    text: Box<str>,
    start: Option<u32>,
    limits: Limits,
    policy: Arc<CompiledPolicy>,
}

#[derive(Default)]
struct Entries {
    by_hash: HashMap<u64, Vec<Entry>>,
    count: usize,
    text_bytes: usize,
}

/// Compiled policies shared by the lines of one stream (and the threads deciding them).
pub struct PolicyCache {
    keep_spans: bool,
    hasher: RandomState,
    entries: Mutex<Entries>,
}

thread_local! {
    static CURRENT: RefCell<Option<Arc<PolicyCache>>> = const { RefCell::new(None) };
}

/// Puts back the cache a thread had before [`PolicyCache::scope`].
struct Restore(Option<Arc<PolicyCache>>);

impl Drop for Restore {
    fn drop(&mut self) {
        let previous = self.0.take();
        CURRENT.with(|c| *c.borrow_mut() = previous);
    }
}

impl PolicyCache {
    /// An empty cache. `keep_spans`: statement spans must point into each line (traces are
    /// printed).
    pub fn new(keep_spans: bool) -> PolicyCache {
        PolicyCache {
            keep_spans,
            hasher: RandomState::new(),
            entries: Mutex::new(Entries::default()),
        }
    }

    /// Runs `f` with this cache used by every scenario read on the calling thread.
    pub fn scope<R>(self: &Arc<Self>, f: impl FnOnce() -> R) -> R {
        let previous = CURRENT.with(|c| c.borrow_mut().replace(Arc::clone(self)));
        let _restore = Restore(previous);
        f()
    }

    /// How many compiled policies it holds.
    pub fn len(&self) -> usize {
        self.entries.lock().map_or(0, |e| e.count)
    }

    /// Whether the cache holds no policy.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn start(&self, key: &PolicyKey<'_>) -> Option<u32> {
        self.keep_spans.then_some(key.start)
    }

    fn hash(&self, key: &PolicyKey<'_>) -> u64 {
        self.hasher.hash_one((
            key.kind,
            key.label,
            key.path,
            key.text,
            self.start(key),
            key.limits.statements,
        ))
    }

    fn get(&self, key: &PolicyKey<'_>) -> Option<Arc<CompiledPolicy>> {
        let hash = self.hash(key);
        let start = self.start(key);
        // A poisoned lock (a panic elsewhere) is a miss: the policy is read again.
        let entries = self.entries.lock().ok()?;
        entries
            .by_hash
            .get(&hash)?
            .iter()
            .find(|e| {
                e.kind == key.kind
                    && e.start == start
                    && e.limits == key.limits
                    && *e.label == *key.label
                    && *e.path == *key.path
                    && *e.text == *key.text
            })
            .map(|e| Arc::clone(&e.policy))
    }

    fn put(&self, key: &PolicyKey<'_>, policy: &Arc<CompiledPolicy>) {
        let hash = self.hash(key);
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        if entries.count >= MAX_ENTRIES || entries.text_bytes + key.text.len() > MAX_TEXT_BYTES {
            *entries = Entries::default();
        }
        entries.count += 1;
        entries.text_bytes += key.text.len();
        entries.by_hash.entry(hash).or_default().push(Entry {
            kind: key.kind,
            label: key.label.into(),
            path: key.path.into(),
            text: key.text.into(),
            start: self.start(key),
            limits: key.limits,
            policy: Arc::clone(policy),
        });
    }
}

/// The policy compiled earlier in this thread's stream under `key`, if a cache is in scope.
pub(crate) fn lookup(key: &PolicyKey<'_>) -> Option<Arc<CompiledPolicy>> {
    CURRENT.with(|c| c.borrow().as_ref().and_then(|cache| cache.get(key)))
}

/// Keeps `policy`, read under `key` without any diagnostic, for the rest of the stream (when a
/// cache is in scope).
pub fn store(key: &PolicyKey<'_>, policy: &Arc<CompiledPolicy>) {
    CURRENT.with(|c| {
        if let Some(cache) = c.borrow().as_ref() {
            cache.put(key, policy);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile::{compile_policy, PolicySource};
    use crate::policy::parse_policy;

    const TEXT: &str =
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}"#;

    fn compiled() -> Arc<CompiledPolicy> {
        let policy = parse_policy(TEXT).policy.unwrap();
        Arc::new(compile_policy(
            &policy,
            PolicySource {
                kind: PolicyKind::Scp,
                label: "scps[0][0]".into(),
                path: "/scps/0/0".into(),
            },
        ))
    }

    fn key(start: u32) -> PolicyKey<'static> {
        PolicyKey {
            kind: PolicyKind::Scp,
            label: "scps[0][0]",
            path: "/scps/0/0",
            text: TEXT,
            start,
            limits: Limits::default(),
        }
    }

    #[test]
    fn a_stored_policy_is_found_only_within_scope_and_only_under_its_whole_key() {
        let cache = Arc::new(PolicyCache::new(false));
        let policy = compiled();
        store(&key(10), &policy);
        assert!(cache.is_empty(), "no cache in scope: nothing kept");
        cache.scope(|| {
            store(&key(10), &policy);
            let hit = lookup(&key(99)).unwrap();
            assert!(
                Arc::ptr_eq(&hit, &policy),
                "offsets do not matter without traces"
            );
            let other_kind = PolicyKey {
                kind: PolicyKind::Rcp,
                ..key(10)
            };
            let other_path = PolicyKey {
                path: "/scps/0/1",
                ..key(10)
            };
            let other_text = PolicyKey {
                text: TEXT.trim_end_matches('}'),
                ..key(10)
            };
            let other_limits = PolicyKey {
                limits: Limits {
                    statements: 1,
                    ..Limits::default()
                },
                ..key(10)
            };
            for k in [other_kind, other_path, other_text, other_limits] {
                assert!(lookup(&k).is_none(), "{k:?}");
            }
        });
        assert!(lookup(&key(10)).is_none(), "out of scope again");
        assert_eq!(cache.len(), 1);
    }

    #[test]
    fn with_traces_the_offset_is_part_of_the_key() {
        let cache = Arc::new(PolicyCache::new(true));
        let policy = compiled();
        cache.scope(|| {
            store(&key(10), &policy);
            assert!(lookup(&key(10)).is_some());
            assert!(lookup(&key(11)).is_none());
        });
    }

    #[test]
    fn a_full_cache_starts_over() {
        let cache = Arc::new(PolicyCache::new(true));
        let policy = compiled();
        cache.scope(|| {
            for start in 0..MAX_ENTRIES as u32 {
                store(&key(start), &policy);
            }
            assert_eq!(cache.len(), MAX_ENTRIES);
            assert!(lookup(&key(0)).is_some());
            store(&key(u32::MAX), &policy);
            assert_eq!(cache.len(), 1);
            assert!(lookup(&key(0)).is_none());
            assert!(lookup(&key(u32::MAX)).is_some());
        });
    }

    /// Reads `line` as a scenario; its identity policies.
    fn identity_policies(line: &str) -> Vec<Arc<CompiledPolicy>> {
        let value = crate::json::parse(line, crate::json::Limits::default()).unwrap();
        crate::scenario::read_scenario(&value, line)
            .unwrap()
            .caller
            .identity
    }

    #[test]
    fn the_scenario_reader_compiles_a_clean_policy_once_and_a_policy_with_findings_each_time() {
        let clean = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}"#;
        let unversioned = r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}"#;
        let line = |id: &str| {
            format!(
                r#"{{"id":"{id}","principal":null,"action":"s3:GetObject","resource":"*","identityPolicies":[{clean},{unversioned}]}}"#
            )
        };
        let cache = Arc::new(PolicyCache::new(false));
        let (first, second) = cache.scope(|| {
            (
                identity_policies(&line("a")),
                identity_policies(&line("longer")),
            )
        });
        assert!(
            Arc::ptr_eq(&first[0], &second[0]),
            "the clean policy is shared"
        );
        assert!(
            !Arc::ptr_eq(&first[1], &second[1]),
            "a `missing-version` warning: read again"
        );
        assert_eq!(cache.len(), 1);
        let outside = identity_policies(&line("a"));
        assert!(
            !Arc::ptr_eq(&first[0], &outside[0]),
            "no cache outside the scope"
        );
        assert_eq!(first[0].source, outside[0].source);
    }
}
