//! `Resource` / `NotResource` matching. An ARN pattern is matched field by field: wildcards in the
//! partition, service, region and account fields stay inside their field; in the resource part
//! (after the fifth colon) `*` also covers `/` and `:`. Matching is case-sensitive.

use crate::pattern::{Pattern, Syntax, VarSource};
use crate::policy::{Polarity, ResourceClause};
use crate::request::Resource;

#[derive(Debug, Clone)]
enum ResourcePattern {
    /// `*`: every resource, including the `*` pseudo-resource.
    Any,
    /// A six-field ARN pattern.
    Arn {
        head: Box<[Pattern; 4]>,
        resource: Pattern,
    },
    /// Anything else (an ARN pattern with fewer fields ending in `*`, or a non-ARN string):
    /// globbed against the whole resource.
    Whole(Pattern),
}

/// A compiled `Resource`/`NotResource` element.
#[derive(Debug, Clone)]
pub struct ResourceMatcher {
    polarity: Polarity,
    patterns: Box<[ResourcePattern]>,
}

impl ResourceMatcher {
    /// Whether this is `"Resource": "*"`: every resource.
    pub fn is_everything(&self) -> bool {
        self.polarity == Polarity::Listed
            && self
                .patterns
                .iter()
                .any(|p| matches!(p, ResourcePattern::Any))
    }

    /// Compiles a `Resource`/`NotResource` element; `variables` is whether the policy version allows `${…}`.
    pub fn compile(clause: &ResourceClause, variables: bool) -> Self {
        let head_syntax = Syntax {
            wildcards: true,
            variables: false,
        };
        let tail_syntax = Syntax {
            wildcards: true,
            variables,
        };
        let patterns = clause
            .items
            .iter()
            .map(|item| {
                let text = item.value.as_str();
                if text == "*" {
                    return ResourcePattern::Any;
                }
                match crate::arn::Arn::parse(text) {
                    Some(arn) => ResourcePattern::Arn {
                        head: Box::new([
                            Pattern::compile(arn.partition, head_syntax),
                            Pattern::compile(arn.service, head_syntax),
                            Pattern::compile(arn.region, head_syntax),
                            Pattern::compile(arn.account, head_syntax),
                        ]),
                        resource: Pattern::compile(arn.resource, tail_syntax),
                    },
                    None => ResourcePattern::Whole(Pattern::compile(text, tail_syntax)),
                }
            })
            .collect();
        ResourceMatcher {
            polarity: clause.polarity,
            patterns,
        }
    }

    /// Whether the element covers the request's resource. An unresolvable variable makes its
    /// entry match nothing (so in `NotResource` it excludes nothing).
    pub fn matches(&self, resource: &Resource, vars: &dyn VarSource) -> bool {
        let arn = resource.arn();
        let listed = self.patterns.iter().any(|p| match p {
            ResourcePattern::Any => true,
            // The `*` pseudo-resource is matched only by the whole value `*`.
            _ if resource.is_star() => false,
            ResourcePattern::Arn {
                head,
                resource: tail,
            } => arn.is_some_and(|a| {
                let [partition, service, region, account] = &**head;
                // The resource part differs most often between patterns: test it first.
                tail.matches(a.resource, vars)
                    && service.matches(a.service, vars)
                    && account.matches(a.account, vars)
                    && region.matches(a.region, vars)
                    && partition.matches(a.partition, vars)
            }),
            ResourcePattern::Whole(p) => p.matches(&resource.raw, vars),
        });
        match self.polarity {
            Polarity::Listed => listed,
            Polarity::AllExcept => !listed,
        }
    }
}
