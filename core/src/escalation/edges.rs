//! The escalation edges of a principal: for every technique of the catalog that iamsim decides,
//! the targets in the principal's account on which every action it needs is allowed by the full
//! evaluation flow, with the statements that allowed each action.
//!
//! Requests are built by the query layer's one rule ([`crate::query::caller_context`] for the
//! caller, [`crate::query::facts`] for the region and the resource-side keys). IAM acts only on
//! the caller's own account: targets are the users, roles, groups and policies of that account.

use super::inventory::Inventory;
use super::node::{Node, Upgrade};
use super::types::{Applies, Gain, Precondition, Technique};
use super::TECHNIQUES;
use crate::access::{Identity, IdentityKind};
use crate::assume::{assume_role, AssumeMethod, AssumeParams, Caller, RoleDef};
use crate::context::{Context, FnvMap};
use crate::eval::{
    decide_explained, CallerPolicies, Decision, PolicyType, ResourcePolicies, Trace,
};
use crate::model::Model;
use crate::policy::Effect;
use crate::query::facts::{apply_facts, region_of, resource_facts, ResourceKnowledge};
use crate::request::{Action, Principal, Request, Resource};
use serde::Serialize;
use std::sync::Arc;
use std::sync::{Arc as Shared, Mutex, PoisonError};

/// A statement that allowed an action of a technique.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AllowedBy {
    /// The policy's label (a managed policy ARN, `user alice inline X` …).
    pub policy: String,
    /// JSON pointer of the statement in the model.
    pub path: String,
    /// The statement's `Sid`, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// Where the statement is in the model text (for the lint's location; not in answers).
    #[serde(skip)]
    pub span: crate::json::Span,
}

/// A condition an allowing statement tests: the action is allowed only while it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConditionNeed {
    /// The condition operator as written.
    pub operator: String,
    /// The condition key.
    pub key: String,
    /// The values it compares with.
    pub values: Vec<String>,
}

/// One action of a technique, as decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionGrant {
    /// The action, as requested by the technique.
    pub action: String,
    /// The resource it is requested on.
    pub resource: String,
    /// The statements that allowed it.
    pub allowed_by: Vec<AllowedBy>,
    /// Conditions those statements test.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<ConditionNeed>,
}

/// An escalation edge: the principal at one node reaches another by a technique.
#[derive(Debug, Clone)]
pub struct Edge {
    /// The technique.
    pub technique: &'static Technique,
    /// The principal (and its changes) the edge reaches.
    pub to: Node,
    /// The ARN the technique acts on: the policy, group, user or role (the passed role).
    pub via: String,
    /// Each action the technique needs, as decided.
    pub actions: Vec<ActionGrant>,
}

impl Edge {
    /// Whether the edge keeps the same principal (self-escalation): it keeps its own sign-in,
    /// MFA included. Any other principal is reached with fresh credentials, without MFA.
    pub(crate) fn same_principal(&self, from: Node) -> bool {
        self.to.identity == from.identity
    }
}

/// The edges found so far, by node and whether its principal signs in itself.
type Memo = FnvMap<(Node, bool), Shared<[Edge]>>;

/// The edges of every node of one model under one question's assumptions, each computed once.
pub struct Graph<'m> {
    /// The model the edges are found in.
    pub model: &'m Model,
    /// The context keys the question gives (never the target's region: IAM requests go to IAM).
    pub(super) given: Context,
    pub(super) mfa: bool,
    // Behind locks, not cells: one graph serves the requests a `diff` asks on every core. Two
    // threads may find the same node's edges at once; they find the same edges.
    memo: Mutex<Memo>,
    trusts: Mutex<FnvMap<(usize, &'static str, String), bool>>,
}

/// The policy an admin-equivalent principal grants itself.
fn admin_policy() -> Option<Arc<crate::compile::CompiledPolicy>> {
    static ADMIN: std::sync::OnceLock<Option<Arc<crate::compile::CompiledPolicy>>> =
        std::sync::OnceLock::new();
    ADMIN
        .get_or_init(|| {
            generated(
                r#"{"Version":"2012-10-17","Statement":[{"Sid":"GrantedToItself","Effect":"Allow","Action":"*","Resource":"*"}]}"#,
                crate::policy::PolicyKind::Identity,
                "iamsim: the policy an admin-equivalent principal grants itself",
            )
        })
        .clone()
}

/// A policy iamsim writes itself (from constant or escaped text).
fn generated(
    text: &str,
    kind: crate::policy::PolicyKind,
    label: &str,
) -> Option<Arc<crate::compile::CompiledPolicy>> {
    let policy = crate::policy::parse_policy(text).policy?;
    Some(Arc::new(crate::compile::compile_policy(
        &policy,
        crate::compile::PolicySource {
            kind,
            label: label.to_owned(),
            path: String::new(),
        },
    )))
}

/// A trust policy allowing `arn` to assume the role: what `iam:UpdateAssumeRolePolicy` writes.
fn trust_of(arn: &str) -> Option<Arc<crate::compile::CompiledPolicy>> {
    let arn = serde_json::to_string(arn).ok()?;
    generated(
        &format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":{arn}}},"Action":"sts:AssumeRole"}}]}}"#
        ),
        crate::policy::PolicyKind::Trust,
        "iamsim: the trust policy written by iam:UpdateAssumeRolePolicy",
    )
}

/// The principal of `node`: its identity with the upgrade applied.
pub(crate) fn materialize(model: &Model, node: Node) -> Option<Identity> {
    let base = model.world.identities.get(node.identity)?;
    let mut identity = base.clone();
    apply_upgrade(&mut identity.policies, node.upgrade, &model.iam);
    Some(identity)
}

fn apply_upgrade(policies: &mut CallerPolicies, upgrade: Upgrade, inventory: &Inventory) {
    if upgrade.admin {
        policies.identity.extend(admin_policy());
    }
    if let Some(g) = upgrade.group.and_then(|g| inventory.groups.get(g)) {
        policies.identity.extend(g.policies.iter().cloned());
    }
    if upgrade.no_boundary {
        policies.boundary = None;
    }
    // The new default version replaces the policy wherever it is attached.
    if let Some(v) = upgrade.version.and_then(|v| inventory.versions.get(v)) {
        for p in policies.identity.iter_mut() {
            if p.source.label == v.policy {
                *p = v.compiled.clone();
            }
        }
    }
}

/// Whether any Allow statement of the identity policies names the action: without one the
/// action is denied (no resource policy grants IAM actions or the creation of new compute), so
/// the full decision is skipped. This keeps edge finding fast for principals without IAM rights.
fn may_allow(policies: &CallerPolicies, action: &Action) -> bool {
    policies.identity.iter().any(|p| {
        p.statements
            .iter()
            .any(|st| st.effect == Effect::Allow && st.actions.matches(action))
    })
}

/// Whether the identity policies already allow `*` on `*` without a condition: granting itself
/// `*` adds nothing (the principal is admin-equivalent already, within its boundary and SCPs).
pub(super) fn unrestricted(policies: &CallerPolicies) -> bool {
    policies.identity.iter().any(|p| {
        p.statements.iter().any(|st| {
            st.effect == Effect::Allow
                && st.conditions.is_empty()
                && st.actions.is_everything()
                && st.resources.as_ref().is_some_and(|r| r.is_everything())
        })
    })
}

/// The actions of every technique of the catalog, parsed once (in catalog order): edges are
/// looked for on every principal of a model, and parsing them each time dominated large models.
fn parsed_actions() -> &'static [Option<Vec<Action>>] {
    static PARSED: std::sync::OnceLock<Vec<Option<Vec<Action>>>> = std::sync::OnceLock::new();
    PARSED.get_or_init(|| {
        TECHNIQUES
            .iter()
            .map(|t| t.steps.iter().map(|s| Action::parse(s.action)).collect())
            .collect()
    })
}

/// One resource a technique may act on.
#[derive(Clone)]
struct Candidate {
    /// The ARN of the target (the principal itself for `Caller*`).
    arn: String,
    tags: Vec<(String, String)>,
    to: Node,
    /// The role to decide an assumption of (precondition or trust rewrite).
    role: Option<usize>,
    /// For compute of the inventory: its region (the requests on it go there).
    region: Option<String>,
}

impl<'m> Graph<'m> {
    /// An empty graph over `model`; `given` and `mfa` are the question's, for every edge decided.
    pub fn new(model: &'m Model, given: &Context, mfa: bool) -> Self {
        Graph {
            model,
            given: given.clone(),
            mfa,
            memo: Mutex::new(FnvMap::default()),
            trusts: Mutex::new(FnvMap::default()),
        }
    }

    /// The principal of a node.
    pub fn identity(&self, node: Node) -> Option<Identity> {
        materialize(self.model, node)
    }

    /// The node with what adds nothing left out: `*` granted to a principal whose policies
    /// allow `*` already, a group joined by an admin-equivalent principal.
    fn normalize(&self, mut node: Node) -> Node {
        if node.upgrade.admin {
            node.upgrade.group = None;
            node.upgrade.version = None;
            let base = self.model.world.identities.get(node.identity);
            if base.is_some_and(|i| unrestricted(&i.policies)) {
                node.upgrade.admin = false;
            }
        }
        node
    }

    /// The edges of `node`; `first`: the node's principal makes its requests itself (a user
    /// signed in with its own credentials), so `--mfa` applies to it.
    pub fn edges(&self, node: Node, first: bool) -> Shared<[Edge]> {
        let known = self
            .memo
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&(node, first))
            .cloned();
        if let Some(e) = known {
            return e;
        }
        let edges: Shared<[Edge]> = self.find(node, first).into();
        self.memo
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert((node, first), edges.clone());
        edges
    }

    /// Whether the principal of `node` can grant itself `*` on `*` (its boundary and SCPs
    /// still apply to what it then does).
    #[cfg(test)]
    pub(crate) fn admin_equivalent(&self, node: Node, first: bool) -> bool {
        node.upgrade.admin
            || self
                .identity(node)
                .is_some_and(|i| unrestricted(&i.policies))
            || self
                .edges(node, first)
                .iter()
                .any(|e| e.technique.gains == Gain::AdminEquivalent)
    }

    fn find(&self, node: Node, first: bool) -> Vec<Edge> {
        let Some(me) = self.identity(node) else {
            return Vec::new();
        };
        // A service-linked role cannot be changed, and its sessions are AWS's own.
        if me.principal.service_linked {
            return Vec::new();
        }
        let context = crate::query::caller_context(&me, &self.given, self.mfa, first);
        let mut out = Vec::new();
        for (t, actions) in TECHNIQUES.iter().zip(parsed_actions()) {
            let Some(actions) = actions.as_deref().filter(|_| t.evaluated()) else {
                continue;
            };
            if !actions.iter().all(|a| may_allow(&me.policies, a)) {
                continue;
            }
            for candidate in self.candidates(t, node, &me) {
                if let Some(edge) = self.decide(t, node, &me, &context, actions, candidate) {
                    out.push(edge);
                }
            }
        }
        out
    }

    /// The resources `t` may act on for the principal `me` at `node`, with the node each
    /// leads to.
    fn candidates(&self, t: &Technique, node: Node, me: &Identity) -> Vec<Candidate> {
        let world = &self.model.world;
        let inventory = &self.model.iam;
        let own_role = match me.kind {
            IdentityKind::Role { role } => Some(role),
            IdentityKind::User { .. } => None,
        };
        let is_user = own_role.is_none();
        let target = t
            .steps
            .iter()
            .map(|s| s.on)
            .find(|on| !matches!(on, Applies::Compute(_)));
        let upgraded = |u: Upgrade| Node {
            identity: node.identity,
            upgrade: u,
        };
        let mine = |to: Node| Candidate {
            arn: me.arn.clone(),
            tags: me.tags.clone(),
            to,
            role: None,
            region: None,
        };
        let mut up = node.upgrade;
        match t.gains {
            Gain::AdminEquivalent if node.upgrade.admin || unrestricted(&me.policies) => {
                return Vec::new()
            }
            Gain::AdminEquivalent => up.admin = true,
            Gain::BoundaryRemoved if node.upgrade.no_boundary || me.policies.boundary.is_none() => {
                return Vec::new()
            }
            Gain::BoundaryRemoved => up.no_boundary = true,
            _ => {}
        }
        match target {
            Some(Applies::CallerUser) if is_user => vec![mine(upgraded(up))],
            Some(Applies::CallerRole) if !is_user => vec![mine(upgraded(up))],
            Some(Applies::CallerGroup) if is_user => inventory
                .groups_of(&me.arn)
                .iter()
                .filter_map(|g| inventory.groups.get(*g))
                .map(|g| Candidate {
                    arn: g.arn.clone(),
                    tags: Vec::new(),
                    to: upgraded(up),
                    role: None,
                    region: None,
                })
                .collect(),
            Some(Applies::TargetGroup)
                if is_user && !node.upgrade.admin && node.upgrade.group.is_none() =>
            {
                let own = inventory.groups_of(&me.arn);
                inventory
                    .groups_in(&me.account)
                    .iter()
                    .filter(|g| !own.contains(g))
                    .filter_map(|g| inventory.groups.get(*g).map(|group| (*g, group)))
                    .map(|(g, group)| Candidate {
                        arn: group.arn.clone(),
                        tags: Vec::new(),
                        to: upgraded(Upgrade {
                            group: Some(g),
                            ..node.upgrade
                        }),
                        role: None,
                        region: None,
                    })
                    .collect()
            }
            Some(Applies::AttachedPolicy) if t.gains == Gain::OtherPolicyVersion => {
                if node.upgrade.admin || node.upgrade.version.is_some() {
                    return Vec::new();
                }
                let mut arns: Vec<&str> = me
                    .policies
                    .identity
                    .iter()
                    .map(|p| p.source.label.as_str())
                    .filter(|l| !inventory.versions_of(l).is_empty())
                    .collect();
                arns.sort_unstable();
                arns.dedup();
                arns.into_iter()
                    .flat_map(|arn| {
                        inventory.versions_of(arn).iter().map(move |v| Candidate {
                            arn: arn.to_owned(),
                            tags: Vec::new(),
                            to: upgraded(Upgrade {
                                version: Some(*v),
                                ..node.upgrade
                            }),
                            role: None,
                            region: None,
                        })
                    })
                    .collect()
            }
            Some(Applies::AttachedPolicy) => {
                let prefix = format!("arn:aws:iam::{}:policy/", me.account);
                let mut arns: Vec<&str> = me
                    .policies
                    .identity
                    .iter()
                    .map(|p| p.source.label.as_str())
                    // A version made default is labelled `ARN version ID`: not an ARN.
                    .filter(|l| l.starts_with(&prefix) && !l.contains(' '))
                    .collect();
                arns.sort_unstable();
                arns.dedup();
                arns.into_iter()
                    .map(|arn| Candidate {
                        arn: arn.to_owned(),
                        tags: Vec::new(),
                        to: upgraded(up),
                        role: None,
                        region: None,
                    })
                    .collect()
            }
            Some(Applies::TargetUser) => world
                .identities
                .iter()
                .enumerate()
                .filter(|(i, u)| {
                    *i != node.identity
                        && u.account == me.account
                        && matches!(u.kind, IdentityKind::User { .. })
                })
                .map(|(i, u)| Candidate {
                    arn: u.arn.clone(),
                    tags: u.tags.clone(),
                    to: Node {
                        identity: i,
                        upgrade: Upgrade {
                            admin: t.gains == Gain::TargetUserAdmin,
                            ..Upgrade::default()
                        },
                    },
                    role: None,
                    region: None,
                })
                .collect(),
            Some(Applies::TargetRole | Applies::PassedRole) => world
                .roles
                .iter()
                .enumerate()
                .filter(|(r, role)| {
                    Some(*r) != own_role
                        && role.account == me.account
                        && !role.arn.contains(":role/aws-service-role/")
                })
                .filter_map(|(r, role)| {
                    let identity = world.role_identity(r)?;
                    let upgrade = Upgrade {
                        admin: t.gains == Gain::TargetRoleAdmin,
                        no_boundary: t.gains == Gain::TargetRoleUnbounded,
                        group: None,
                        version: None,
                    };
                    Some(Candidate {
                        arn: role.arn.clone(),
                        tags: role.tags.clone(),
                        to: Node { identity, upgrade },
                        role: Some(r),
                        region: None,
                    })
                })
                .collect(),
            Some(Applies::ExistingCompute) => inventory
                .compute_in(&me.account)
                .filter(|c| Some(c.kind) == t.compute())
                .filter_map(|c| {
                    let r = world.role_index(&c.role)?;
                    let role = world.roles.get(r)?;
                    if Some(r) == own_role || role.arn.contains(":role/aws-service-role/") {
                        return None;
                    }
                    Some(Candidate {
                        arn: c.arn.clone(),
                        tags: c.tags.clone(),
                        to: Node::of(world.role_identity(r)?),
                        role: Some(r),
                        region: Some(c.region.clone()),
                    })
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Decides every action of `t` on the candidate, and its precondition.
    fn decide(
        &self,
        t: &'static Technique,
        node: Node,
        me: &Identity,
        context: &Context,
        actions: &[Action],
        candidate: Candidate,
    ) -> Option<Edge> {
        if candidate.to == node {
            return None;
        }
        let region = candidate
            .region
            .clone()
            .unwrap_or_else(|| self.compute_region(&me.account));
        let fill = |tpl: &str| {
            tpl.replace("{region}", &region)
                .replace("{account}", &me.account)
        };
        let associated = t.associated.map(fill);
        let mut grants = Vec::with_capacity(t.steps.len());
        for (step, action) in t.steps.iter().zip(actions) {
            let (resource, tags): (String, &[(String, String)]) = match step.on {
                Applies::Compute(tpl) => (fill(tpl), &[]),
                // The target: the principal, group, policy or role, or the compute taken over.
                _ => (candidate.arn.clone(), candidate.tags.as_slice()),
            };
            let mut extra = Vec::new();
            if step.on == Applies::PassedRole {
                extra.push(("iam:PassedToService", t.service()?.to_owned()));
                extra.push(("iam:AssociatedResourceArn", associated.clone()?));
            }
            let trace = self.decide_step(me, context, action, &resource, tags, &extra);
            if trace.decision != Decision::Allowed {
                return None;
            }
            grants.push(grant(me, step.action, resource, &trace));
        }
        let role = candidate.role.and_then(|r| self.model.world.roles.get(r));
        let rewrites_trust = t
            .steps
            .iter()
            .any(|s| s.action == "iam:UpdateAssumeRolePolicy");
        let holds = match (t.precondition, role) {
            (Precondition::TrustsService(service), Some(role)) => {
                let r = candidate.role?;
                self.trusts_service(r, role, service, &me.account, associated.as_deref()?)
            }
            // The compute runs as the role only while its trust allows the service (AWS
            // assumes it for every new set of credentials), on behalf of this compute.
            (Precondition::RunsAsRole(Some(kind)), Some(role)) => {
                let r = candidate.role?;
                self.trusts_service(r, role, kind.service(), &me.account, &candidate.arn)
            }
            (Precondition::CallerCanAssume, Some(role)) => self.can_assume(me, context, role, None),
            // The trust is rewritten to name the caller, then the role assumed.
            (Precondition::None, Some(role)) if rewrites_trust => {
                self.can_assume(me, context, role, trust_of(&me.arn))
            }
            (
                Precondition::TrustsService(_)
                | Precondition::CallerCanAssume
                | Precondition::RunsAsRole(_),
                None,
            ) => false,
            _ => true,
        };
        if !holds {
            return None;
        }
        Some(Edge {
            technique: t,
            to: self.normalize(candidate.to),
            via: candidate.arn,
            actions: grants,
        })
    }

    /// The region compute would be created in: the question's `aws:RequestedRegion`, else the
    /// account's or organization's default region, else us-east-1 (the rule of
    /// [`crate::query::facts`]).
    fn compute_region(&self, account: &str) -> String {
        if let Some(v) = self.given.get("aws:requestedregion") {
            if let Some(first) = v.as_slice().first() {
                return first.raw.clone();
            }
        }
        let Some(action) = Action::parse("ec2:RunInstances") else {
            return "us-east-1".into();
        };
        let k = self.knowledge(account, None);
        match region_of(&action, &Resource::new("*"), &k).value {
            crate::query::FactValue::One(r) => r,
            crate::query::FactValue::Many(rs) => rs.into_iter().next().unwrap_or_default(),
        }
    }

    fn knowledge<'k>(
        &'k self,
        account: &'k str,
        tags: Option<&'k [(String, String)]>,
    ) -> ResourceKnowledge<'k> {
        ResourceKnowledge {
            entry: None,
            role_tags: tags,
            owner: Some(account),
            owner_account: self.model.accounts.iter().find(|a| a.id == account),
            org_id: self.model.org_id.as_deref(),
            org_region: self.model.default_region.as_deref(),
        }
    }

    /// One action of a technique by `me` on `resource` of its own account, with the full flow.
    fn decide_step(
        &self,
        me: &Identity,
        context: &Context,
        action: &Action,
        resource: &str,
        tags: &[(String, String)],
        extra: &[(&str, String)],
    ) -> Trace {
        let res = Resource::new(resource);
        let k = self.knowledge(&me.account, Some(tags));
        let mut context = context.clone();
        for (key, value) in extra {
            context.set(key, value.clone());
        }
        let region = region_of(action, &res, &k);
        apply_facts(&mut context, std::slice::from_ref(&region));
        apply_facts(&mut context, &resource_facts(&k));
        let mut req = Request {
            principal: me.principal.clone(),
            action: action.clone(),
            resource: res,
            resource_account: Some(me.account.clone()),
            context,
        };
        req.fill_principal_keys();
        let resource_policies = ResourcePolicies {
            resource: None,
            rcps: self
                .model
                .rcps
                .get(&me.account)
                .cloned()
                .unwrap_or_default(),
        };
        decide_explained(&req, &me.policies, &resource_policies)
    }

    /// Whether `me` can assume `role` (with `trust` in place of its trust policy when given).
    pub(super) fn can_assume(
        &self,
        me: &Identity,
        context: &Context,
        role: &RoleDef,
        trust: Option<Arc<crate::compile::CompiledPolicy>>,
    ) -> bool {
        let mut context = context.clone();
        apply_facts(
            &mut context,
            &resource_facts(&self.knowledge(&role.account, Some(&role.tags))),
        );
        let caller = Caller {
            principal: me.principal.clone(),
            policies: me.policies.clone(),
            context,
            session: None,
        };
        let params = AssumeParams {
            session_name: "iamsim".into(),
            ..AssumeParams::default()
        };
        let outcome = match trust {
            Some(t) => {
                let mut rewritten = role.clone();
                rewritten.trust = Some(t);
                assume_role(&caller, &rewritten, &AssumeMethod::AssumeRole, &params)
            }
            None => assume_role(&caller, role, &AssumeMethod::AssumeRole, &params),
        };
        outcome.decision == Decision::Allowed
    }

    /// Whether the role's trust policy lets `service` assume it on behalf of the compute
    /// `associated` of `account` (the service sends `aws:SourceAccount` and `aws:SourceArn`).
    fn trusts_service(
        &self,
        r: usize,
        role: &RoleDef,
        service: &'static str,
        account: &str,
        associated: &str,
    ) -> bool {
        let key = (r, service, associated.to_owned());
        let known = self
            .trusts
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&key)
            .copied();
        if let Some(v) = known {
            return v;
        }
        let allowed = Principal::parse(service, None).is_ok_and(|principal| {
            let mut context = Context::new();
            context.set("aws:SourceAccount", account.to_owned());
            context.set("aws:SourceArn", associated.to_owned());
            let caller = Caller {
                principal,
                policies: CallerPolicies::default(),
                context,
                session: None,
            };
            let params = AssumeParams {
                session_name: "iamsim".into(),
                ..AssumeParams::default()
            };
            assume_role(&caller, role, &AssumeMethod::AssumeRole, &params).decision
                == Decision::Allowed
        });
        self.trusts
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key, allowed);
        allowed
    }
}

/// The statements of the identity side that allowed an action, and the conditions they test.
fn grant(me: &Identity, action: &str, resource: String, trace: &Trace) -> ActionGrant {
    let mut allowed_by = Vec::new();
    let mut conditions = Vec::new();
    for hit in trace
        .statements
        .iter()
        .filter(|h| h.effect == Effect::Allow && h.policy_type == PolicyType::Identity)
    {
        allowed_by.push(AllowedBy {
            policy: hit.policy.clone(),
            path: hit.path.clone(),
            sid: hit.sid.clone(),
            span: crate::json::Span {
                start: hit.start,
                end: hit.end,
            },
        });
        let statement = me
            .policies
            .identity
            .iter()
            .filter(|p| p.source.label == hit.policy)
            .flat_map(|p| p.statements.iter())
            .find(|st| st.index == hit.statement && st.path == hit.path);
        for c in statement.iter().flat_map(|st| st.conditions.iter()) {
            let need = ConditionNeed {
                operator: c.operator.name(),
                key: c.key_display.to_string(),
                values: c.values_text.iter().map(|v| v.to_string()).collect(),
            };
            if !conditions.contains(&need) {
                conditions.push(need);
            }
        }
    }
    ActionGrant {
        action: action.to_owned(),
        resource,
        allowed_by,
        conditions,
    }
}
