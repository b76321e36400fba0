//! Boolean formulas in disjunctive normal form over condition tests: an OR of terms, each an AND
//! of literals (a test, or its negation). `false` has no term; `true` is one empty term.
//!
//! The operations keep every term free of a test next to its own negation and drop terms that
//! contain another term (absorption: A ∨ (A ∧ B) = A); what tests mean is the business of
//! [`super::simplify`]. Negation multiplies out, so every operation is bounded by
//! `MAX_TERMS` (4,096 terms): past it the formula cannot be stated exactly, and the caller gets an error
//! rather than an approximation.

use super::test::Tests;
use crate::context::Context;

/// The most terms any intermediate formula may hold.
pub(crate) const MAX_TERMS: usize = 4096;

/// A test or its negation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Lit {
    /// An index into the [`Tests`] of the decision.
    pub test: usize,
    /// The literal says the test does not hold.
    pub negated: bool,
}

impl Lit {
    /// The literal "test holds".
    pub fn pos(test: usize) -> Lit {
        Lit {
            test,
            negated: false,
        }
    }

    /// The opposite literal.
    pub(crate) fn negate(self) -> Lit {
        Lit {
            test: self.test,
            negated: !self.negated,
        }
    }

    /// The literal's value when the tests are evaluated against `ctx`.
    pub fn holds(self, tests: &Tests, ctx: &Context) -> bool {
        tests.holds(self.test, ctx) != self.negated
    }
}

/// An AND of literals, sorted and without duplicates.
pub type Term = Vec<Lit>;

/// The formula grew past `MAX_TERMS` (4,096 terms).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLarge;

/// An OR of terms.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Formula {
    /// The terms (empty: false; one empty term: true).
    pub terms: Vec<Term>,
}

impl Formula {
    /// False: no term.
    pub(crate) fn falsum() -> Formula {
        Formula { terms: Vec::new() }
    }

    /// True: one empty term.
    pub(crate) fn verum() -> Formula {
        Formula {
            terms: vec![Vec::new()],
        }
    }

    /// One literal.
    pub(crate) fn lit(lit: Lit) -> Formula {
        Formula {
            terms: vec![vec![lit]],
        }
    }

    /// Whether the formula is false syntactically (no term).
    pub(crate) fn is_false(&self) -> bool {
        self.terms.is_empty()
    }

    /// Whether the formula is true syntactically (an empty term).
    pub(crate) fn is_true(&self) -> bool {
        self.terms.iter().any(Vec::is_empty)
    }

    /// The constant this formula is, if it is one syntactically.
    pub fn as_constant(&self) -> Option<bool> {
        if self.is_true() {
            Some(true)
        } else if self.is_false() {
            Some(false)
        } else {
            None
        }
    }

    /// The formula's value when the tests are evaluated against `ctx`.
    pub fn holds(&self, tests: &Tests, ctx: &Context) -> bool {
        self.terms
            .iter()
            .any(|t| t.iter().all(|l| l.holds(tests, ctx)))
    }

    /// The OR of both, with absorbed terms removed; an error past `MAX_TERMS` (4,096 terms).
    pub fn or(mut self, other: Formula) -> Result<Formula, TooLarge> {
        if self.is_true() || other.is_false() {
            return Ok(self);
        }
        if other.is_true() || self.is_false() {
            return Ok(other);
        }
        self.terms.extend(other.terms);
        self.absorb();
        bounded(self)
    }

    /// The AND of both, multiplied out and absorbed; an error past `MAX_TERMS` (4,096 terms).
    pub fn and(self, other: &Formula) -> Result<Formula, TooLarge> {
        if self.is_false() || other.is_true() {
            return Ok(self);
        }
        if other.is_false() {
            return Ok(Formula::falsum());
        }
        if self.is_true() {
            return Ok(other.clone());
        }
        if self.terms.len().saturating_mul(other.terms.len()) > MAX_TERMS * 4 {
            return Err(TooLarge);
        }
        let mut terms = Vec::with_capacity(self.terms.len() * other.terms.len());
        for a in &self.terms {
            for b in &other.terms {
                if let Some(t) = conjoin(a, b) {
                    terms.push(t);
                }
            }
        }
        let mut out = Formula { terms };
        out.absorb();
        bounded(out)
    }

    /// The negation, multiplied out: ¬(A ∨ B) = ¬A ∧ ¬B, and ¬(a ∧ b) = ¬a ∨ ¬b.
    pub(crate) fn negate(&self) -> Result<Formula, TooLarge> {
        let mut out = Formula::verum();
        for term in &self.terms {
            let clause = Formula {
                terms: term.iter().map(|l| vec![l.negate()]).collect(),
            };
            out = out.and(&clause)?;
            if out.is_false() {
                break;
            }
        }
        Ok(out)
    }

    /// Drops duplicate terms and every term that contains another (A ∨ (A ∧ B) = A).
    pub(crate) fn absorb(&mut self) {
        self.terms
            .sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
        self.terms.dedup();
        let mut kept: Vec<Term> = Vec::with_capacity(self.terms.len());
        for t in self.terms.drain(..) {
            if !kept.iter().any(|k| is_subset(k, &t)) {
                kept.push(t);
            }
        }
        self.terms = kept;
    }

    /// Every test the formula mentions.
    pub fn tests(&self) -> impl Iterator<Item = usize> + '_ {
        self.terms.iter().flatten().map(|l| l.test)
    }
}

fn bounded(f: Formula) -> Result<Formula, TooLarge> {
    if f.terms.len() > MAX_TERMS {
        Err(TooLarge)
    } else {
        Ok(f)
    }
}

/// The AND of two terms; `None` when it holds a test and its negation.
pub(crate) fn conjoin(a: &[Lit], b: &[Lit]) -> Option<Term> {
    let mut t: Term = Vec::with_capacity(a.len() + b.len());
    t.extend_from_slice(a);
    t.extend_from_slice(b);
    normalize(t)
}

/// Sorts and dedups a term; `None` when it holds a test and its negation.
pub(crate) fn normalize(mut t: Term) -> Option<Term> {
    t.sort();
    t.dedup();
    let contradictory = t
        .iter()
        .zip(t.iter().skip(1))
        .any(|(x, y)| x.test == y.test && x.negated != y.negated);
    (!contradictory).then_some(t)
}

/// Whether every literal of sorted `small` is in sorted `big`.
pub(crate) fn is_subset(small: &[Lit], big: &[Lit]) -> bool {
    if small.len() > big.len() {
        return false;
    }
    let mut it = big.iter();
    small.iter().all(|s| it.any(|b| b == s))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(test: usize) -> Lit {
        Lit::pos(test)
    }

    #[test]
    fn constants_and_absorption() {
        let a = Formula::lit(l(0));
        let ab = Formula::lit(l(0)).and(&Formula::lit(l(1))).unwrap();
        let f = ab.clone().or(a.clone()).unwrap();
        assert_eq!(f, a);
        assert!(
            a.clone()
                .or(Formula::lit(l(0).negate()))
                .unwrap()
                .terms
                .len()
                == 2
        );
        assert!(a
            .clone()
            .and(&Formula::lit(l(0).negate()))
            .unwrap()
            .is_false());
        assert!(Formula::verum().negate().unwrap().is_false());
        assert!(Formula::falsum().negate().unwrap().is_true());
        assert_eq!(Formula::verum().and(&ab).unwrap(), ab);
    }

    #[test]
    fn negation_multiplies_out() {
        // ¬((a ∧ b) ∨ c) = (¬a ∧ ¬c) ∨ (¬b ∧ ¬c)
        let f = Formula::lit(l(0))
            .and(&Formula::lit(l(1)))
            .unwrap()
            .or(Formula::lit(l(2)))
            .unwrap();
        let n = f.negate().unwrap();
        assert_eq!(
            n.terms,
            vec![
                vec![l(0).negate(), l(2).negate()],
                vec![l(1).negate(), l(2).negate()]
            ]
        );
    }

    #[test]
    fn size_is_bounded() {
        // ¬ of 13 two-literal terms has 2^13 terms: past the bound.
        let mut f = Formula::falsum();
        for i in 0..13 {
            f = f
                .or(Formula::lit(l(2 * i))
                    .and(&Formula::lit(l(2 * i + 1)))
                    .unwrap())
                .unwrap();
        }
        assert_eq!(f.negate(), Err(TooLarge));
    }
}
