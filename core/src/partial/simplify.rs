//! Simplification that knows what tests mean, and never changes a formula's value:
//! - in a term, a literal implied by another on the same key goes (`aws:SourceIp in 10.1.0.0/16`
//!   makes `aws:SourceIp in 10.0.0.0/8` redundant), and two that cannot hold together make the
//!   term false (`StringEquals` two different values, `Null` true with a test that needs the key);
//! - two positive `IpAddress` or `StringEquals` tests of one key in a term become one test of
//!   their intersection; two terms that differ only in such a test become one with their union;
//! - a term implied by another goes (A ∨ (A ∧ B) = A, with implication between literals), and
//!   two terms that differ only in a literal and its negation become their common part.
//!
//! The property test `tests/tests/partial_exact.rs` checks the simplified formulas against the
//! concrete engine.

use super::formula::{normalize, Formula, Lit, Term, TooLarge};
use super::shape::{contradict, implies, nets_intersection, Shape, Values};
use super::test::{TestSource, Tests};
use crate::compile::{CompiledCondition, CompiledValues};
use crate::pattern::Pattern;
use crate::policy::{BaseOperator, ConditionOperator, SetQualifier};
use ipnet::IpNet;
use std::collections::HashMap;

/// Past this many terms only the cheap syntactic passes run.
const PAIRWISE_LIMIT: usize = 256;

pub(crate) fn simplify(f: Formula, tests: &mut Tests) -> Result<Formula, TooLarge> {
    let mut s = Simplifier {
        tests,
        shapes: HashMap::new(),
    };
    let mut terms: Vec<Term> = f.terms;
    for _ in 0..8 {
        let before = terms.clone();
        terms = terms.into_iter().filter_map(|t| s.term(t)).collect();
        let mut f = Formula { terms };
        f.absorb();
        terms = f.terms;
        if terms.len() <= PAIRWISE_LIMIT {
            s.absorb_implied(&mut terms);
            s.resolve(&mut terms);
            s.merge_unions(&mut terms);
        }
        if terms == before {
            break;
        }
    }
    let mut f = Formula { terms };
    f.absorb();
    Ok(f)
}

struct Simplifier<'a> {
    tests: &'a mut Tests,
    shapes: HashMap<Lit, Shape>,
}

impl Simplifier<'_> {
    fn shape(&mut self, lit: Lit) -> Shape {
        if let Some(s) = self.shapes.get(&lit) {
            return s.clone();
        }
        let s = Shape::of(lit, self.tests);
        self.shapes.insert(lit, s.clone());
        s
    }

    /// One term: drops implied and always-true literals, intersects IP and string sets;
    /// `None` when the term cannot hold.
    fn term(&mut self, term: Term) -> Option<Term> {
        let mut lits: Vec<Lit> = Vec::with_capacity(term.len());
        for l in term {
            let s = self.shape(l);
            if s.never() {
                return None;
            }
            if !s.always() {
                lits.push(l);
            }
        }
        let mut i = 0;
        while i < lits.len() {
            let mut j = i + 1;
            let mut removed_i = false;
            while j < lits.len() {
                let (Some(&a), Some(&b)) = (lits.get(i), lits.get(j)) else {
                    break;
                };
                let (sa, sb) = (self.shape(a), self.shape(b));
                if contradict(&sa, &sb) {
                    return None;
                }
                if implies(&sa, &sb) {
                    lits.remove(j);
                    continue;
                }
                if implies(&sb, &sa) {
                    lits.remove(i);
                    removed_i = true;
                    break;
                }
                if let Some(c) = self.intersection(a, b, &sa, &sb) {
                    lits.remove(j);
                    lits.remove(i);
                    lits.push(c);
                    removed_i = true;
                    break;
                }
                j += 1;
            }
            if !removed_i {
                i += 1;
            } else {
                i = 0;
            }
        }
        normalize(lits)
    }

    /// Drops every term that implies another (each of the other's literals implied by one of its).
    fn absorb_implied(&mut self, terms: &mut Vec<Term>) {
        let mut i = 0;
        while i < terms.len() {
            let mut absorbed = false;
            for j in 0..terms.len() {
                if i == j {
                    continue;
                }
                let (Some(big), Some(small)) = (terms.get(i), terms.get(j)) else {
                    continue;
                };
                if big.len() < small.len() || (big.len() == small.len() && j > i) {
                    continue;
                }
                let (big, small) = (big.clone(), small.clone());
                if small.iter().all(|s| {
                    big.iter().any(|b| {
                        b == s || {
                            let (sb, ss) = (self.shape(*b), self.shape(*s));
                            implies(&sb, &ss)
                        }
                    })
                }) {
                    absorbed = true;
                    break;
                }
            }
            if absorbed {
                terms.remove(i);
            } else {
                i += 1;
            }
        }
    }

    /// (C ∧ x) ∨ (C ∧ ¬x) = C.
    fn resolve(&mut self, terms: &mut Vec<Term>) {
        let mut changed = true;
        while changed {
            changed = false;
            'outer: for i in 0..terms.len() {
                for j in i + 1..terms.len() {
                    let (Some(a), Some(b)) = (terms.get(i), terms.get(j)) else {
                        continue;
                    };
                    if let Some((ka, kb)) = differ_by_one(a, b) {
                        let (Some(x), Some(y)) = (a.get(ka), b.get(kb)) else {
                            continue;
                        };
                        if x.test == y.test && x.negated != y.negated {
                            let mut common = a.clone();
                            common.remove(ka);
                            terms.remove(j);
                            terms.remove(i);
                            terms.push(common);
                            changed = true;
                            break 'outer;
                        }
                    }
                }
            }
        }
    }

    /// (C ∧ k ∈ A) ∨ (C ∧ k ∈ B) = C ∧ k ∈ A ∪ B, for IP and string sets.
    fn merge_unions(&mut self, terms: &mut Vec<Term>) {
        let mut changed = true;
        while changed {
            changed = false;
            'outer: for i in 0..terms.len() {
                for j in i + 1..terms.len() {
                    let (Some(a), Some(b)) = (terms.get(i), terms.get(j)) else {
                        continue;
                    };
                    let Some((ka, kb)) = differ_by_one(a, b) else {
                        continue;
                    };
                    let (Some(&x), Some(&y)) = (a.get(ka), b.get(kb)) else {
                        continue;
                    };
                    let (sx, sy) = (self.shape(x), self.shape(y));
                    let Some(u) = self.union(x, y, &sx, &sy) else {
                        continue;
                    };
                    let mut merged = a.clone();
                    merged.remove(ka);
                    merged.push(u);
                    let Some(merged) = normalize(merged) else {
                        continue;
                    };
                    terms.remove(j);
                    terms.remove(i);
                    terms.push(merged);
                    changed = true;
                    break 'outer;
                }
            }
        }
    }

    /// One positive test for both literals, when both are sets of one kind on one key that a
    /// single `IpAddress` or `StringEquals` test states.
    fn intersection(&mut self, a: Lit, b: Lit, sa: &Shape, sb: &Shape) -> Option<Lit> {
        if sa.key.is_none() || sa.key != sb.key {
            return None;
        }
        // Several values: the result must match none, as an unqualified test does.
        if !(sa.multi == Some(false) || sb.multi == Some(false)) {
            return None;
        }
        let values = match (sa.single.as_ref()?, sb.single.as_ref()?) {
            (
                Values::Ips {
                    nets: x,
                    complement: false,
                },
                Values::Ips {
                    nets: y,
                    complement: false,
                },
            ) => Values::Ips {
                nets: nets_intersection(x, y),
                complement: false,
            },
            (
                Values::Strings {
                    set: x,
                    complement: false,
                },
                Values::Strings {
                    set: y,
                    complement: false,
                },
            ) => Values::Strings {
                set: x.intersection(y).cloned().collect(),
                complement: false,
            },
            _ => return None,
        };
        self.synthesize(a, b, sa.absent && sb.absent, values)
    }

    fn union(&mut self, a: Lit, b: Lit, sa: &Shape, sb: &Shape) -> Option<Lit> {
        if sa.key.is_none() || sa.key != sb.key {
            return None;
        }
        if !(sa.multi == Some(false) && sb.multi == Some(false)) {
            return None;
        }
        let values = match (sa.single.as_ref()?, sb.single.as_ref()?) {
            (
                Values::Ips {
                    nets: x,
                    complement: false,
                },
                Values::Ips {
                    nets: y,
                    complement: false,
                },
            ) => {
                let all: Vec<IpNet> = x.iter().chain(y).copied().collect();
                Values::Ips {
                    nets: IpNet::aggregate(&all),
                    complement: false,
                }
            }
            (
                Values::Strings {
                    set: x,
                    complement: false,
                },
                Values::Strings {
                    set: y,
                    complement: false,
                },
            ) => Values::Strings {
                set: x.union(y).cloned().collect(),
                complement: false,
            },
            _ => return None,
        };
        self.synthesize(a, b, sa.absent || sb.absent, values)
    }

    /// A positive unqualified `IpAddress`/`StringEquals` test (`…IfExists` when it holds for an
    /// absent key) of the literals' key, pointing at the statements both come from.
    fn synthesize(&mut self, a: Lit, b: Lit, if_exists: bool, values: Values) -> Option<Lit> {
        let template = self.tests.get(a.test)?.condition()?.clone();
        let mut sources: Vec<TestSource> = self.tests.get(a.test)?.sources.clone();
        for s in &self.tests.get(b.test)?.sources {
            if !sources.contains(s) {
                sources.push(s.clone());
            }
        }
        sources.sort();
        let (base, compiled, text): (BaseOperator, CompiledValues, Vec<Box<str>>) = match values {
            Values::Ips { nets, .. } => (
                BaseOperator::IpAddress,
                CompiledValues::Ips(nets.iter().map(|n| Some(*n)).collect()),
                nets.iter()
                    .map(|n| n.to_string().into_boxed_str())
                    .collect(),
            ),
            Values::Strings { set, .. } => (
                BaseOperator::StringEquals,
                CompiledValues::Strings(set.iter().map(|s| Pattern::exact(s)).collect()),
                set.iter().map(|s| s.clone().into_boxed_str()).collect(),
            ),
            _ => return None,
        };
        let c = CompiledCondition {
            operator: ConditionOperator {
                qualifier: SetQualifier::None,
                base,
                if_exists,
            },
            key: template.key.clone(),
            key_display: template.key_display.clone(),
            values: compiled,
            values_text: text.into_boxed_slice(),
        };
        Some(Lit::pos(self.tests.synthetic(c, sources)))
    }
}

/// When sorted terms of equal length differ in exactly one position each: those positions.
fn differ_by_one(a: &[Lit], b: &[Lit]) -> Option<(usize, usize)> {
    if a.len() != b.len() || a.is_empty() {
        return None;
    }
    let only_a: Vec<usize> = (0..a.len())
        .filter(|&i| a.get(i).is_some_and(|x| !b.contains(x)))
        .collect();
    let only_b: Vec<usize> = (0..b.len())
        .filter(|&i| b.get(i).is_some_and(|x| !a.contains(x)))
        .collect();
    match (only_a.as_slice(), only_b.as_slice()) {
        ([i], [j]) => Some((*i, *j)),
        _ => None,
    }
}
