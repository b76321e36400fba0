//! Reading the model document and building the world from it.

use super::managed::{managed_policy, ManagedPolicy};
use super::read::{idx, key, Reader};
use crate::access::{Identity, IdentityKind, World};
use crate::arn::is_account_id;
use crate::assume::RoleDef;
use crate::compile::{compile_policy, CompiledPolicy, PolicySource};
use crate::context::{Context, FnvMap};
use crate::diag::{did_you_mean, Diagnostic};
use crate::eval::CallerPolicies;
use crate::json::{self, JsonValue, Limits};
use crate::policy::{parse_policy_value, parse_policy_value_with, validate_policy, PolicyKind};
use crate::request::Principal;
use std::sync::Arc;

// The non-default versions of customer managed policies: a child module, to use the loader.
#[path = "versions.rs"]
mod versions;

type Levels = Vec<Vec<Arc<CompiledPolicy>>>;

/// A resource with a resource-based policy.
#[derive(Debug, Clone)]
pub struct ModelResource {
    /// The resource's ARN.
    pub arn: String,
    /// The account that owns it.
    pub account: String,
    /// The resource's `type` in the model (`s3`, `kms`, `sqs` …; else the ARN's service).
    pub kind: String,
    /// Its resource-based policy, compiled (`None`: it has none).
    pub policy: Option<Arc<CompiledPolicy>>,
    /// Its tags (`aws:ResourceTag/*` of requests on it).
    pub tags: Vec<(String, String)>,
    /// The region the resource lives in: its `region` field, else its ARN's region (`None` for an
    /// S3 bucket given by name only).
    pub region: Option<String>,
}

/// What the model says about an account.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountSummary {
    /// The 12-digit account ID.
    pub id: String,
    /// The account's name, when the model gives it.
    pub name: Option<String>,
    /// Whether the account belongs to the model's organization.
    pub in_organization: bool,
    /// Whether it is the organization's management account (SCPs and RCPs do not apply to it).
    pub management: bool,
    /// The OUs from the root down to the account.
    pub org_path: Vec<String>,
    /// `aws:ResourceOrgPaths` / `aws:PrincipalOrgPaths` of the account
    /// (`o-id/r-id/ou-id/…/`), when the organization and its node ids are known.
    pub org_entity_path: Option<String>,
    /// The account's `defaultRegion` (where its requests go when nothing else names one).
    pub default_region: Option<String>,
}

/// A loaded, compiled model.
#[derive(Debug, Clone)]
pub struct Model {
    /// Every identity and role, with the trust index.
    pub world: World,
    /// Every resource the model lists.
    pub resources: Vec<ModelResource>,
    /// Every account the model names.
    pub accounts: Vec<AccountSummary>,
    /// The organization's ID (`o-…`), when the model gives it.
    pub org_id: Option<String>,
    /// The organization's `defaultRegion`.
    pub default_region: Option<String>,
    /// Findings that did not stop loading (derived managed policies, size limits …).
    pub warnings: Vec<Diagnostic>,
    pub(crate) rcps: FnvMap<String, Levels>,
    /// Groups and memberships, which privilege escalation acts on (issue #15).
    pub iam: crate::escalation::Inventory,
}

/// IAM names of users, groups, roles and policies are unique without regard to case
/// (`Deployer` and `deployer` cannot both exist in one account).
const CASE_NOTE: &str = " (IAM names are unique regardless of case)";

const TOP: [&str; 2] = ["organization", "accounts"];
const ORG: [&str; 5] = [
    "id",
    "managementAccount",
    "policies",
    "root",
    "defaultRegion",
];
const ORG_POLICY: [&str; 4] = ["type", "document", "builtin", "description"];
const NODE: [&str; 6] = ["id", "name", "scps", "rcps", "accounts", "ous"];
const ACCOUNT: [&str; 12] = [
    "name",
    "defaultRegion",
    "scps",
    "rcps",
    "users",
    "groups",
    "roles",
    "policies",
    "oidcProviders",
    "samlProviders",
    "resources",
    "compute",
];
const USER: [&str; 8] = [
    "name",
    "path",
    "groups",
    "inlinePolicies",
    "managedPolicies",
    "permissionBoundary",
    "tags",
    "mfaEnrolled",
];
const GROUP: [&str; 4] = ["name", "path", "inlinePolicies", "managedPolicies"];
const ROLE: [&str; 9] = [
    "name",
    "path",
    "description",
    "trustPolicy",
    "inlinePolicies",
    "managedPolicies",
    "permissionBoundary",
    "tags",
    "maxSessionDuration",
];
const CUSTOMER_POLICY: [&str; 5] = ["name", "path", "document", "description", "otherVersions"];
const RESOURCE: [&str; 7] = ["type", "name", "region", "id", "arn", "policy", "tags"];
const OIDC: [&str; 3] = ["url", "clientIds", "thumbprints"];
const SAML: [&str; 2] = ["name", "metadata"];

const FULL_AWS_ACCESS: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"FullAWSAccess","Effect":"Allow","Action":"*","Resource":"*"}]}"#;

struct OrgPolicy {
    kind: PolicyKind,
    policy: Option<Arc<CompiledPolicy>>,
}

struct Placement {
    scps: Levels,
    rcps: Levels,
    path: Vec<String>,
    /// The ids of the nodes from the root down (`None` where a node has no id).
    ids: Vec<Option<String>>,
}

struct Loader<'t> {
    limits: crate::limits::Limits,
    text: &'t str,
    r: Reader,
    warnings: Vec<Diagnostic>,
    managed_cache: FnvMap<String, Option<Arc<CompiledPolicy>>>,
    org_policies: FnvMap<String, OrgPolicy>,
    iam: crate::escalation::Inventory,
}

/// Loads a model from its JSON text. On failure, every error found (with its location in `text`).
pub fn load_model(text: &str) -> Result<Model, Vec<Diagnostic>> {
    load_model_with(text, &crate::limits::Limits::default())
}

/// [`load_model`] within the given limits (input size, nesting, statements per policy).
pub fn load_model_with(
    text: &str,
    limits: &crate::limits::Limits,
) -> Result<Model, Vec<Diagnostic>> {
    let value =
        json::parse(text, limits.json()).map_err(|e| vec![Diagnostic::from_json_error(&e, "")])?;
    let mut l = Loader {
        limits: *limits,
        text,
        r: Reader::default(),
        warnings: Vec::new(),
        managed_cache: FnvMap::default(),
        org_policies: FnvMap::default(),
        iam: crate::escalation::Inventory::default(),
    };
    let model = l.model(&value);
    match model {
        Some(m) if !l.r.diags.iter().any(Diagnostic::is_error) => Ok(m),
        _ => {
            let mut errors: Vec<Diagnostic> =
                l.r.diags.into_iter().filter(Diagnostic::is_error).collect();
            if errors.is_empty() {
                errors.push(Diagnostic::error(
                    "invalid-model",
                    "the model could not be read",
                    "",
                    value.span,
                ));
            }
            Err(errors)
        }
    }
}

impl Loader<'_> {
    fn compile(
        &mut self,
        value: &JsonValue,
        path: &str,
        kind: PolicyKind,
        label: String,
    ) -> Option<Arc<CompiledPolicy>> {
        let parsed = parse_policy_value_with(value, path, &self.limits);
        let policy = parsed.policy;
        let mut diags = parsed.diagnostics;
        if let Some(p) = &policy {
            diags.extend(validate_policy(p, kind, Some(self.text), path));
        }
        let failed = diags.iter().any(Diagnostic::is_error);
        for d in diags {
            if d.is_error() {
                self.r.diags.push(d);
            } else {
                self.warnings.push(d);
            }
        }
        if failed {
            return None;
        }
        policy.map(|p| {
            Arc::new(compile_policy(
                &p,
                PolicySource {
                    kind,
                    label,
                    path: path.to_owned(),
                },
            ))
        })
    }

    fn model(&mut self, root: &JsonValue) -> Option<Model> {
        self.r.object(root, "", "the model", &TOP)?;
        let mut org_id = None;
        let mut management = None;
        let mut org_region = None;
        let mut placements: FnvMap<String, Placement> = FnvMap::default();
        if let Some(org) = root.get("organization") {
            self.organization(
                org,
                &mut org_id,
                &mut management,
                &mut org_region,
                &mut placements,
            );
        }
        let Some(accounts_value) = root.get("accounts") else {
            self.r.error(
                "missing-field",
                "the model has no `accounts`",
                String::new(),
                root,
            );
            return None;
        };
        let accounts = self
            .r
            .object(accounts_value, "/accounts", "`accounts`", &[])?;
        // `object` reported unknown names; here every name is an account id.
        self.r.diags.retain(|d| {
            !(d.code == "unknown-field"
                && d.path.starts_with("/accounts/")
                && d.path.matches('/').count() == 2)
        });
        for (id, _) in accounts {
            if !is_account_id(&id.text) {
                self.r.diags.push(Diagnostic::error(
                    "invalid-account-id",
                    format!("`{}` is not a 12-digit account id", id.text),
                    key("/accounts", &id.text),
                    id.span,
                ));
            }
        }
        for (acct, place) in &placements {
            if !accounts.iter().any(|(k, _)| k.text == *acct) {
                self.warnings.push(Diagnostic::warning("account-not-described", format!("the organization places account `{acct}`, which `accounts` does not describe"), "/organization", root.span));
                let _ = place;
            }
        }
        let mut identities = Vec::new();
        let mut roles = Vec::new();
        let mut resources = Vec::new();
        let mut summaries = Vec::new();
        let mut rcps_by_account: FnvMap<String, Levels> = FnvMap::default();
        for (id, value) in accounts {
            let path = key("/accounts", &id.text);
            let place = placements.remove(id.text.as_ref());
            let is_management = management.as_deref() == Some(id.text.as_ref());
            let (scps, rcps, org_path, node_ids) = match place {
                // SCPs and RCPs never restrict the management account.
                Some(p) if !is_management => (p.scps, p.rcps, p.path, p.ids),
                Some(p) => (Vec::new(), Vec::new(), p.path, p.ids),
                None => (Vec::new(), Vec::new(), Vec::new(), Vec::new()),
            };
            let org_entity_path = entity_path(org_id.as_deref(), &node_ids);
            let in_org = !org_path.is_empty() || is_management;
            let mut context = Context::new();
            if let Some(org) = org_id.as_ref().filter(|_| in_org) {
                context.set("aws:PrincipalOrgID", org.clone());
            }
            if let Some(p) = &org_entity_path {
                context.set_multi("aws:PrincipalOrgPaths", [p.clone()]);
            }
            let default_region = self.r.opt_string(value, "defaultRegion", &path);
            let (name, rcps) = self.account(
                &id.text,
                value,
                &path,
                scps,
                rcps,
                in_org,
                &context,
                &mut identities,
                &mut roles,
                &mut resources,
            );
            rcps_by_account.insert(id.text.to_string(), rcps);
            summaries.push(AccountSummary {
                id: id.text.to_string(),
                name,
                in_organization: in_org,
                management: is_management,
                org_path,
                org_entity_path,
                default_region,
            });
        }
        let world = World::new(identities, roles);
        Some(Model {
            world,
            resources,
            accounts: summaries,
            org_id,
            default_region: org_region,
            warnings: std::mem::take(&mut self.warnings),
            rcps: rcps_by_account,
            iam: std::mem::take(&mut self.iam),
        })
    }

    fn organization(
        &mut self,
        org: &JsonValue,
        org_id: &mut Option<String>,
        management: &mut Option<String>,
        default_region: &mut Option<String>,
        placements: &mut FnvMap<String, Placement>,
    ) {
        let path = "/organization";
        if self.r.object(org, path, "`organization`", &ORG).is_none() {
            return;
        }
        *org_id = self.r.opt_string(org, "id", path);
        *management = self.r.opt_string(org, "managementAccount", path);
        *default_region = self.r.opt_string(org, "defaultRegion", path);
        let mut policies: FnvMap<String, OrgPolicy> = FnvMap::default();
        policies.insert(
            "FullAWSAccess".into(),
            OrgPolicy {
                kind: PolicyKind::Scp,
                policy: self.builtin_full_access(),
            },
        );
        if let Some(pv) = org.get("policies") {
            let ppath = key(path, "policies");
            if let Some(members) = self.r.object(pv, &ppath, "`policies`", &[]) {
                self.r.diags.retain(|d| {
                    !(d.code == "unknown-field"
                        && d.path.starts_with(&format!("{ppath}/"))
                        && d.path.matches('/').count() == 3)
                });
                for (name, value) in members {
                    let npath = key(&ppath, &name.text);
                    if self
                        .r
                        .object(value, &npath, "an organization policy", &ORG_POLICY)
                        .is_none()
                    {
                        continue;
                    }
                    let kind = match self.r.opt_string(value, "type", &npath).as_deref() {
                        Some("scp") => PolicyKind::Scp,
                        Some("rcp") => PolicyKind::Rcp,
                        _ => {
                            self.r.error_hint(
                                "invalid-policy-type",
                                format!(
                                    "organization policy `{}` needs `type` \"scp\" or \"rcp\"",
                                    name.text
                                ),
                                npath.clone(),
                                value,
                                "write \"type\": \"scp\" or \"type\": \"rcp\"",
                            );
                            continue;
                        }
                    };
                    let builtin = matches!(
                        value.get("builtin").map(|b| &b.kind),
                        Some(crate::json::JsonKind::Bool(true))
                    );
                    let policy = if builtin && name.text == "FullAWSAccess" {
                        self.builtin_full_access()
                    } else {
                        match value.get("document") {
                            Some(doc) => self.compile(
                                doc,
                                &key(&npath, "document"),
                                kind,
                                format!("{} ({})", name.text, kind.as_str()),
                            ),
                            None => {
                                self.r.error(
                                    "missing-field",
                                    format!(
                                        "organization policy `{}` has no `document`",
                                        name.text
                                    ),
                                    npath.clone(),
                                    value,
                                );
                                None
                            }
                        }
                    };
                    policies.insert(name.text.to_string(), OrgPolicy { kind, policy });
                }
            }
        }
        let Some(root) = org.get("root") else {
            self.r.error(
                "missing-field",
                "the organization has no `root`",
                path.to_owned(),
                org,
            );
            return;
        };
        let mut seen_ous = Vec::new();
        self.node(
            root,
            &key(path, "root"),
            &policies,
            &mut Vec::new(),
            &mut Vec::new(),
            &mut Vec::new(),
            placements,
            &mut seen_ous,
            0,
        );
        // Account-level attachments are read with the accounts; keep the policy table for them.
        self.org_policies = policies;
    }

    fn builtin_full_access(&mut self) -> Option<Arc<CompiledPolicy>> {
        let value = json::parse(FULL_AWS_ACCESS, Limits::default()).ok()?;
        let parsed = parse_policy_value(&value, "");
        parsed.policy.map(|p| {
            Arc::new(compile_policy(
                &p,
                PolicySource {
                    kind: PolicyKind::Scp,
                    label: "FullAWSAccess".into(),
                    path: String::new(),
                },
            ))
        })
    }

    #[allow(
        clippy::too_many_arguments,
        reason = "one recursive walk threads the levels it accumulates"
    )]
    fn node(
        &mut self,
        node: &JsonValue,
        path: &str,
        policies: &FnvMap<String, OrgPolicy>,
        scps: &mut Levels,
        rcps: &mut Levels,
        names: &mut Vec<(String, Option<String>)>,
        placements: &mut FnvMap<String, Placement>,
        seen_ous: &mut Vec<String>,
        depth: usize,
    ) {
        if depth > 6 {
            self.r.error(
                "org-too-deep",
                "OUs nest at most five levels below the root",
                path.to_owned(),
                node,
            );
            return;
        }
        if self
            .r
            .object(node, path, "an organization node", &NODE)
            .is_none()
        {
            return;
        }
        let node_id = self.r.opt_string(node, "id", path);
        if let Some(id) = node_id.clone() {
            if seen_ous.contains(&id) {
                self.r.error(
                    "duplicate-ou",
                    format!("OU id `{id}` appears twice in the organization tree"),
                    key(path, "id"),
                    node,
                );
            }
            seen_ous.push(id);
        }
        let name = self.r.opt_string(node, "name", path).unwrap_or_else(|| {
            if depth == 0 {
                "Root".into()
            } else {
                "OU".into()
            }
        });
        scps.push(self.attached(node, "scps", path, policies, PolicyKind::Scp));
        rcps.push(self.attached(node, "rcps", path, policies, PolicyKind::Rcp));
        names.push((name, node_id));
        for (account, apath) in self.r.strings(node, "accounts", path) {
            if !is_account_id(&account) {
                self.r.error(
                    "invalid-account-id",
                    format!("`{account}` is not a 12-digit account id"),
                    apath,
                    node,
                );
                continue;
            }
            if placements.contains_key(&account) {
                self.r.error(
                    "account-placed-twice",
                    format!("account `{account}` appears in two places of the organization tree"),
                    apath,
                    node,
                );
                continue;
            }
            placements.insert(
                account,
                Placement {
                    scps: scps.clone(),
                    rcps: rcps.clone(),
                    path: names.iter().map(|(n, _)| n.clone()).collect(),
                    ids: names.iter().map(|(_, id)| id.clone()).collect(),
                },
            );
        }
        let ous = self.r.array(node, "ous", path);
        for (i, ou) in ous.iter().enumerate() {
            self.node(
                ou,
                &idx(&key(path, "ous"), i),
                policies,
                scps,
                rcps,
                names,
                placements,
                seen_ous,
                depth + 1,
            );
        }
        scps.pop();
        rcps.pop();
        names.pop();
    }

    fn attached(
        &mut self,
        node: &JsonValue,
        field: &str,
        path: &str,
        policies: &FnvMap<String, OrgPolicy>,
        kind: PolicyKind,
    ) -> Vec<Arc<CompiledPolicy>> {
        let mut out = Vec::new();
        for (name, npath) in self.r.strings(node, field, path) {
            match policies.get(&name) {
                Some(p) if p.kind == kind => out.extend(p.policy.clone()),
                Some(_) => self.r.error(
                    "wrong-policy-type",
                    format!("`{name}` is not a {} but is attached as one", kind.as_str()),
                    npath,
                    node,
                ),
                None => {
                    let hint = did_you_mean(&name, policies.keys().map(String::as_str))
                        .map(|s| format!("did you mean `{s}`?"))
                        .unwrap_or_else(|| "define it under organization.policies".into());
                    self.r.error_hint(
                        "unknown-org-policy",
                        format!("organization policy `{name}` does not exist"),
                        npath,
                        node,
                        hint,
                    );
                }
            }
        }
        out
    }
}

/// One account's IAM entities while they are read.
struct Entities {
    customer: FnvMap<String, Arc<CompiledPolicy>>,
    groups: FnvMap<String, Vec<Arc<CompiledPolicy>>>,
}

impl Loader<'_> {
    #[allow(
        clippy::too_many_arguments,
        reason = "the account adds to every collection of the model"
    )]
    /// Reads one account; returns its name and its RCP levels (account level included).
    fn account(
        &mut self,
        id: &str,
        value: &JsonValue,
        path: &str,
        mut scps: Levels,
        mut rcps: Levels,
        in_org: bool,
        context: &Context,
        identities: &mut Vec<Identity>,
        roles: &mut Vec<RoleDef>,
        resources: &mut Vec<ModelResource>,
    ) -> (Option<String>, Levels) {
        if self.r.object(value, path, "an account", &ACCOUNT).is_none() {
            return (None, rcps);
        }
        let name = self.r.opt_string(value, "name", path);
        // SCPs and RCPs attached to the account itself form the last level.
        let policies = std::mem::take(&mut self.org_policies);
        let own_scps = self.attached(value, "scps", path, &policies, PolicyKind::Scp);
        let own_rcps = self.attached(value, "rcps", path, &policies, PolicyKind::Rcp);
        self.org_policies = policies;
        if in_org && !scps.is_empty() {
            scps.push(own_scps);
            rcps.push(own_rcps);
        } else if value.get("scps").is_some() || value.get("rcps").is_some() {
            self.r.error_hint("account-not-in-organization", format!("account `{id}` has SCPs or RCPs but is not placed in the organization (or is its management account)"), path.to_owned(), value, "place the account under an OU of organization.root");
        }
        let mut ents = Entities {
            customer: FnvMap::default(),
            groups: FnvMap::default(),
        };
        // Customer managed policies.
        let ppath = key(path, "policies");
        for (i, p) in self.r.array(value, "policies", path).iter().enumerate() {
            let pp = idx(&ppath, i);
            if self
                .r
                .object(p, &pp, "a managed policy", &CUSTOMER_POLICY)
                .is_none()
            {
                continue;
            }
            let Some(pname) = self.r.opt_string(p, "name", &pp) else {
                self.r.error(
                    "missing-field",
                    "a managed policy needs a `name`",
                    pp.clone(),
                    p,
                );
                continue;
            };
            let ppath_iam = normalise_path(self.r.opt_string(p, "path", &pp));
            let arn = format!("arn:aws:iam::{id}:policy{ppath_iam}{pname}");
            self.other_versions(p, &pp, &arn);
            let Some(doc) = p.get("document") else {
                self.r.error(
                    "missing-field",
                    format!("managed policy `{pname}` has no `document`"),
                    pp.clone(),
                    p,
                );
                continue;
            };
            if let Some(c) = self.compile(
                doc,
                &key(&pp, "document"),
                PolicyKind::Identity,
                arn.clone(),
            ) {
                if ents.customer.keys().any(|k| k.eq_ignore_ascii_case(&pname)) {
                    self.r.error(
                        "duplicate-name",
                        format!(
                            "managed policy `{pname}` is defined twice in account {id}{}",
                            CASE_NOTE
                        ),
                        pp.clone(),
                        p,
                    );
                }
                ents.customer.insert(pname, c.clone());
                ents.customer.insert(arn, c);
            }
        }
        // Groups.
        let gpath = key(path, "groups");
        for (i, g) in self.r.array(value, "groups", path).iter().enumerate() {
            let gp = idx(&gpath, i);
            if self.r.object(g, &gp, "a group", &GROUP).is_none() {
                continue;
            }
            let Some(gname) = self.r.opt_string(g, "name", &gp) else {
                self.r
                    .error("missing-field", "a group needs a `name`", gp.clone(), g);
                continue;
            };
            let mut attached = self.inline(g, &gp, &format!("group {gname}"));
            attached.extend(self.managed_list(id, g, &gp, &ents));
            let group_path = normalise_path(self.r.opt_string(g, "path", &gp));
            self.iam.add_group(
                format!("arn:aws:iam::{id}:group{group_path}{gname}"),
                id,
                &gname,
                attached.clone(),
            );
            let twice = ents.groups.keys().any(|k| k.eq_ignore_ascii_case(&gname));
            ents.groups.insert(gname.clone(), attached);
            if twice {
                self.r.error(
                    "duplicate-name",
                    format!(
                        "group `{gname}` is defined twice in account {id}{}",
                        CASE_NOTE
                    ),
                    gp,
                    g,
                );
            }
        }
        // Users.
        let upath = key(path, "users");
        // Lowercased: IAM names are unique regardless of case (a set: a scan per user was quadratic).
        let mut user_names: std::collections::HashSet<String> = std::collections::HashSet::new();
        for (i, u) in self.r.array(value, "users", path).iter().enumerate() {
            let up = idx(&upath, i);
            if self.r.object(u, &up, "a user", &USER).is_none() {
                continue;
            }
            let Some(uname) = self.r.opt_string(u, "name", &up) else {
                self.r
                    .error("missing-field", "a user needs a `name`", up.clone(), u);
                continue;
            };
            if !user_names.insert(uname.to_ascii_lowercase()) {
                self.r.error(
                    "duplicate-name",
                    format!(
                        "user `{uname}` is defined twice in account {id}{}",
                        CASE_NOTE
                    ),
                    up.clone(),
                    u,
                );
            }
            let upath_iam = normalise_path(self.r.opt_string(u, "path", &up));
            let arn = format!("arn:aws:iam::{id}:user{upath_iam}{uname}");
            let mut identity_policies = self.inline(u, &up, &format!("user {uname}"));
            identity_policies.extend(self.managed_list(id, u, &up, &ents));
            for (group, gp) in self.r.strings(u, "groups", &up) {
                match ents.groups.get(&group) {
                    Some(list) => {
                        identity_policies.extend(list.iter().cloned());
                        self.iam.add_member(&arn, id, &group);
                    }
                    None => {
                        let hint = did_you_mean(&group, ents.groups.keys().map(String::as_str))
                            .map(|s| format!("did you mean `{s}`?"))
                            .unwrap_or_else(|| {
                                format!("define the group under accounts.{id}.groups")
                            });
                        self.r.error_hint(
                            "unknown-group",
                            format!("group `{group}` does not exist in account {id}"),
                            gp,
                            u,
                            hint,
                        );
                    }
                }
            }
            let boundary = self.boundary(id, u, &up, &ents);
            let mfa_enrolled = matches!(
                u.get("mfaEnrolled").map(|v| &v.kind),
                Some(crate::json::JsonKind::Bool(true))
            );
            let Ok(principal) = Principal::parse(&arn, None) else {
                self.r.error(
                    "invalid-name",
                    format!("`{uname}` does not make a valid user ARN"),
                    up.clone(),
                    u,
                );
                continue;
            };
            identities.push(Identity::new(
                arn,
                id.to_owned(),
                IdentityKind::User { mfa_enrolled },
                principal,
                CallerPolicies {
                    identity: identity_policies,
                    boundary,
                    session: None,
                    scps: scps.clone(),
                },
                self.r.tags(u, &up),
                context.clone(),
            ));
        }
        // Roles.
        let rpath = key(path, "roles");
        // Lowercased: IAM names are unique regardless of case (a set: a scan per role was quadratic).
        let mut role_names: std::collections::HashSet<String> = std::collections::HashSet::new();
        for (i, ro) in self.r.array(value, "roles", path).iter().enumerate() {
            let rp = idx(&rpath, i);
            if self.r.object(ro, &rp, "a role", &ROLE).is_none() {
                continue;
            }
            let Some(rname) = self.r.opt_string(ro, "name", &rp) else {
                self.r
                    .error("missing-field", "a role needs a `name`", rp.clone(), ro);
                continue;
            };
            if !role_names.insert(rname.to_ascii_lowercase()) {
                self.r.error(
                    "duplicate-name",
                    format!(
                        "role `{rname}` is defined twice in account {id}{}",
                        CASE_NOTE
                    ),
                    rp.clone(),
                    ro,
                );
            }
            let rpath_iam = normalise_path(self.r.opt_string(ro, "path", &rp));
            let arn = format!("arn:aws:iam::{id}:role{rpath_iam}{rname}");
            let trust = match ro.get("trustPolicy") {
                Some(t) => self.compile(
                    t,
                    &key(&rp, "trustPolicy"),
                    PolicyKind::Trust,
                    format!("{arn} trust policy"),
                ),
                None => {
                    self.r.error_hint(
                        "missing-field",
                        format!("role `{rname}` has no `trustPolicy`"),
                        rp.clone(),
                        ro,
                        "a role without a trust policy cannot be assumed; IAM requires one",
                    );
                    None
                }
            };
            let mut identity_policies = self.inline(ro, &rp, &format!("role {rname}"));
            identity_policies.extend(self.managed_list(id, ro, &rp, &ents));
            let boundary = self.boundary(id, ro, &rp, &ents);
            // Absent: AWS's default (3,600). `null`: unknown (what `iamsim import` writes for
            // roles from get-account-authorization-details, which does not carry it).
            let max = match ro.get("maxSessionDuration") {
                None => Some(3_600),
                Some(v) if matches!(v.kind, crate::json::JsonKind::Null) => None,
                Some(v) => match &v.kind {
                    crate::json::JsonKind::Number(n) => match n.parse::<u32>() {
                        Ok(secs) if (3_600..=43_200).contains(&secs) => Some(secs),
                        _ => {
                            self.r.error_hint(
                                "invalid-max-session-duration",
                                format!("maxSessionDuration {n} is outside 3600–43200 seconds"),
                                key(&rp, "maxSessionDuration"),
                                v,
                                "AWS allows one to twelve hours",
                            );
                            Some(3_600)
                        }
                    },
                    _ => {
                        self.r.error(
                            "wrong-type",
                            "`maxSessionDuration` must be a number of seconds (or null: unknown)",
                            key(&rp, "maxSessionDuration"),
                            v,
                        );
                        Some(3_600)
                    }
                },
            };
            roles.push(RoleDef {
                arn,
                account: id.to_owned(),
                name: rname,
                trust,
                identity: identity_policies,
                boundary,
                tags: self.r.tags(ro, &rp),
                max_session_duration: max,
                account_scps: scps.clone(),
                account_rcps: rcps.clone(),
                principal_context: context.clone(),
            });
        }
        // Identity providers: checked for shape; trust policies name them by ARN.
        let opath = key(path, "oidcProviders");
        for (i, o) in self
            .r
            .array(value, "oidcProviders", path)
            .iter()
            .enumerate()
        {
            let op = idx(&opath, i);
            if self.r.object(o, &op, "an OIDC provider", &OIDC).is_some()
                && self.r.opt_string(o, "url", &op).is_none()
            {
                self.r
                    .error("missing-field", "an OIDC provider needs a `url`", op, o);
            }
        }
        let spath = key(path, "samlProviders");
        for (i, sp) in self
            .r
            .array(value, "samlProviders", path)
            .iter()
            .enumerate()
        {
            let p = idx(&spath, i);
            if self.r.object(sp, &p, "a SAML provider", &SAML).is_some()
                && self.r.opt_string(sp, "name", &p).is_none()
            {
                self.r
                    .error("missing-field", "a SAML provider needs a `name`", p, sp);
            }
        }
        // Resources.
        let respath = key(path, "resources");
        for (i, res) in self.r.array(value, "resources", path).iter().enumerate() {
            let p = idx(&respath, i);
            if self.r.object(res, &p, "a resource", &RESOURCE).is_none() {
                continue;
            }
            let Some((kind, arn)) = self.resource_arn(id, res, &p) else {
                continue;
            };
            // `resource_arn` read (and type-checked) `region`; an S3 bucket's lives only there.
            let region = crate::arn::Arn::parse(&arn)
                .map(|a| a.region.to_owned())
                .filter(|r| !r.is_empty())
                .or_else(|| {
                    res.get("region")
                        .and_then(|r| r.as_str())
                        .map(str::to_owned)
                });
            let policy = match res.get("policy") {
                Some(doc) if !matches!(doc.kind, crate::json::JsonKind::Null) => self.compile(
                    doc,
                    &key(&p, "policy"),
                    PolicyKind::Resource,
                    format!("{arn} policy"),
                ),
                _ => None,
            };
            resources.push(ModelResource {
                arn,
                account: id.to_owned(),
                kind,
                policy,
                tags: self.r.tags(res, &p),
                region,
            });
        }
        for compute in super::compute::read(&mut self.r, id, value, path, roles) {
            self.iam.add_compute(compute);
        }
        (name, rcps)
    }

    fn inline(&mut self, entity: &JsonValue, path: &str, owner: &str) -> Vec<Arc<CompiledPolicy>> {
        let Some(v) = entity.get("inlinePolicies") else {
            return Vec::new();
        };
        let ipath = key(path, "inlinePolicies");
        let Some(members) = v.as_object() else {
            self.r.error(
                "wrong-type",
                format!(
                    "`inlinePolicies` must be an object of name → document, found {}",
                    v.kind_name()
                ),
                ipath,
                v,
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (name, doc) in members {
            // JSON allows a repeated member name; IAM allows one inline policy per name. Keeping
            // either copy would evaluate a policy the owner does not have.
            if !seen.insert(name.text.as_ref()) {
                self.r.error_hint(
                    "duplicate-key",
                    format!(
                        "the inline policy `{}` appears more than once in `inlinePolicies`",
                        name.text
                    ),
                    key(&ipath, &name.text),
                    doc,
                    "inline policy names are unique per user, group or role: rename or merge the two",
                );
                continue;
            }
            if let Some(c) = self.compile(
                doc,
                &key(&ipath, &name.text),
                PolicyKind::Identity,
                format!("{owner} inline {}", name.text),
            ) {
                out.push(c);
            }
        }
        out
    }

    /// Resolves a managed-policy reference: an AWS managed ARN, a customer managed ARN, or the
    /// name of a customer managed policy of the same account.
    fn managed(
        &mut self,
        account: &str,
        reference: &str,
        path: &str,
        at: &JsonValue,
        ents: &Entities,
    ) -> Option<Arc<CompiledPolicy>> {
        if reference.starts_with("arn:aws:iam::aws:policy/") {
            if let Some(cached) = self.managed_cache.get(reference) {
                return cached.clone();
            }
            let compiled = match managed_policy(reference) {
                Some(ManagedPolicy::Shipped(text) | ManagedPolicy::Derived(text)) => {
                    if matches!(managed_policy(reference), Some(ManagedPolicy::Derived(_))) {
                        self.warnings.push(Diagnostic::warning("managed-policy-derived", format!("`{reference}` is derived from the action catalog's access levels, an approximation of AWS's document"), path, at.span));
                    }
                    let value = json::parse(text, Limits::default()).ok()?;
                    let doc = value.get("document")?;
                    let parsed = parse_policy_value(doc, "");
                    parsed.policy.map(|p| {
                        Arc::new(compile_policy(
                            &p,
                            PolicySource {
                                kind: PolicyKind::Identity,
                                label: reference.to_owned(),
                                path: String::new(),
                            },
                        ))
                    })
                }
                None => {
                    let names: Vec<&str> = super::managed::shipped_managed_policies().collect();
                    let hint = format!("shipped AWS managed policies: {}", names.join(", "));
                    self.warnings.push(Diagnostic::warning("managed-policy-not-shipped", format!("AWS managed policy `{reference}` is not shipped with iamsim; it is left out (which can only deny more)"), path, at.span).with_hint(hint));
                    None
                }
            };
            self.managed_cache
                .insert(reference.to_owned(), compiled.clone());
            return compiled;
        }
        if let Some(c) = ents.customer.get(reference) {
            return Some(c.clone());
        }
        let names: Vec<&str> = ents
            .customer
            .keys()
            .filter(|k| !k.starts_with("arn:"))
            .map(String::as_str)
            .collect();
        let hint = did_you_mean(
            reference.rsplit('/').next().unwrap_or(reference),
            names.iter().copied(),
        )
        .map(|s| format!("did you mean `{s}`?"))
        .unwrap_or_else(|| {
            format!("define it under accounts.{account}.policies, or use an AWS managed policy ARN")
        });
        self.r.error_hint(
            "unknown-managed-policy",
            format!("managed policy `{reference}` does not exist in account {account}"),
            path.to_owned(),
            at,
            hint,
        );
        None
    }

    fn managed_list(
        &mut self,
        account: &str,
        entity: &JsonValue,
        path: &str,
        ents: &Entities,
    ) -> Vec<Arc<CompiledPolicy>> {
        let refs = self.r.strings(entity, "managedPolicies", path);
        refs.iter()
            .filter_map(|(r, p)| self.managed(account, r, p, entity, ents))
            .collect()
    }

    fn boundary(
        &mut self,
        account: &str,
        entity: &JsonValue,
        path: &str,
        ents: &Entities,
    ) -> Option<Arc<CompiledPolicy>> {
        let reference = self.r.opt_string(entity, "permissionBoundary", path)?;
        let bpath = key(path, "permissionBoundary");
        let policy = self.managed(account, &reference, &bpath, entity, ents);
        if policy.is_none() && reference.starts_with("arn:aws:iam::aws:policy/") {
            // Leaving out a boundary would allow more than AWS does: refuse instead.
            self.r.error("boundary-not-available", format!("the permissions boundary `{reference}` is not available, so the entity cannot be simulated"), bpath, entity);
        }
        policy.map(|p| {
            Arc::new(CompiledPolicy {
                source: PolicySource {
                    kind: PolicyKind::Boundary,
                    ..p.source.clone()
                },
                statements: p.statements.clone(),
            })
        })
    }

    fn resource_arn(
        &mut self,
        account: &str,
        res: &JsonValue,
        path: &str,
    ) -> Option<(String, String)> {
        if let Some(arn) = self.r.opt_string(res, "arn", path) {
            let kind = self
                .r
                .opt_string(res, "type", path)
                .unwrap_or_else(|| arn.split(':').nth(2).unwrap_or("resource").to_owned());
            return Some((kind, arn));
        }
        let kind = self.r.opt_string(res, "type", path);
        let name = self.r.opt_string(res, "name", path);
        let region = self.r.opt_string(res, "region", path);
        let id = self.r.opt_string(res, "id", path);
        let arn = match (kind.as_deref(), name, region, id) {
            (Some("s3"), Some(n), _, _) => format!("arn:aws:s3:::{n}"),
            (Some("kms"), _, Some(r), Some(i)) => format!("arn:aws:kms:{r}:{account}:key/{i}"),
            (Some("sqs"), Some(n), Some(r), _) => format!("arn:aws:sqs:{r}:{account}:{n}"),
            (Some("sns"), Some(n), Some(r), _) => format!("arn:aws:sns:{r}:{account}:{n}"),
            (Some("lambda"), Some(n), Some(r), _) => {
                format!("arn:aws:lambda:{r}:{account}:function:{n}")
            }
            (Some("secretsmanager"), Some(n), Some(r), _) => {
                format!("arn:aws:secretsmanager:{r}:{account}:secret:{n}")
            }
            (Some("ecr"), Some(n), Some(r), _) => {
                format!("arn:aws:ecr:{r}:{account}:repository/{n}")
            }
            (k, ..) => {
                self.r.error_hint(
                    "invalid-resource",
                    format!("cannot build the ARN of a `{}` resource from these fields", k.unwrap_or("?")),
                    path.to_owned(),
                    res,
                    "give `arn`, or: s3 + name; kms + region + id; sqs/sns/lambda/secretsmanager/ecr + region + name",
                );
                return None;
            }
        };
        Some((kind.unwrap_or_default(), arn))
    }
}

/// `o-id/r-id/ou-id/…/`: the organization entity path of an account placed under the nodes
/// `ids` (root first), as AWS sets `aws:ResourceOrgPaths` and `aws:PrincipalOrgPaths`. `None`
/// when the organization id or a node id is not known (iamsim never invents ids).
fn entity_path(org_id: Option<&str>, ids: &[Option<String>]) -> Option<String> {
    if ids.is_empty() {
        return None;
    }
    let mut path = format!("{}/", org_id?);
    for id in ids {
        path.push_str(id.as_deref()?);
        path.push('/');
    }
    Some(path)
}

/// IAM paths start and end with `/`; none means `/`.
fn normalise_path(path: Option<String>) -> String {
    match path {
        None => "/".into(),
        Some(p) => {
            let mut p = p;
            if !p.starts_with('/') {
                p.insert(0, '/');
            }
            if !p.ends_with('/') {
                p.push('/');
            }
            p
        }
    }
}
