//! `Action` / `NotAction` matching: case-insensitive, the service prefix compared first.

use crate::pattern::{NoVars, Pattern, Syntax};
use crate::policy::{ActionClause, Polarity};
use crate::request::Action;

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
        }
    }

    pub fn compile(clause: &ActionClause) -> Self {
        let patterns = clause
            .items
            .iter()
            .map(|item| {
                let lower = item.value.to_ascii_lowercase();
                if lower == "*" {
                    return ActionPattern::Any;
                }
                match lower.split_once(':') {
                    Some((service, name)) if !service.contains(['*', '?']) => {
                        ActionPattern::InService {
                            service: service.into(),
                            name: Pattern::compile(name, GLOB),
                        }
                    }
                    _ => ActionPattern::Whole(Pattern::compile(&lower, GLOB)),
                }
            })
            .collect();
        ActionMatcher {
            polarity: clause.polarity,
            patterns,
        }
    }

    /// Whether the element covers the request's action.
    pub fn matches(&self, action: &Action) -> bool {
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
