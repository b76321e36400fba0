//! What a literal says about its key, case by case — the key absent (or an empty set), several
//! values, one value — so that simplification can compare literals on one key exactly.
//!
//! A condition's truth depends only on which case the key is in and, for one value, on that
//! value; the shape states the truth in each case where it is known (`None`: it depends on more,
//! e.g. on the values of a set). One-value truth is a set of values: literal strings, IP
//! networks or booleans, or its complement. Every comparison answers "yes" only when sure.

use super::formula::Lit;
use super::test::Tests;
use crate::compile::{CompiledCondition, CompiledValues};
use crate::context::Context;
use crate::eval::evaluate_condition;
use crate::policy::{BaseOperator, SetQualifier};
use ipnet::IpNet;
use std::collections::BTreeSet;

/// The values one context value must be among.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Values {
    All,
    Nothing,
    /// Exact strings (`StringEquals`).
    Strings {
        set: BTreeSet<String>,
        complement: bool,
    },
    /// Addresses in any of the networks (`IpAddress`); a value that is no address is in none.
    Ips {
        nets: Vec<IpNet>,
        complement: bool,
    },
    /// Values that read as one of these booleans (`Bool`); other text reads as neither.
    Bools {
        set: [bool; 2],
        complement: bool,
    },
}

impl Values {
    fn complement(&self) -> Values {
        match self {
            Values::All => Values::Nothing,
            Values::Nothing => Values::All,
            Values::Strings { set, complement } => Values::Strings {
                set: set.clone(),
                complement: !complement,
            },
            Values::Ips { nets, complement } => Values::Ips {
                nets: nets.clone(),
                complement: !complement,
            },
            Values::Bools { set, complement } => Values::Bools {
                set: *set,
                complement: !complement,
            },
        }
    }

    /// An empty set is `Nothing`, its complement `All`.
    fn normalized(self) -> Values {
        let empty = match &self {
            Values::Strings { set, .. } => set.is_empty(),
            Values::Ips { nets, .. } => nets.is_empty(),
            Values::Bools { set, .. } => !set[0] && !set[1],
            Values::All | Values::Nothing => false,
        };
        match (&self, empty) {
            (Values::Strings { complement, .. }, true)
            | (Values::Ips { complement, .. }, true)
            | (Values::Bools { complement, .. }, true) => {
                if *complement {
                    Values::All
                } else {
                    Values::Nothing
                }
            }
            _ => self,
        }
    }
}

/// Whether no value is in both (sure answers only).
pub(crate) fn disjoint(a: &Values, b: &Values) -> bool {
    use Values as V;
    match (a, b) {
        (V::Nothing, _) | (_, V::Nothing) => true,
        (V::All, _) | (_, V::All) => false,
        (
            V::Strings {
                set: x,
                complement: cx,
            },
            V::Strings {
                set: y,
                complement: cy,
            },
        ) => match (cx, cy) {
            (false, false) => x.is_disjoint(y),
            (false, true) => x.is_subset(y),
            (true, false) => y.is_subset(x),
            (true, true) => false,
        },
        (
            V::Ips {
                nets: x,
                complement: cx,
            },
            V::Ips {
                nets: y,
                complement: cy,
            },
        ) => match (cx, cy) {
            (false, false) => nets_disjoint(x, y),
            (false, true) => nets_within(x, y),
            (true, false) => nets_within(y, x),
            (true, true) => false,
        },
        (
            V::Bools {
                set: x,
                complement: cx,
            },
            V::Bools {
                set: y,
                complement: cy,
            },
        ) => match (cx, cy) {
            (false, false) => bools_disjoint(x, y),
            (false, true) => bools_within(x, y),
            (true, false) => bools_within(y, x),
            // Text that reads as no boolean is in both complements.
            (true, true) => false,
        },
        _ => false,
    }
}

/// Whether every value of `a` is in `b` (sure answers only).
pub fn subset(a: &Values, b: &Values) -> bool {
    use Values as V;
    match (a, b) {
        (V::Nothing, _) | (_, V::All) => true,
        (V::All, _) | (_, V::Nothing) => false,
        (
            V::Strings {
                set: x,
                complement: cx,
            },
            V::Strings {
                set: y,
                complement: cy,
            },
        ) => match (cx, cy) {
            (false, false) => x.is_subset(y),
            (false, true) => x.is_disjoint(y),
            (true, false) => false,
            (true, true) => y.is_subset(x),
        },
        (
            V::Ips {
                nets: x,
                complement: cx,
            },
            V::Ips {
                nets: y,
                complement: cy,
            },
        ) => match (cx, cy) {
            (false, false) => nets_within(x, y),
            (false, true) => nets_disjoint(x, y),
            (true, false) => false,
            (true, true) => nets_within(y, x),
        },
        (
            V::Bools {
                set: x,
                complement: cx,
            },
            V::Bools {
                set: y,
                complement: cy,
            },
        ) => match (cx, cy) {
            (false, false) => bools_within(x, y),
            (false, true) => bools_disjoint(x, y),
            (true, false) => false,
            (true, true) => bools_within(y, x),
        },
        _ => false,
    }
}

fn bools_disjoint(x: &[bool; 2], y: &[bool; 2]) -> bool {
    !(x[0] && y[0] || x[1] && y[1])
}

fn bools_within(x: &[bool; 2], y: &[bool; 2]) -> bool {
    (!x[0] || y[0]) && (!x[1] || y[1])
}

/// Two CIDR networks are either nested or disjoint.
fn net_disjoint(x: &IpNet, y: &IpNet) -> bool {
    !x.contains(y) && !y.contains(x)
}

fn nets_disjoint(x: &[IpNet], y: &[IpNet]) -> bool {
    x.iter().all(|a| y.iter().all(|b| net_disjoint(a, b)))
}

/// Every network of `x` inside one of `y` (a network covered only by several is not recognised).
fn nets_within(x: &[IpNet], y: &[IpNet]) -> bool {
    x.iter().all(|a| y.iter().any(|b| b.contains(a)))
}

/// The networks in both (CIDRs nest or are disjoint, so the intersection is the smaller of
/// each nested pair).
pub(crate) fn nets_intersection(x: &[IpNet], y: &[IpNet]) -> Vec<IpNet> {
    let mut out = Vec::new();
    for a in x {
        for b in y {
            if a.contains(b) {
                out.push(*b);
            } else if b.contains(a) {
                out.push(*a);
            }
        }
    }
    IpNet::aggregate(&out)
}

/// A literal's truth by case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    /// The key, lowercased; `None` for tests that are not one condition on one key.
    pub key: Option<Box<str>>,
    pub absent: bool,
    pub multi: Option<bool>,
    pub single: Option<Values>,
}

impl Shape {
    /// The shape of a test, or of its negation.
    pub fn of(lit: Lit, tests: &Tests) -> Shape {
        let positive = tests
            .get(lit.test)
            .and_then(|t| t.condition())
            .map_or_else(opaque, condition_shape);
        if lit.negated {
            Shape {
                key: positive.key,
                absent: !positive.absent,
                multi: positive.multi.map(|m| !m),
                single: positive.single.map(|v| v.complement()),
            }
        } else {
            positive
        }
    }

    /// False whatever the key holds.
    pub fn never(&self) -> bool {
        !self.absent && self.multi == Some(false) && self.single == Some(Values::Nothing)
    }

    /// True whatever the key holds.
    pub fn always(&self) -> bool {
        self.absent && self.multi == Some(true) && self.single == Some(Values::All)
    }
}

fn opaque() -> Shape {
    Shape {
        key: None,
        absent: false,
        multi: None,
        single: None,
    }
}

/// Both literals are on the same key and cannot hold together.
pub(crate) fn contradict(a: &Shape, b: &Shape) -> bool {
    same_key(a, b)
        && !(a.absent && b.absent)
        && (a.multi == Some(false) || b.multi == Some(false))
        && match (&a.single, &b.single) {
            (Some(Values::Nothing), _) | (_, Some(Values::Nothing)) => true,
            (Some(x), Some(y)) => disjoint(x, y),
            _ => false,
        }
}

/// `a` implies `b` (both on the same key).
pub(crate) fn implies(a: &Shape, b: &Shape) -> bool {
    same_key(a, b)
        && (!a.absent || b.absent)
        && (a.multi == Some(false) || b.multi == Some(true))
        && match (&a.single, &b.single) {
            (Some(Values::Nothing), _) | (_, Some(Values::All)) => true,
            (Some(x), Some(y)) => subset(x, y),
            _ => false,
        }
}

fn same_key(a: &Shape, b: &Shape) -> bool {
    matches!((&a.key, &b.key), (Some(x), Some(y)) if x == y)
}

fn condition_shape(c: &CompiledCondition) -> Shape {
    let key = Some(c.key.clone());
    // The engine itself says what the condition is when the key is absent; the absent case
    // reads no policy variable.
    let absent = evaluate_condition(c, &Context::new()).satisfied;
    if c.operator.base == BaseOperator::Null {
        let mut present = Context::new();
        present.set(&c.key, "x");
        let p = evaluate_condition(c, &present).satisfied;
        return Shape {
            key,
            absent,
            multi: Some(p),
            single: Some(if p { Values::All } else { Values::Nothing }),
        };
    }
    let multi = match c.operator.qualifier {
        // Without a set qualifier, a multi-valued key matches nothing (condition.rs).
        SetQualifier::None => Some(false),
        _ => None,
    };
    // One value is a one-element set for the qualified operators too: the same set applies.
    let single = if c.variable_keys().is_empty() {
        single_values(c)
    } else {
        None
    };
    Shape {
        key,
        absent,
        multi,
        single,
    }
}

fn single_values(c: &CompiledCondition) -> Option<Values> {
    let base = c.operator.base;
    let complement = base.is_negated();
    let values = match (base.positive(), &c.values) {
        (BaseOperator::StringEquals, CompiledValues::Strings(patterns)) => Values::Strings {
            set: patterns
                .iter()
                .map(|p| p.as_literal().map(str::to_owned))
                .collect::<Option<BTreeSet<String>>>()?,
            complement,
        },
        (BaseOperator::IpAddress, CompiledValues::Ips(nets)) => Values::Ips {
            nets: nets.iter().flatten().copied().collect(),
            complement,
        },
        (BaseOperator::Bool, CompiledValues::Bools(bools)) => Values::Bools {
            set: [bools.contains(&Some(false)), bools.contains(&Some(true))],
            complement,
        },
        _ => return None,
    };
    Some(values.normalized())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nets(list: &[&str]) -> Vec<IpNet> {
        list.iter().map(|s| s.parse().unwrap()).collect()
    }

    #[test]
    fn ip_sets() {
        let a = Values::Ips {
            nets: nets(&["10.0.0.0/8"]),
            complement: false,
        };
        let b = Values::Ips {
            nets: nets(&["10.1.0.0/16"]),
            complement: false,
        };
        let c = Values::Ips {
            nets: nets(&["192.168.0.0/16"]),
            complement: false,
        };
        assert!(subset(&b, &a) && !subset(&a, &b));
        assert!(disjoint(&a, &c) && !disjoint(&a, &b));
        assert!(subset(&c, &a.complement()));
        assert!(!disjoint(&a.complement(), &c.complement()));
        assert_eq!(
            nets_intersection(
                &nets(&["10.0.0.0/8", "192.168.1.0/24"]),
                &nets(&["10.1.0.0/16", "192.168.0.0/16"])
            ),
            nets(&["10.1.0.0/16", "192.168.1.0/24"])
        );
    }

    #[test]
    fn string_and_bool_sets() {
        let s = |v: &[&str], complement| Values::Strings {
            set: v.iter().map(|x| x.to_string()).collect(),
            complement,
        };
        assert!(disjoint(&s(&["a"], false), &s(&["b"], false)));
        assert!(subset(&s(&["a"], false), &s(&["b"], true)));
        assert!(!subset(&s(&["a"], true), &s(&["b"], false)));
        let t = Values::Bools {
            set: [false, true],
            complement: false,
        };
        let f = Values::Bools {
            set: [true, false],
            complement: false,
        };
        assert!(disjoint(&t, &f));
        // "maybe" reads as neither boolean: it is outside both, so ¬true is not false.
        assert!(!subset(&t.complement(), &f));
        assert!(subset(&f, &t.complement()));
    }
}
