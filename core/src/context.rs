//! The request context: condition keys with their values, read once per request.
//!
//! Key names are case-insensitive (including the tag-key part of `aws:PrincipalTag/K`), so keys are
//! stored lowercased. Each value is parsed once into every type an operator might compare it as
//! (number, date, boolean, IP), so that evaluating a condition never parses text.

use crate::pattern::VarSource;
use crate::value::{self, Decimal, Timestamp};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::net::IpAddr;
use std::sync::Arc;

/// One context value with its typed readings.
#[derive(Debug, Clone, PartialEq)]
pub struct ContextValue {
    /// The value as written.
    pub raw: String,
    /// Read as a number, when it is one.
    pub number: Option<Decimal>,
    /// Read as a date (ISO 8601 or epoch seconds), when it is one.
    pub date: Option<Timestamp>,
    /// Read as a boolean (`true`/`false`, any case), when it is one.
    pub boolean: Option<bool>,
    /// Read as an IP address, when it is one.
    pub ip: Option<IpAddr>,
}

impl ContextValue {
    /// Reads `raw` once into every type an operator might compare it as.
    pub fn new(raw: impl Into<String>) -> Self {
        let raw = raw.into();
        // Cheap guards keep the typed readings from costing much on ordinary strings.
        let first = raw.as_bytes().first().copied().unwrap_or(b' ');
        let numeric_start =
            first.is_ascii_digit() || first == b'-' || first == b'+' || first == b'.';
        let number = if numeric_start {
            Decimal::parse(&raw)
        } else {
            None
        };
        let date = if first.is_ascii_digit() || first == b'-' {
            value::parse_timestamp(&raw)
        } else {
            None
        };
        let ip = if first.is_ascii_hexdigit() || first == b':' {
            value::parse_ip_address(&raw)
        } else {
            None
        };
        let boolean = value::parse_bool(&raw);
        ContextValue {
            raw,
            number,
            date,
            boolean,
            ip,
        }
    }
}

/// The values of one key. A multi-valued key holds a set (possibly empty).
#[derive(Debug, Clone, PartialEq)]
pub enum ContextValues {
    /// One value.
    Single(ContextValue),
    /// A set of values (a multivalued key); empty counts as absent.
    Multi(Vec<ContextValue>),
}

impl ContextValues {
    /// The values as a slice (a single value is a one-element set).
    pub fn as_slice(&self) -> &[ContextValue] {
        match self {
            ContextValues::Single(v) => std::slice::from_ref(v),
            ContextValues::Multi(vs) => vs,
        }
    }

    /// A key with an empty set counts as absent (the reference, section 3.3).
    pub(crate) fn is_present(&self) -> bool {
        !self.as_slice().is_empty()
    }
}

/// One key as the caller wrote it.
#[derive(Debug, Clone, PartialEq)]
pub struct ContextEntry {
    /// The key as written.
    pub key: String,
    /// Its value or values.
    pub values: ContextValues,
}

/// FNV-1a: context keys are short and trusted to be few; SipHash's DoS resistance buys nothing here
/// and costs a third of a lookup.
#[derive(Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A hash map keyed by FNV-1a (see [`Fnv`]).
pub type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// The condition keys of one request.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Context {
    /// Shared entries: the searches clone a caller's context for every request they build, and
    /// an entry, once read, never changes (`insert` replaces it).
    entries: FnvMap<Arc<str>, Arc<ContextEntry>>,
}

impl Context {
    /// An empty context.
    pub fn new() -> Self {
        Context::default()
    }

    /// An empty context with room for `keys` keys without growing (a scenario sizes it for its
    /// own keys plus the principal keys added to every request).
    pub fn with_capacity(keys: usize) -> Self {
        Context {
            entries: FnvMap::with_capacity_and_hasher(keys, BuildHasherDefault::default()),
        }
    }

    /// Sets a single-valued key (replacing any value of the same key, in any letter case).
    pub fn set(&mut self, key: &str, value: impl Into<String>) {
        self.insert(key, ContextValues::Single(ContextValue::new(value)));
    }

    /// Sets a multi-valued key.
    pub fn set_multi<S: Into<String>>(&mut self, key: &str, values: impl IntoIterator<Item = S>) {
        self.insert(
            key,
            ContextValues::Multi(values.into_iter().map(ContextValue::new).collect()),
        );
    }

    /// Sets a key (any case), replacing what it held.
    pub fn insert(&mut self, key: &str, values: ContextValues) {
        self.entries.insert(
            Arc::from(lowercase(key)),
            Arc::new(ContextEntry {
                key: key.to_owned(),
                values,
            }),
        );
    }

    /// Removes a key (any case).
    pub fn remove(&mut self, key: &str) {
        with_lowercase(key, |lower| self.entries.remove(lower));
    }

    /// Whether the key is present with at least one value.
    pub fn contains(&self, key: &str) -> bool {
        with_lowercase(key, |lower| {
            self.get(lower).is_some_and(ContextValues::is_present)
        })
    }

    /// Copies every entry of `other` whose key this context does not hold with a value (a key
    /// with an empty set counts as absent), as [`Context::contains`] then [`Context::insert`]
    /// would, without lowercasing or parsing anything again.
    pub fn insert_absent_from(&mut self, other: &Context) {
        for (lower, entry) in &other.entries {
            if !self
                .entries
                .get(lower)
                .is_some_and(|e| e.values.is_present())
            {
                self.entries.insert(Arc::clone(lower), Arc::clone(entry));
            }
        }
    }

    /// Copies every entry of `other` whose key this context does not hold at all (not even
    /// with an empty set), as [`crate::request::Request::fill_principal_keys`] adds keys.
    pub(crate) fn insert_unset_from(&mut self, other: &Context) {
        for (lower, entry) in &other.entries {
            if !self.entries.contains_key(lower) {
                self.entries.insert(Arc::clone(lower), Arc::clone(entry));
            }
        }
    }

    /// Looks up a key by its lowercased name.
    pub fn get(&self, key_lower: &str) -> Option<&ContextValues> {
        self.entries.get(key_lower).map(|e| &e.values)
    }

    /// The single value of a key (any case), if the key is single-valued.
    pub fn single(&self, key: &str) -> Option<&str> {
        match with_lowercase(key, |lower| self.get(lower))? {
            ContextValues::Single(v) => Some(&v.raw),
            ContextValues::Multi(_) => None,
        }
    }

    /// Every entry, in no particular order.
    pub fn entries(&self) -> impl Iterator<Item = &ContextEntry> {
        self.entries.values().map(|e| &**e)
    }

    /// How many keys are set.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no key is set.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl VarSource for Context {
    fn var(&self, key_lower: &str) -> Option<&str> {
        match self.get(key_lower)? {
            ContextValues::Single(v) => Some(&v.raw),
            ContextValues::Multi(_) => None,
        }
    }
}

/// A key lowercased as every lookup does: ASCII keys (all of AWS's) without the Unicode tables.
fn lowercase(key: &str) -> String {
    if key.is_ascii() {
        key.to_ascii_lowercase()
    } else {
        key.to_lowercase()
    }
}

/// Longest key lowercased on the stack; longer ones are lowercased on the heap.
const STACK_KEY: usize = 128;

/// Calls `f` with `key` lowercased, without allocating for ASCII keys of up to [`STACK_KEY`]
/// bytes (lookups happen for every key of every request the searches build).
fn with_lowercase<R>(key: &str, f: impl FnOnce(&str) -> R) -> R {
    let bytes = key.as_bytes();
    if key.is_ascii() && bytes.len() <= STACK_KEY {
        let mut buf = [0u8; STACK_KEY];
        if let Some(lower) = buf.get_mut(..bytes.len()) {
            lower.copy_from_slice(bytes);
            lower.make_ascii_lowercase();
            // ASCII stays ASCII when lowercased, so the bytes are UTF-8.
            if let Ok(text) = std::str::from_utf8(lower) {
                return f(text);
            }
        }
        f(&key.to_lowercase())
    } else {
        f(&key.to_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_insensitive_keys_and_typed_values() {
        let mut c = Context::new();
        c.set("aws:PrincipalTag/Team", "red");
        c.set("AWS:SourceIp", "10.1.2.3");
        c.set_multi("aws:TagKeys", ["a", "b"]);
        c.set_multi("aws:Empty", Vec::<String>::new());
        assert_eq!(c.single("aws:principaltag/team"), Some("red"));
        assert_eq!(c.var("aws:sourceip"), Some("10.1.2.3"));
        assert!(matches!(c.get("aws:sourceip"), Some(ContextValues::Single(v)) if v.ip.is_some()));
        assert_eq!(c.var("aws:tagkeys"), None);
        assert!(!c.contains("aws:empty"));
        assert!(c.contains("AWS:TAGKEYS"));
        let n = ContextValue::new("1700000000");
        assert!(n.number.is_some() && n.date.is_some());
    }

    #[test]
    fn copying_keys_absent_counts_an_empty_set_as_absent_and_unset_does_not() {
        let mut from = Context::new();
        from.set("aws:SourceVpc", "vpc-1");
        from.set("aws:PrincipalTag/Team", "red");
        let mut to = Context::new();
        to.set_multi("AWS:SOURCEVPC", Vec::<String>::new());
        to.set("aws:principaltag/team", "blue");
        let mut absent = to.clone();
        absent.insert_absent_from(&from);
        assert_eq!(absent.single("aws:SourceVpc"), Some("vpc-1"));
        assert_eq!(absent.single("aws:PrincipalTag/Team"), Some("blue"));
        let mut unset = to.clone();
        unset.insert_unset_from(&from);
        assert!(!unset.contains("aws:SourceVpc"));
        assert_eq!(unset.single("aws:PrincipalTag/Team"), Some("blue"));
    }
}
