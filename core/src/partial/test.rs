//! The tests a conditional decision depends on: conditions of the policies (operator, key,
//! values) whose key — or a policy variable in whose values — is unknown, and, rarely, a
//! statement's `Resource` element whose policy variables read an unknown key. Each test points at
//! the statements it comes from, and is evaluated with the engine's own code, so that a formula
//! over tests is exact by construction.

use crate::compile::{CompiledCondition, ResourceMatcher};
use crate::context::Context;
use crate::eval::{evaluate_condition, PolicyType};
use crate::policy::ConditionOperator;
use crate::request::Resource;
use serde::Serialize;
use std::collections::HashMap;

/// A statement a test comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TestSource {
    /// The type of the policy (identity, SCP, resource …).
    pub policy_type: PolicyType,
    /// The policy's label (`identityPolicies[0]`, a managed policy ARN, a model path …).
    pub policy: String,
    /// The statement's index in its policy.
    pub statement: usize,
    /// The statement's `Sid`, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
}

/// What a test checks.
#[derive(Debug, Clone)]
pub enum TestKind {
    /// A policy condition (one operator, one key, its values).
    Condition(CompiledCondition),
    /// A statement's `Resource`/`NotResource` element covers the request's resource; its policy
    /// variables read the unknown `keys`.
    Resource {
        /// The statement's compiled `Resource`/`NotResource` element.
        matcher: ResourceMatcher,
        /// The request's resource.
        resource: Resource,
        /// The unknown keys the element's policy variables read.
        keys: Vec<String>,
    },
}

/// One test and where it comes from.
#[derive(Debug, Clone)]
pub struct Test {
    /// What the test checks.
    pub kind: TestKind,
    /// Every statement it comes from (equal tests are merged).
    pub sources: Vec<TestSource>,
}

impl Test {
    /// Whether the test holds in `ctx` (the request's known keys and values for the unknown ones).
    pub fn holds(&self, ctx: &Context) -> bool {
        match &self.kind {
            TestKind::Condition(c) => evaluate_condition(c, ctx).satisfied,
            TestKind::Resource {
                matcher, resource, ..
            } => matcher.matches(resource, ctx),
        }
    }

    /// The condition, for a condition test.
    pub fn condition(&self) -> Option<&CompiledCondition> {
        match &self.kind {
            TestKind::Condition(c) => Some(c),
            TestKind::Resource { .. } => None,
        }
    }
}

/// Two conditions with this identity are the same test.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct ConditionId {
    operator: ConditionOperator,
    key: Box<str>,
    values: Box<[Box<str>]>,
    /// Identical text means identical values only when both read variables or neither does (a
    /// `${…}` is literal text under policy version 2008-10-17).
    variables: bool,
}

fn id_of(c: &CompiledCondition) -> ConditionId {
    ConditionId {
        operator: c.operator,
        key: c.key.clone(),
        values: c.values_text.clone(),
        variables: !c.variable_keys().is_empty(),
    }
}

/// The tests of one decision, each stored once.
#[derive(Debug, Clone, Default)]
pub struct Tests {
    items: Vec<Test>,
    conditions: HashMap<ConditionId, usize>,
}

impl Tests {
    /// The index of a condition test, adding `source` to it.
    pub fn condition(&mut self, c: &CompiledCondition, source: TestSource) -> usize {
        let id = id_of(c);
        if let Some(&i) = self.conditions.get(&id) {
            if let Some(t) = self.items.get_mut(i) {
                add_source(&mut t.sources, source);
            }
            return i;
        }
        let i = self.items.len();
        self.items.push(Test {
            kind: TestKind::Condition(c.clone()),
            sources: vec![source],
        });
        self.conditions.insert(id, i);
        i
    }

    /// A new test made by simplification (an intersection or union of two tests).
    pub fn synthetic(&mut self, c: CompiledCondition, sources: Vec<TestSource>) -> usize {
        let id = id_of(&c);
        if let Some(&i) = self.conditions.get(&id) {
            if let Some(t) = self.items.get_mut(i) {
                for s in sources {
                    add_source(&mut t.sources, s);
                }
            }
            return i;
        }
        let i = self.items.len();
        self.items.push(Test {
            kind: TestKind::Condition(c),
            sources,
        });
        self.conditions.insert(id, i);
        i
    }

    /// A resource-element test (never shared between statements).
    pub fn resource(
        &mut self,
        matcher: ResourceMatcher,
        resource: Resource,
        keys: Vec<String>,
        source: TestSource,
    ) -> usize {
        self.items.push(Test {
            kind: TestKind::Resource {
                matcher,
                resource,
                keys,
            },
            sources: vec![source],
        });
        self.items.len() - 1
    }

    /// The test at index `i`.
    pub fn get(&self, i: usize) -> Option<&Test> {
        self.items.get(i)
    }

    /// Whether test `i` holds in `ctx` (false for an index out of range).
    pub fn holds(&self, i: usize, ctx: &Context) -> bool {
        self.items.get(i).is_some_and(|t| t.holds(ctx))
    }

    /// How many tests there are.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there is no test.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

fn add_source(sources: &mut Vec<TestSource>, source: TestSource) {
    if !sources.contains(&source) {
        sources.push(source);
        sources.sort();
    }
}
