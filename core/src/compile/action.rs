//! `Action` / `NotAction` matching: case-insensitive, the service prefix compared first.

use crate::pattern::{has_wildcard, NoVars, Pattern, Syntax};
use crate::policy::{ActionClause, Polarity};
use crate::request::{service_bit, Action};

#[derive(Debug, Clone)]
enum ActionPattern {
    /// `*`: every action of every service.
    Any,
    /// `service:name-pattern` (both lowercased).
    InService { service: Box<str>, name: Pattern },
    /// Anything else (e.g. a wildcard in the service prefix, which validation rejects): the
    /// whole lowercased action is globbed.
    Whole(Pattern),
}

/// The compiled action element of a statement.
#[derive(Debug, Clone)]
pub struct ActionMatcher {
    polarity: Polarity,
    patterns: Box<[ActionPattern]>,
    /// The union of the service bits of the listed patterns (all bits for `*`, whole-action
    /// patterns and `NotAction`): a request whose service bit is not in it cannot match.
    service_mask: u64,
}

const GLOB: Syntax = Syntax {
    wildcards: true,
    variables: false,
};

impl ActionMatcher {
    /// Matches nothing (a statement without an action element never applies).
    pub fn nothing() -> Self {
        ActionMatcher {
            polarity: Polarity::Listed,
            patterns: Box::new([]),
            service_mask: 0,
        }
    }

    /// Whether this is `"Action": "*"`: every action.
    pub fn is_everything(&self) -> bool {
        self.polarity == Polarity::Listed
            && self
                .patterns
                .iter()
                .any(|p| matches!(p, ActionPattern::Any))
    }

    /// Compiles an `Action`/`NotAction` element (patterns lowercased once).
    pub fn compile(clause: &ActionClause) -> Self {
        let patterns = clause
            .items
            .iter()
            .map(|item| {
                let lower = item.value.to_ascii_lowercase();
                if lower == "*" {
                    return ActionPattern::Any;
                }
                // Byte scans: `split_once` and `contains` with char needles cost several times
                // more on these short texts, and every action of every statement comes here.
                let split = lower
                    .bytes()
                    .position(|b| b == b':')
                    .and_then(|at| Some((lower.get(..at)?, lower.get(at + 1..)?)));
                match split {
                    Some((service, name)) if !has_wildcard(service) => ActionPattern::InService {
                        service: service.into(),
                        name: Pattern::compile(name, GLOB),
                    },
                    _ => ActionPattern::Whole(Pattern::compile(&lower, GLOB)),
                }
            })
            .collect::<Box<[ActionPattern]>>();
        let service_mask = match clause.polarity {
            Polarity::AllExcept => u64::MAX,
            Polarity::Listed => patterns.iter().fold(0, |mask, p| match p {
                ActionPattern::InService { service, .. } => mask | service_bit(service),
                ActionPattern::Any | ActionPattern::Whole(_) => u64::MAX,
            }),
        };
        ActionMatcher {
            polarity: clause.polarity,
            patterns,
            service_mask,
        }
    }

    /// A one-instruction filter: `false` means the element cannot cover the action.
    #[inline(always)]
    pub fn may_match(&self, action: &Action) -> bool {
        self.service_mask & action.service_bit != 0
    }

    /// Whether the element covers the request's action.
    pub fn matches(&self, action: &Action) -> bool {
        if !self.may_match(action) {
            return false;
        }
        let listed = self.patterns.iter().any(|p| match p {
            ActionPattern::Any => true,
            ActionPattern::InService { service, name } => {
                **service == *action.service() && name.matches(action.name(), &NoVars)
            }
            ActionPattern::Whole(p) => p.matches(&action.lower, &NoVars),
        });
        match self.polarity {
            Polarity::Listed => listed,
            Polarity::AllExcept => !listed,
        }
    }
}
