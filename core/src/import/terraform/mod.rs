//! Terraform plans (`terraform show -json plan.out`): the IAM entities, their policies and the S3
//! bucket and KMS key policies a plan would leave in place.
//!
//! Values come from `planned_values` (root module and child modules) over `prior_state`. A value
//! Terraform knows only after apply (`resource_changes[].change.after_unknown`) is never guessed:
//! the resource, or the part of it, is reported by address in `skipped`.

mod entities;

use super::builder::Builder;
use super::read::{idx, key, parse, Ctx};
use super::ImportResult;
use crate::arn::is_account_id;
use crate::json::{JsonKind, JsonValue};
use entities::Importer;
use std::collections::BTreeMap;

/// Which state of a plan to import: what it would leave in place (the default), or what exists
/// before it is applied — so that `iamsim diff` between the two shows what a pull request changes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PlanSide {
    /// `planned_values` over `prior_state`; resources the plan deletes are not in it.
    #[default]
    Planned,
    /// `prior_state` alone.
    Prior,
}

/// Imports one plan. The account id is `account`, else that of an `aws_caller_identity` data
/// source in the plan.
pub fn import_terraform_plan(file: &str, text: &str, account: Option<&str>) -> ImportResult {
    import_terraform_plan_side(file, text, account, PlanSide::Planned)
}

/// [`import_terraform_plan`] of one side of the plan.
pub fn import_terraform_plan_side(
    file: &str,
    text: &str,
    account: Option<&str>,
    side: PlanSide,
) -> ImportResult {
    let mut b = Builder::default();
    import_file(&mut b, file, text, account, side);
    b.finish()
}

pub(super) fn import_file(
    b: &mut Builder,
    file: &str,
    text: &str,
    account: Option<&str>,
    side: PlanSide,
) {
    if let Some(root) = parse(file, text, &mut b.errors) {
        let mut cx = Ctx::new(file);
        if cx.is_object(&root, "", "a Terraform plan") {
            Plan::read(&mut cx, &root, side).import(b, &mut cx, account);
        }
        b.errors.append(&mut cx.errors);
    }
}

/// One resource instance of the plan.
pub(super) struct Resource<'v, 'a> {
    pub(super) address: String,
    pub(super) kind: String,
    pub(super) data: bool,
    /// The values of the imported side (`planned_values`, or `prior_state` for
    /// [`PlanSide::Prior`]); a managed resource without them is not in that side (e.g. the plan
    /// deletes it).
    pub(super) planned: Option<(&'v JsonValue<'a>, String)>,
    /// Prior values that fill what the planned ones leave out.
    pub(super) prior: Option<(&'v JsonValue<'a>, String)>,
    pub(super) unknown: Option<&'v JsonValue<'a>>,
}

/// A field of a resource: known (with its JSON pointer), unknown until apply, or absent.
pub(super) enum Field<'v, 'a> {
    Known(&'v JsonValue<'a>, String),
    Unknown,
    Absent,
}

impl<'v, 'a> Resource<'v, 'a> {
    pub(super) fn field(&self, name: &str) -> Field<'v, 'a> {
        if self.unknown.and_then(|u| u.get(name)).is_some_and(any_true) {
            return Field::Unknown;
        }
        for (values, path) in [&self.planned, &self.prior].into_iter().flatten() {
            if let Some(v) = values
                .get(name)
                .filter(|v| !matches!(v.kind, JsonKind::Null))
            {
                return Field::Known(v, key(path, name));
            }
        }
        Field::Absent
    }

    pub(super) fn string(&self, name: &str) -> Option<String> {
        match self.field(name) {
            Field::Known(v, _) => v.as_str().filter(|s| !s.is_empty()).map(str::to_owned),
            _ => None,
        }
    }

    pub(super) fn location(&self, file: &str) -> String {
        let path = self
            .planned
            .as_ref()
            .or(self.prior.as_ref())
            .map_or("", |p| p.1.as_str());
        format!("{file}#{path}")
    }
}

fn any_true(v: &JsonValue) -> bool {
    match &v.kind {
        JsonKind::Bool(b) => *b,
        JsonKind::Array(items) => items.iter().any(any_true),
        JsonKind::Object(members) => members.iter().any(|(_, v)| any_true(v)),
        _ => false,
    }
}

struct Plan<'v, 'a> {
    resources: BTreeMap<String, Resource<'v, 'a>>,
    /// (resource address, attribute) → the module prefix and the references of its expression in
    /// `configuration`, e.g. `aws_iam_policy.deploy.arn`.
    references: BTreeMap<(String, String), (String, Vec<String>)>,
}

/// (resource address, attribute) → a value unknown in the plan but fixed by what it refers to.
pub(super) type Resolved = BTreeMap<(String, String), String>;

impl<'v, 'a> Plan<'v, 'a> {
    fn read(cx: &mut Ctx, root: &'v JsonValue<'a>, side: PlanSide) -> Self {
        let mut plan = Plan {
            resources: BTreeMap::new(),
            references: BTreeMap::new(),
        };
        if let Some(m) = root.get("configuration").and_then(|c| c.get("root_module")) {
            plan.configuration(m, String::new(), 0);
        }
        let planned_values = root
            .get("planned_values")
            .and_then(|p| p.get("root_module"))
            .filter(|_| side == PlanSide::Planned);
        if let Some(m) = planned_values {
            plan.module(cx, m, "/planned_values/root_module".into(), true, 0);
        }
        if let Some(m) = root
            .get("prior_state")
            .and_then(|p| p.get("values"))
            .and_then(|p| p.get("root_module"))
        {
            // For the prior side, the prior state *is* the imported view.
            let as_view = side == PlanSide::Prior;
            plan.module(cx, m, "/prior_state/values/root_module".into(), as_view, 0);
        }
        if side == PlanSide::Prior {
            // The state before apply: nothing is unknown, nothing is deleted yet.
            return plan;
        }
        for rc in cx.array(root, "resource_changes", "") {
            let (Some(address), Some(unknown)) = (
                rc.get("address").and_then(JsonValue::as_str),
                rc.get("change").and_then(|c| c.get("after_unknown")),
            ) else {
                continue;
            };
            if let Some(r) = plan.resources.get_mut(address) {
                r.unknown = Some(unknown);
            }
        }
        plan
    }

    /// Collects the references of the attributes that name other resources.
    fn configuration(&mut self, m: &JsonValue, prefix: String, depth: usize) {
        for r in m
            .get("resources")
            .and_then(JsonValue::as_array)
            .unwrap_or(&[])
        {
            let (Some(address), Some(exprs)) = (
                r.get("address").and_then(JsonValue::as_str),
                r.get("expressions").and_then(JsonValue::as_object),
            ) else {
                continue;
            };
            for (field, expr) in exprs {
                let refs: Vec<String> = expr
                    .get("references")
                    .and_then(JsonValue::as_array)
                    .unwrap_or(&[])
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect();
                if !refs.is_empty() {
                    self.references.insert(
                        (format!("{prefix}{address}"), field.text.to_string()),
                        (prefix.clone(), refs),
                    );
                }
            }
        }
        if depth > 32 {
            return;
        }
        for (name, call) in m
            .get("module_calls")
            .and_then(JsonValue::as_object)
            .unwrap_or(&[])
        {
            if let Some(module) = call.get("module") {
                self.configuration(module, format!("{prefix}module.{}.", name.text), depth + 1);
            }
        }
    }

    /// Values unknown in the plan that equal an attribute Terraform does not know yet but IAM
    /// defines exactly: a policy's ARN (`arn:aws:iam::ACCOUNT:policy` + path + name) and a role's,
    /// user's or group's `id` (its name).
    fn resolve(&self, account: &str) -> Resolved {
        let mut out = Resolved::new();
        for ((address, field), (prefix, refs)) in &self.references {
            let Some(r) = self.resources.get(address) else {
                continue;
            };
            if !matches!(r.field(field), Field::Unknown) {
                continue;
            }
            let value = refs.iter().find_map(|reference| {
                let (target, attr) = reference.rsplit_once('.')?;
                let t = self.resources.get(&format!("{prefix}{target}"))?;
                let name = t.string("name")?;
                match (t.kind.as_str(), attr) {
                    ("aws_iam_policy", "arn" | "id") => {
                        let path = t.string("path").unwrap_or_else(|| "/".into());
                        Some(format!("arn:aws:iam::{account}:policy{path}{name}"))
                    }
                    ("aws_iam_role" | "aws_iam_user" | "aws_iam_group", "name" | "id") => {
                        Some(name)
                    }
                    _ => None,
                }
            });
            if let Some(v) = value {
                out.insert((address.clone(), field.clone()), v);
            }
        }
        out
    }

    fn module(
        &mut self,
        cx: &mut Ctx,
        m: &'v JsonValue<'a>,
        path: String,
        planned: bool,
        depth: usize,
    ) {
        for (i, r) in cx.array(m, "resources", &path).iter().enumerate() {
            let rp = idx(&key(&path, "resources"), i);
            let (Some(address), Some(kind)) =
                (cx.string(r, "address", &rp), cx.string(r, "type", &rp))
            else {
                continue;
            };
            let data = r.get("mode").and_then(JsonValue::as_str) == Some("data");
            let Some(values) = r.get("values") else {
                continue;
            };
            let entry = self.resources.entry(address.clone()).or_insert(Resource {
                address,
                kind,
                data,
                planned: None,
                prior: None,
                unknown: None,
            });
            let slot = (values, key(&rp, "values"));
            if planned {
                entry.planned = Some(slot);
            } else {
                entry.prior = Some(slot);
            }
        }
        // Modules nest as deep as the configuration; a plan that nests deeper than this is not
        // Terraform's.
        if depth > 32 {
            return;
        }
        for (i, child) in cx.array(m, "child_modules", &path).iter().enumerate() {
            self.module(
                cx,
                child,
                idx(&key(&path, "child_modules"), i),
                planned,
                depth + 1,
            );
        }
    }

    fn account(&self, given: Option<&str>) -> Option<String> {
        if let Some(a) = given {
            return Some(a.to_owned());
        }
        self.resources
            .values()
            .filter(|r| r.data && r.kind == "aws_caller_identity")
            .find_map(|r| r.string("account_id"))
            .filter(|a| is_account_id(a))
    }

    fn import(&self, b: &mut Builder, cx: &mut Ctx, account: Option<&str>) {
        if let Some(given) = account.filter(|a| !is_account_id(a)) {
            cx.errors.push(super::ImportError {
                file: cx.file.to_owned(),
                diagnostic: crate::diag::Diagnostic::error(
                    "invalid-account-id",
                    format!("`{given}` is not a 12-digit account id"),
                    "",
                    crate::json::Span::default(),
                ),
            });
            return;
        }
        let Some(account) = self.account(account) else {
            cx.errors.push(super::ImportError {
                file: cx.file.to_owned(),
                diagnostic: crate::diag::Diagnostic::error(
                    "import-no-account",
                    "the plan has no `aws_caller_identity` data source with a known account id",
                    "",
                    crate::json::Span::default(),
                )
                .with_hint("pass the account id (`--account 123456789012`)"),
            });
            return;
        };
        b.account(&account);
        let resolved = self.resolve(&account);
        let mut im = Importer {
            b,
            cx,
            account: &account,
            resolved: &resolved,
        };
        let managed: Vec<&Resource> = self
            .resources
            .values()
            .filter(|r| !r.data && r.planned.is_some())
            .collect();
        im.run(&managed);
    }
}

#[cfg(test)]
mod side_tests;
