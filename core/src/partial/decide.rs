//! The flow with unknown keys. Each statement that covers the request's action, resource and
//! principal applies under a formula (the AND of its conditions, each true, false or a test); the
//! policies of each type add up to formulas for "some Deny applies" and "some Allow applies"
//! (per way the resource policy names the caller). Then the engine's own conclusion
//! ([`crate::eval::conclude`]) is asked for every combination of the types' verdicts that are
//! not constant, and the combinations it allows, minimised, become the formula of the answer:
//! `Allowed = ¬(any Deny) ∧ OR(allowing combinations)`.

use super::formula::{Formula, Lit, TooLarge};
use super::simplify::simplify;
use super::test::{TestSource, Tests};
use super::UnknownKeys;
use crate::compile::{CompiledPolicy, CompiledStatement, MatchKind};
use crate::context::Context;
use crate::eval::{
    always_allowed, conclude, evaluate_condition, principal_kind, scope, CallerPolicies, Decision,
    Evals, KindSet, PolicyEval, PolicyType, ResourcePolicies, Scope,
};
use crate::pattern::VarSource;
use crate::policy::Effect;
use crate::request::{PrincipalKind, Request};
use std::cell::RefCell;

const KINDS: [MatchKind; 3] = [MatchKind::Direct, MatchKind::ViaEntity, MatchKind::Account];

/// The formulas of a decision with unknown keys.
#[derive(Debug, Clone)]
pub struct PartialDecision {
    /// The tests the formulas' literals index.
    pub tests: Tests,
    /// When the request is allowed.
    pub allowed: Formula,
    /// When an explicit Deny applies (and so the request is denied whatever else holds).
    pub explicit_deny: Formula,
}

impl PartialDecision {
    /// The decision for given values of the unknown keys (`ctx`: the request's known keys and
    /// those values) — the concrete engine's decision, which the property test checks.
    pub fn decide(&self, ctx: &Context) -> Decision {
        if self.allowed.holds(&self.tests, ctx) {
            Decision::Allowed
        } else if self.explicit_deny.holds(&self.tests, ctx) {
            Decision::ExplicitDeny
        } else {
            Decision::ImplicitDeny
        }
    }
}

/// Decides `req` with the `unknown` keys left open. Named unknown keys are never read from the
/// request's context.
pub fn decide_partial(
    req: &Request,
    unknown: &UnknownKeys,
    caller: &CallerPolicies,
    resource: &ResourcePolicies,
) -> Result<PartialDecision, TooLarge> {
    let mut p = Partial {
        req,
        unknown,
        scope: scope(req, caller, resource),
        tests: Tests::default(),
    };
    if always_allowed(req) {
        return Ok(PartialDecision {
            tests: p.tests,
            allowed: Formula::verum(),
            explicit_deny: Formula::falsum(),
        });
    }
    let sc = p.scope;
    let mut deny = Formula::falsum();
    let mut verdicts = Verdicts::default();

    // The same policy types, under the same rules, as the concrete sweep (eval/flow.rs).
    if sc.scp_applies {
        let mut all_levels = Formula::verum();
        for level in &caller.scps {
            let f = p.policies(level.iter().map(|a| &**a))?;
            deny = deny.or(f.deny)?;
            all_levels = all_levels.and(&any_of(f.allow)?)?;
        }
        verdicts.scp = Some(all_levels);
    }
    if sc.rcp_applies {
        for level in &resource.rcps {
            deny = deny.or(p.policies(level.iter().map(|a| &**a))?.deny)?;
        }
    }
    if let Some(rbp) = &resource.resource {
        let f = p.policies(std::iter::once(&**rbp))?;
        deny = deny.or(f.deny)?;
        verdicts.resource = Some(f.allow);
    }
    if sc.identity_side {
        let f = p.policies(caller.identity.iter().map(|a| &**a))?;
        deny = deny.or(f.deny)?;
        verdicts.identity = Some(any_of(f.allow)?);
        if req.principal.kind != PrincipalKind::Root {
            if let Some(b) = &caller.boundary {
                let f = p.policies(std::iter::once(&**b))?;
                deny = deny.or(f.deny)?;
                verdicts.boundary = Some(any_of(f.allow)?);
            }
            if let Some(s) = &caller.session {
                let f = p.policies(std::iter::once(&**s))?;
                deny = deny.or(f.deny)?;
                verdicts.session = Some(any_of(f.allow)?);
            }
        }
    }

    let deny = simplify(deny, &mut p.tests)?;
    let grant = verdicts.grant(req, sc, &mut p.tests)?;
    let allowed = deny.negate()?.and(&grant)?;
    let allowed = simplify(allowed, &mut p.tests)?;
    Ok(PartialDecision {
        tests: p.tests,
        allowed,
        explicit_deny: deny,
    })
}

/// What the policies of one type say: when a Deny applies, and when an Allow applies, per way a
/// resource policy's principal names the caller (`Direct` for statements without one).
#[derive(Default)]
struct PolicyFormulas {
    allow: [Formula; 3],
    deny: Formula,
}

fn any_of(allow: [Formula; 3]) -> Result<Formula, TooLarge> {
    let [a, b, c] = allow;
    a.or(b)?.or(c)
}

struct Partial<'a> {
    req: &'a Request,
    unknown: &'a UnknownKeys,
    scope: Scope,
    tests: Tests,
}

impl Partial<'_> {
    fn policies<'p>(
        &mut self,
        policies: impl IntoIterator<Item = &'p CompiledPolicy>,
    ) -> Result<PolicyFormulas, TooLarge> {
        let mut out = PolicyFormulas::default();
        for policy in policies {
            for st in policy.statements.iter() {
                let Some((kind, f)) = self.statement(policy, st)? else {
                    continue;
                };
                match st.effect {
                    Effect::Deny => out.deny = std::mem::take(&mut out.deny).or(f)?,
                    Effect::Allow => {
                        let i = KINDS.iter().position(|k| *k == kind).unwrap_or(0);
                        if let Some(slot) = out.allow.get_mut(i) {
                            *slot = std::mem::take(slot).or(f)?;
                        }
                    }
                }
            }
        }
        Ok(out)
    }

    /// When `st` applies: `None` when it cannot, whatever the unknown keys hold.
    fn statement(
        &mut self,
        policy: &CompiledPolicy,
        st: &CompiledStatement,
    ) -> Result<Option<(MatchKind, Formula)>, TooLarge> {
        let req = self.req;
        if !st.actions.matches(&req.action) {
            return Ok(None);
        }
        let source = || TestSource {
            policy_type: PolicyType::of(policy.source.kind),
            policy: policy.source.label.clone(),
            statement: st.index,
            sid: st.sid.as_ref().map(|s| s.to_string()),
        };
        let mut f = Formula::verum();
        if let Some(resources) = &st.resources {
            let recorder = Recorder {
                ctx: &req.context,
                unknown: self.unknown,
                read: RefCell::new(Vec::new()),
            };
            let matched = resources.matches(&req.resource, &recorder);
            let read = recorder.read.into_inner();
            if !read.is_empty() {
                // Policy variables of the element read unknown keys: the match is a test.
                let t =
                    self.tests
                        .resource(resources.clone(), req.resource.clone(), read, source());
                f = Formula::lit(Lit::pos(t));
            } else if !matched {
                return Ok(None);
            }
        }
        let Some(kind) = principal_kind(st, req, self.scope.has_boundary) else {
            return Ok(None);
        };
        for c in st.conditions.iter() {
            let open = self.unknown.is_unknown(&c.key, &req.context)
                || c.variable_keys()
                    .iter()
                    .any(|k| self.unknown.is_unknown(k, &req.context));
            if open {
                let t = self.tests.condition(c, source());
                f = f.and(&Formula::lit(Lit::pos(t)))?;
            } else if !evaluate_condition(c, &req.context).satisfied {
                return Ok(None);
            }
        }
        Ok(Some((kind, f)))
    }
}

/// Resolves policy variables from the known keys, and records every unknown key asked for.
struct Recorder<'a> {
    ctx: &'a Context,
    unknown: &'a UnknownKeys,
    read: RefCell<Vec<String>>,
}

impl VarSource for Recorder<'_> {
    fn var(&self, key_lower: &str) -> Option<&str> {
        if self.unknown.is_unknown(key_lower, self.ctx) {
            if let Ok(mut read) = self.read.try_borrow_mut() {
                if !read.iter().any(|k| k == key_lower) {
                    read.push(key_lower.to_owned());
                }
            }
            return None;
        }
        self.ctx.var(key_lower)
    }
}

/// The verdict formulas the engine's conclusion reads (`None`: the type does not take part).
#[derive(Default)]
struct Verdicts {
    /// Every SCP level allows.
    scp: Option<Formula>,
    /// The resource policy allows, per match kind.
    resource: Option<[Formula; 3]>,
    identity: Option<Formula>,
    boundary: Option<Formula>,
    session: Option<Formula>,
}

/// One verdict the conclusion reads.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot {
    Scp,
    Resource(usize),
    Identity,
    Boundary,
    Session,
}

impl Verdicts {
    fn slots(&self) -> Vec<(Slot, &Formula)> {
        let mut out = Vec::with_capacity(7);
        if let Some(f) = &self.scp {
            out.push((Slot::Scp, f));
        }
        if let Some(kinds) = &self.resource {
            out.extend(
                kinds
                    .iter()
                    .enumerate()
                    .map(|(i, f)| (Slot::Resource(i), f)),
            );
        }
        for (slot, f) in [
            (Slot::Identity, &self.identity),
            (Slot::Boundary, &self.boundary),
            (Slot::Session, &self.session),
        ] {
            if let Some(f) = f {
                out.push((slot, f));
            }
        }
        out
    }

    /// The policy types' verdicts as the concrete sweep leaves them when no Deny applied.
    fn evals(&self, value: impl Fn(Slot) -> bool) -> Evals {
        let allow = |slot| PolicyEval {
            allow: value(slot),
            deny: false,
            allow_kinds: KindSet::default(),
        };
        let mut evals = Evals {
            scp: self.scp.as_ref().map(|_| allow(Slot::Scp)),
            scp_failing_level: None,
            rcp: None,
            resource: None,
            identity: self.identity.as_ref().map(|_| allow(Slot::Identity)),
            boundary: self.boundary.as_ref().map(|_| allow(Slot::Boundary)),
            session: self.session.as_ref().map(|_| allow(Slot::Session)),
        };
        // The conclusion reads only whether some level fails, not which.
        if self.scp.is_some() && !value(Slot::Scp) {
            evals.scp_failing_level = Some(0);
        }
        if self.resource.is_some() {
            let mut e = PolicyEval::default();
            for (i, kind) in KINDS.iter().enumerate() {
                if value(Slot::Resource(i)) {
                    e.allow = true;
                    e.allow_kinds.insert(*kind);
                }
            }
            evals.resource = Some(e);
        }
        evals
    }

    /// When the verdicts add up to a grant: the engine's conclusion over every combination of
    /// the verdicts that are not constant, minimised.
    fn grant(&self, req: &Request, sc: Scope, tests: &mut Tests) -> Result<Formula, TooLarge> {
        let slots = self.slots();
        let mut simplified: Vec<(Slot, Formula)> = Vec::with_capacity(slots.len());
        for (slot, f) in slots {
            simplified.push((slot, simplify(f.clone(), tests)?));
        }
        let fixed: Vec<(Slot, bool)> = simplified
            .iter()
            .filter_map(|(s, f)| f.as_constant().map(|c| (*s, c)))
            .collect();
        let open: Vec<&(Slot, Formula)> = simplified
            .iter()
            .filter(|(_, f)| f.as_constant().is_none())
            .collect();
        let mut on = Vec::new();
        for m in 0u32..(1 << open.len()) {
            let value = |slot: Slot| {
                if let Some(i) = open.iter().position(|(s, _)| *s == slot) {
                    return m & (1 << i) != 0;
                }
                fixed.iter().any(|(s, v)| *s == slot && *v)
            };
            if conclude(req, sc, &self.evals(value)).0 == Decision::Allowed {
                on.push(m);
            }
        }
        let mut out = Formula::falsum();
        for (values, care) in minimize(open.len(), &on) {
            let mut term = Formula::verum();
            for (i, (_, f)) in open.iter().enumerate() {
                if care & (1 << i) == 0 {
                    continue;
                }
                term = if values & (1 << i) != 0 {
                    term.and(f)?
                } else {
                    term.and(&f.negate()?)?
                };
            }
            out = out.or(term)?;
        }
        Ok(out)
    }
}

/// A small sum-of-products cover (Quine–McCluskey's prime implicants, chosen greedily) of the
/// function over `n` variables that is true exactly on `on`: `(values, care mask)` pairs.
fn minimize(n: usize, on: &[u32]) -> Vec<(u32, u32)> {
    let full: u32 = if n >= 32 { u32::MAX } else { (1u32 << n) - 1 };
    let mut current: Vec<(u32, u32)> = on.iter().map(|&m| (m, full)).collect();
    let mut primes: Vec<(u32, u32)> = Vec::new();
    while !current.is_empty() {
        let mut next: Vec<(u32, u32)> = Vec::new();
        let mut used = vec![false; current.len()];
        for i in 0..current.len() {
            for j in i + 1..current.len() {
                let (Some(&(va, ca)), Some(&(vb, cb))) = (current.get(i), current.get(j)) else {
                    continue;
                };
                let diff = va ^ vb;
                if ca == cb && diff.count_ones() == 1 {
                    let merged = (va & !diff, ca & !diff);
                    if !next.contains(&merged) {
                        next.push(merged);
                    }
                    if let Some(u) = used.get_mut(i) {
                        *u = true;
                    }
                    if let Some(u) = used.get_mut(j) {
                        *u = true;
                    }
                }
            }
        }
        for (k, imp) in current.iter().enumerate() {
            if !used.get(k).copied().unwrap_or(false) && !primes.contains(imp) {
                primes.push(*imp);
            }
        }
        current = next;
    }
    // Greedy cover: the prime covering most uncovered minterms first.
    let covers = |(v, c): (u32, u32), m: u32| m & c == v & c;
    let mut uncovered: Vec<u32> = on.to_vec();
    let mut chosen = Vec::new();
    while !uncovered.is_empty() {
        let Some(best) = primes
            .iter()
            .copied()
            .max_by_key(|p| uncovered.iter().filter(|&&m| covers(*p, m)).count())
        else {
            break;
        };
        if !uncovered.iter().any(|&m| covers(best, m)) {
            break;
        }
        uncovered.retain(|&m| !covers(best, m));
        chosen.push(best);
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::minimize;

    #[test]
    fn minimize_finds_prime_cover() {
        // f(a, b) = a ∨ b: minterms 1, 2, 3 → a (values 1, care 1) and b (values 2, care 2).
        let mut cover = minimize(2, &[1, 2, 3]);
        cover.sort();
        assert_eq!(cover, vec![(1, 1), (2, 2)]);
        // f = true over no variable.
        assert_eq!(minimize(0, &[0]), vec![(0, 0)]);
        assert!(minimize(2, &[]).is_empty());
    }
}
