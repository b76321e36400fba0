//! AWS Organizations: the tree of root, OUs and accounts, and the SCPs and RCPs attached to each.
//!
//! Files, relative to the `org/` folder: `describe-organization.json`, `roots.json`,
//! `ous/<parent-id>.json`, `accounts/<parent-id>.json`, `policies/<policy-id>.json`
//! (describe-policy) and `targets/<policy-id>.json` (list-targets-for-policy). `list-policies/…`
//! files are the collection script's index and are not needed.

use super::builder::Builder;
use super::read::{idx, parse, Ctx};
use super::{ImportError, ImportResult};
use crate::diag::Diagnostic;
use crate::json::{JsonKind, JsonValue, Span};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Imports the Organizations files (paths relative to `org/`, or starting with `org/`).
pub fn import_organization(files: &[(&str, &str)]) -> ImportResult {
    let mut b = Builder::default();
    let list: Vec<(&str, &str, &str)> = files
        .iter()
        .map(|&(p, t)| (p.strip_prefix("org/").unwrap_or(p), p, t))
        .collect();
    import_files(&mut b, &list);
    b.finish()
}

/// The org policy types the model knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PolicyType {
    Scp,
    Rcp,
}

impl PolicyType {
    fn as_str(self) -> &'static str {
        match self {
            PolicyType::Scp => "scp",
            PolicyType::Rcp => "rcp",
        }
    }
}

struct OrgPolicy {
    /// The key in the model's `organization.policies`.
    name: String,
    kind: PolicyType,
}

#[derive(Default)]
struct Attached {
    scps: Vec<String>,
    rcps: Vec<String>,
}

impl Attached {
    fn push(&mut self, p: &OrgPolicy) {
        match p.kind {
            PolicyType::Scp => self.scps.push(p.name.clone()),
            PolicyType::Rcp => self.rcps.push(p.name.clone()),
        }
    }
}

/// What the files say, before the tree is assembled.
#[derive(Default)]
struct Read {
    org_id: Option<String>,
    management: Option<String>,
    root: Option<(String, String)>,
    /// parent id → child OUs (id, name).
    ous: BTreeMap<String, Vec<(String, String)>>,
    /// parent id → account ids.
    accounts: BTreeMap<String, Vec<String>>,
    policies: BTreeMap<String, OrgPolicy>,
    documents: Map<String, Value>,
    /// Policies left out (other types, RCPFullAWSAccess): their targets are not needed.
    ignored: BTreeSet<String>,
    /// target id → attached policies.
    attached: BTreeMap<String, Attached>,
}

pub(super) fn import_files(b: &mut Builder, files: &[(&str, &str, &str)]) {
    let mut read = Read::default();
    let mut targets = Vec::new();
    for &(rel, file, text) in files {
        let Some(root) = parse(file, text, &mut b.errors) else {
            continue;
        };
        let mut cx = Ctx::new(file);
        let stem = |dir: &str| {
            rel.strip_prefix(dir)
                .and_then(|r| r.strip_suffix(".json"))
                .map(str::to_owned)
        };
        if rel == "describe-organization.json" {
            organization(&mut cx, &root, &mut read);
        } else if rel == "roots.json" {
            roots(&mut cx, &root, &mut read);
        } else if let Some(parent) = stem("ous/") {
            children(&mut cx, &root, &mut read, parent, b);
        } else if let Some(parent) = stem("accounts/") {
            accounts(&mut cx, &root, &mut read, parent, b);
        } else if stem("policies/").is_some() {
            policy(&mut cx, &root, &mut read, b);
        } else if let Some(id) = stem("targets/") {
            targets.push((id, file, root));
        } else if !rel.starts_with("list-policies/") {
            b.skip(
                format!("file {file}"),
                file.to_owned(),
                "not part of the org/ layout",
            );
        }
        b.errors.append(&mut cx.errors);
    }
    // Targets last: they name policies that other files define.
    for (id, file, root) in &targets {
        let mut cx = Ctx::new(file);
        policy_targets(&mut cx, root, &mut read, id);
        b.errors.append(&mut cx.errors);
    }
    assemble(b, read, files.first().map_or("org/", |f| f.1));
}

fn organization(cx: &mut Ctx, root: &JsonValue, read: &mut Read) {
    let Some(o) = root.get("Organization") else {
        cx.error(
            "import-missing-field",
            "`Organization` is missing".into(),
            String::new(),
            root,
        );
        return;
    };
    read.org_id = cx.string(o, "Id", "/Organization");
    read.management = cx.string(o, "MasterAccountId", "/Organization");
}

fn roots(cx: &mut Ctx, root: &JsonValue, read: &mut Read) {
    let list = cx.array(root, "Roots", "");
    let Some(r) = list.first() else {
        cx.error(
            "import-no-root",
            "`Roots` lists no root".into(),
            String::new(),
            root,
        );
        return;
    };
    let id = cx.string(r, "Id", "/Roots/0");
    let name = cx
        .opt_string(r, "Name", "/Roots/0")
        .unwrap_or_else(|| "Root".into());
    read.root = id.map(|id| (id, name));
}

fn children(cx: &mut Ctx, root: &JsonValue, read: &mut Read, parent: String, b: &mut Builder) {
    let mut out = Vec::new();
    for (i, ou) in cx.array(root, "OrganizationalUnits", "").iter().enumerate() {
        let p = idx("/OrganizationalUnits", i);
        let id = cx.string(ou, "Id", &p);
        let name = cx.string(ou, "Name", &p);
        if let (Some(id), Some(name)) = (id, name) {
            out.push((id, name));
        }
    }
    if root
        .get("NextToken")
        .is_some_and(|t| !matches!(t.kind, JsonKind::Null))
    {
        b.skip(
            "further OUs".into(),
            format!("{}#/NextToken", cx.file),
            "the listing is one page; run the command without --max-items",
        );
    }
    read.ous.entry(parent).or_default().extend(out);
}

fn accounts(cx: &mut Ctx, root: &JsonValue, read: &mut Read, parent: String, b: &mut Builder) {
    let mut out = Vec::new();
    for (i, a) in cx.array(root, "Accounts", "").iter().enumerate() {
        let p = idx("/Accounts", i);
        let Some(id) = cx.string(a, "Id", &p) else {
            continue;
        };
        if let Some(name) = cx.opt_string(a, "Name", &p) {
            b.account(&id).name = Some(name);
        } else {
            b.account(&id);
        }
        out.push(id);
    }
    if root
        .get("NextToken")
        .is_some_and(|t| !matches!(t.kind, JsonKind::Null))
    {
        b.skip(
            "further accounts".into(),
            format!("{}#/NextToken", cx.file),
            "the listing is one page; run the command without --max-items",
        );
    }
    read.accounts.entry(parent).or_default().extend(out);
}

fn policy(cx: &mut Ctx, root: &JsonValue, read: &mut Read, b: &mut Builder) {
    let Some(p) = root.get("Policy") else {
        cx.error(
            "import-missing-field",
            "`Policy` is missing (expected describe-policy output)".into(),
            String::new(),
            root,
        );
        return;
    };
    let sp = "/Policy/PolicySummary";
    let Some(summary) = p.get("PolicySummary") else {
        cx.error(
            "import-missing-field",
            "`PolicySummary` is missing".into(),
            "/Policy".into(),
            p,
        );
        return;
    };
    let (Some(id), Some(name), Some(ty)) = (
        cx.string(summary, "Id", sp),
        cx.string(summary, "Name", sp),
        cx.string(summary, "Type", sp),
    ) else {
        return;
    };
    let kind = match ty.as_str() {
        "SERVICE_CONTROL_POLICY" => PolicyType::Scp,
        "RESOURCE_CONTROL_POLICY" => PolicyType::Rcp,
        other => {
            read.ignored.insert(id.clone());
            b.skip(
                format!("policy {name} ({id})"),
                format!("{}#{sp}/Type", cx.file),
                format!("{other} is not an authorization policy (only SCPs and RCPs are)"),
            );
            return;
        }
    };
    // AWS's RCPFullAWSAccess is an Allow, which no other RCP may be; the model implies it at every
    // level, as AWS attaches it everywhere and never lets it be detached.
    if id == "p-RCPFullAWSAccess" && kind == PolicyType::Rcp {
        read.ignored.insert(id.clone());
        b.skip(
            format!("policy {name} ({id})"),
            format!("{}#{sp}", cx.file),
            "RCPFullAWSAccess is implied at every level of the model",
        );
        return;
    }
    let mut key_name = name.clone();
    if read.documents.contains_key(&key_name) {
        key_name = format!("{name} ({id})");
    }
    // The AWS managed FullAWSAccess SCP is the model's builtin of the same name.
    let entry = if id == "p-FullAWSAccess" && kind == PolicyType::Scp {
        key_name = "FullAWSAccess".into();
        json!({"type": "scp", "builtin": true})
    } else {
        let Some(content) = p.get("Content") else {
            cx.error(
                "import-missing-field",
                "`Content` is missing".into(),
                "/Policy".into(),
                p,
            );
            return;
        };
        let Some(doc) = cx.policy(content, "/Policy/Content") else {
            return;
        };
        let mut obj = Map::new();
        obj.insert("type".into(), Value::String(kind.as_str().into()));
        if let Some(d) = cx
            .opt_string(summary, "Description", sp)
            .filter(|d| !d.is_empty())
        {
            obj.insert("description".into(), Value::String(d));
        }
        obj.insert("document".into(), doc);
        Value::Object(obj)
    };
    let mut model_path = String::from("/organization/policies");
    crate::json::push_segment(&mut model_path, &key_name);
    model_path.push_str("/document");
    b.fixed_origins.push(super::SourceMapping {
        model_path,
        file: cx.file.to_owned(),
        source_path: "/Policy/Content".into(),
    });
    read.documents.insert(key_name.clone(), entry);
    read.policies.insert(
        id,
        OrgPolicy {
            name: key_name,
            kind,
        },
    );
}

fn policy_targets(cx: &mut Ctx, root: &JsonValue, read: &mut Read, id: &str) {
    if read.ignored.contains(id) {
        return;
    }
    let Some(policy) = read.policies.get(id) else {
        // Attaching nothing in its place could allow more than AWS does.
        cx.error(
            "import-missing-policy",
            format!(
                "policy `{id}` has targets but no describe-policy output (org/policies/{id}.json)"
            ),
            String::new(),
            root,
        );
        return;
    };
    for (i, t) in cx.array(root, "Targets", "").iter().enumerate() {
        let p = idx("/Targets", i);
        if let Some(target) = cx.string(t, "TargetId", &p) {
            read.attached.entry(target).or_default().push(policy);
        }
    }
}

fn assemble(b: &mut Builder, mut read: Read, first_file: &str) {
    let missing = |b: &mut Builder, file: &str, what: &str| {
        b.errors.push(ImportError {
            file: file.to_owned(),
            diagnostic: Diagnostic::error(
                "import-missing-file",
                format!("the organization import needs {what}"),
                "",
                Span::default(),
            ),
        });
    };
    let Some((root_id, root_name)) = read.root.take() else {
        missing(
            b,
            first_file,
            "org/roots.json (aws organizations list-roots)",
        );
        return;
    };
    if read.org_id.is_none() {
        missing(
            b,
            first_file,
            "org/describe-organization.json (aws organizations describe-organization)",
        );
    }
    let mut seen = BTreeSet::new();
    let tree = node(b, &mut read, &root_id, &root_name, &mut seen, 0);
    // Account-level attachments live on the account in the model.
    let management = read.management.clone();
    let placed: Vec<String> = read.accounts.values().flatten().cloned().collect();
    for id in placed {
        let Some(att) = read.attached.remove(&id) else {
            continue;
        };
        if management.as_deref() == Some(id.as_str()) {
            b.skip(
                format!("SCPs and RCPs attached to account {id}"),
                format!("org/targets#{id}"),
                "the management account is never restricted by SCPs or RCPs",
            );
            continue;
        }
        let a = b.account(&id);
        a.scps.extend(att.scps);
        a.rcps.extend(att.rcps);
    }
    for target in read.attached.keys() {
        b.skip(
            format!("attachments to {target}"),
            "org/targets".into(),
            "the target is not in the imported tree",
        );
    }
    let mut org = Map::new();
    if let Some(id) = read.org_id {
        org.insert("id".into(), Value::String(id));
    }
    if let Some(m) = read.management {
        org.insert("managementAccount".into(), Value::String(m));
    }
    org.insert("policies".into(), Value::Object(read.documents));
    org.insert("root".into(), tree);
    b.organization = Some(Value::Object(org));
}

/// One node of the tree and, recursively, its OUs.
fn node(
    b: &mut Builder,
    read: &mut Read,
    id: &str,
    name: &str,
    seen: &mut BTreeSet<String>,
    depth: usize,
) -> Value {
    let mut obj = Map::new();
    obj.insert("id".into(), Value::String(id.to_owned()));
    obj.insert("name".into(), Value::String(name.to_owned()));
    if let Some(att) = read.attached.remove(id) {
        if !att.scps.is_empty() {
            obj.insert("scps".into(), json!(att.scps));
        }
        if !att.rcps.is_empty() {
            obj.insert("rcps".into(), json!(att.rcps));
        }
    }
    if let Some(accts) = read.accounts.get(id).filter(|a| !a.is_empty()) {
        obj.insert("accounts".into(), json!(accts));
    }
    let children = read.ous.get(id).cloned().unwrap_or_default();
    let mut ous = Vec::new();
    for (cid, cname) in children {
        // A cycle cannot happen in AWS, but files can be edited: never loop.
        if depth > 8 || !seen.insert(cid.clone()) {
            b.skip(
                format!("OU {cid}"),
                format!("org/ous/{id}.json"),
                "the OU appears twice or nests too deep",
            );
            continue;
        }
        ous.push(node(b, read, &cid, &cname, seen, depth + 1));
    }
    if !ous.is_empty() {
        obj.insert("ous".into(), Value::Array(ous));
    }
    Value::Object(obj)
}
