//! `aws iam get-account-authorization-details`: users, groups, roles and customer managed
//! policies of one account per file.

use super::builder::{Builder, Collection, Missing, PolicyRef, RefKind};
use super::read::{idx, key, parse, Ctx};
use super::ImportResult;
use crate::arn::is_account_id;
use crate::json::{JsonKind, JsonValue};
use serde_json::{Map, Value};

const AWS_MANAGED: &str = "arn:aws:iam::aws:policy/";

/// Imports `(file name, text)` pairs of `get-account-authorization-details` output into one
/// model; each file's account id is taken from the ARNs inside it.
pub fn import_authorization_details(files: &[(&str, &str)]) -> ImportResult {
    let mut b = Builder::default();
    for &(name, text) in files {
        import_file(&mut b, name, text);
    }
    b.finish()
}

pub(super) fn import_file(b: &mut Builder, file: &str, text: &str) {
    let Some(root) = parse(file, text, &mut b.errors) else {
        return;
    };
    let mut cx = Ctx::new(file);
    if cx.is_object(&root, "", "the authorization details") {
        read_details(b, &mut cx, &root);
    }
    b.errors.append(&mut cx.errors);
}

/// The account of an IAM ARN (`arn:aws:iam::123456789012:role/x`).
fn arn_account(arn: &str) -> Option<&str> {
    arn.split(':').nth(4).filter(|a| is_account_id(a))
}

/// The account every entity of the file belongs to: the first account-bearing ARN decides.
fn account_of(cx: &mut Ctx, root: &JsonValue) -> Option<String> {
    for list in [
        "UserDetailList",
        "GroupDetailList",
        "RoleDetailList",
        "Policies",
    ] {
        for item in root.get(list).and_then(JsonValue::as_array).unwrap_or(&[]) {
            if let Some(a) = item.get("Arn").and_then(JsonValue::as_str) {
                if let Some(acct) = arn_account(a) {
                    return Some(acct.to_owned());
                }
            }
        }
    }
    cx.error(
        "import-no-account",
        "no ARN in this file names an account, so its account id is unknown".into(),
        String::new(),
        root,
    );
    None
}

struct Entity<'a> {
    b: &'a mut Builder,
    account: &'a str,
    collection: Collection,
    name: String,
}

impl Entity<'_> {
    /// `AttachedManagedPolicies` as ARNs; customer ones are checked once every file is read.
    fn managed(&mut self, cx: &mut Ctx, v: &JsonValue, path: &str) -> Vec<Value> {
        let mpath = key(path, "AttachedManagedPolicies");
        let mut out = Vec::new();
        for (i, m) in cx
            .array(v, "AttachedManagedPolicies", path)
            .iter()
            .enumerate()
        {
            let p = idx(&mpath, i);
            if let Some(arn) = cx.string(m, "PolicyArn", &p) {
                self.reference(&arn, RefKind::Attached, cx.file, key(&p, "PolicyArn"), m);
                out.push(Value::String(arn));
            }
        }
        out
    }

    fn boundary(&mut self, cx: &mut Ctx, v: &JsonValue, path: &str) -> Option<String> {
        let pb = v.get("PermissionsBoundary")?;
        if matches!(pb.kind, JsonKind::Null) {
            return None;
        }
        let p = key(path, "PermissionsBoundary");
        let arn = cx.string(pb, "PermissionsBoundaryArn", &p)?;
        self.reference(&arn, RefKind::Boundary, cx.file, p, pb);
        Some(arn)
    }

    fn reference(&mut self, arn: &str, kind: RefKind, file: &str, path: String, at: &JsonValue) {
        if kind != RefKind::Group && arn.starts_with(AWS_MANAGED) {
            return;
        }
        self.b.refs.push(PolicyRef {
            account: self.account.to_owned(),
            collection: self.collection,
            entity: self.name.clone(),
            arn: arn.to_owned(),
            kind,
            missing: Missing::Error,
            file: file.to_owned(),
            path,
            span: at.span,
        });
    }
}

/// Inline policies (`[{PolicyName, PolicyDocument}]`) as the model's `{name: document}`.
/// The inline policies of an entity, by name, and where each document was read.
fn inline(
    cx: &mut Ctx,
    v: &JsonValue,
    field: &str,
    path: &str,
) -> (Map<String, Value>, Vec<(String, String)>) {
    let ipath = key(path, field);
    let mut out = Map::new();
    let mut origins = Vec::new();
    for (i, p) in cx.array(v, field, path).iter().enumerate() {
        let pp = idx(&ipath, i);
        let name = cx.string(p, "PolicyName", &pp);
        let doc = match p.get("PolicyDocument") {
            Some(d) => cx.policy(d, &key(&pp, "PolicyDocument")),
            None => {
                cx.error(
                    "import-missing-field",
                    "`PolicyDocument` is missing".into(),
                    pp.clone(),
                    p,
                );
                None
            }
        };
        if let (Some(name), Some(doc)) = (name, doc) {
            origins.push((name.clone(), key(&pp, "PolicyDocument")));
            out.insert(name, doc);
        }
    }
    (out, origins)
}

/// Records where an entity and its inline policies were read.
fn record_origins(
    b: &mut Builder,
    cx: &Ctx,
    account: &str,
    collection: &'static str,
    name: &str,
    entity_path: &str,
    inline: &[(String, String)],
) {
    b.origin(
        account,
        collection,
        name,
        "",
        &format!("{}#{entity_path}", cx.file),
    );
    for (policy, source) in inline {
        let mut suffix = String::from("/inlinePolicies");
        crate::json::push_segment(&mut suffix, policy);
        b.origin(
            account,
            collection,
            name,
            &suffix,
            &format!("{}#{source}", cx.file),
        );
    }
}

fn insert_nonempty(obj: &mut Map<String, Value>, field: &str, value: Value) {
    let empty = match &value {
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::Null => true,
        _ => false,
    };
    if !empty {
        obj.insert(field.into(), value);
    }
}

/// Adds an entity unless another file already gave one of that name.
fn add(
    b: &mut Builder,
    account: &str,
    collection: Collection,
    name: String,
    value: Value,
    location: String,
) {
    let a = b.account(account);
    let map = match collection {
        Collection::Users => &mut a.users,
        Collection::Groups => &mut a.groups,
        Collection::Roles => &mut a.roles,
    };
    let what = format!("{collection:?} {name}").to_lowercase();
    if !Builder::insert_new(map, name, value) {
        b.skip(what, location, "already imported from an earlier file");
    }
}

fn read_details(b: &mut Builder, cx: &mut Ctx, root: &JsonValue) {
    if matches!(
        root.get("IsTruncated").map(|v| &v.kind),
        Some(JsonKind::Bool(true))
    ) {
        b.skip(
            "the rest of the listing".into(),
            format!("{}#/IsTruncated", cx.file),
            "the output is one page of a truncated listing; run the command without --max-items",
        );
    }
    let Some(account) = account_of(cx, root) else {
        return;
    };
    let account = account.as_str();
    b.account(account);
    policies(b, cx, root, account);
    groups(b, cx, root, account);
    users(b, cx, root, account);
    roles(b, cx, root, account);
}

/// Checks that an entity's ARN names the file's account.
fn same_account(cx: &mut Ctx, v: &JsonValue, path: &str, account: &str) -> bool {
    match v.get("Arn").and_then(JsonValue::as_str).map(arn_account) {
        Some(Some(a)) if a != account => {
            cx.error(
                "import-mixed-accounts",
                format!("this entity is in account {a}, but the file describes account {account}"),
                key(path, "Arn"),
                v,
            );
            false
        }
        _ => true,
    }
}

fn policies(b: &mut Builder, cx: &mut Ctx, root: &JsonValue, account: &str) {
    for (i, p) in cx.array(root, "Policies", "").iter().enumerate() {
        let pp = idx("/Policies", i);
        if !cx.is_object(p, &pp, "a policy") {
            continue;
        }
        let arn = cx.opt_string(p, "Arn", &pp).unwrap_or_default();
        if arn.starts_with(AWS_MANAGED) {
            b.skip(
                format!("policy {arn}"),
                format!("{}#{pp}", cx.file),
                "AWS managed policy: the model references it by ARN",
            );
            continue;
        }
        if !same_account(cx, p, &pp, account) {
            continue;
        }
        let Some(name) = cx.string(p, "PolicyName", &pp) else {
            continue;
        };
        let path = cx.opt_string(p, "Path", &pp).unwrap_or_else(|| "/".into());
        let Some((doc, doc_path)) = default_version(cx, p, &pp) else {
            continue;
        };
        b.origin(account, "policies", &name, "", &format!("{}#{pp}", cx.file));
        b.origin(
            account,
            "policies",
            &name,
            "/document",
            &format!("{}#{doc_path}", cx.file),
        );
        let mut obj = Map::new();
        obj.insert("name".into(), Value::String(name.clone()));
        obj.insert("path".into(), Value::String(path));
        if let Some(d) = cx.opt_string(p, "Description", &pp) {
            obj.insert("description".into(), Value::String(d));
        }
        obj.insert("document".into(), doc);
        let others = super::versions::other_versions(b, cx, p, &pp, &doc_path, account, &name);
        if !others.is_empty() {
            obj.insert("otherVersions".into(), Value::Array(others));
        }
        let what = format!("policy {name}");
        if !Builder::insert_new(&mut b.account(account).policies, name, Value::Object(obj)) {
            b.skip(
                what,
                format!("{}#{pp}", cx.file),
                "already imported from an earlier file",
            );
        }
    }
}

/// The document of the default version: the one marked `IsDefaultVersion`, else the one whose
/// `VersionId` is the policy's `DefaultVersionId`.
fn default_version(cx: &mut Ctx, p: &JsonValue, path: &str) -> Option<(Value, String)> {
    let default_id = cx.opt_string(p, "DefaultVersionId", path);
    let vpath = key(path, "PolicyVersionList");
    let versions = cx.array(p, "PolicyVersionList", path);
    let chosen = versions
        .iter()
        .position(|v| {
            matches!(
                v.get("IsDefaultVersion").map(|d| &d.kind),
                Some(JsonKind::Bool(true))
            )
        })
        .or_else(|| {
            versions.iter().position(|v| {
                default_id.is_some()
                    && v.get("VersionId").and_then(JsonValue::as_str) == default_id.as_deref()
            })
        });
    let Some((i, v)) = chosen.and_then(|i| versions.get(i).map(|v| (i, v))) else {
        cx.error(
            "import-no-default-version",
            "the policy has no default version in `PolicyVersionList`".into(),
            path.to_owned(),
            p,
        );
        return None;
    };
    let dpath = idx(&vpath, i);
    match v.get("Document") {
        Some(d) => {
            let at = key(&dpath, "Document");
            cx.policy(d, &at).map(|doc| (doc, at))
        }
        None => {
            cx.error(
                "import-missing-field",
                "`Document` is missing".into(),
                dpath,
                v,
            );
            None
        }
    }
}

fn groups(b: &mut Builder, cx: &mut Ctx, root: &JsonValue, account: &str) {
    for (i, g) in cx.array(root, "GroupDetailList", "").iter().enumerate() {
        let gp = idx("/GroupDetailList", i);
        if !cx.is_object(g, &gp, "a group") || !same_account(cx, g, &gp, account) {
            continue;
        }
        let Some(name) = cx.string(g, "GroupName", &gp) else {
            continue;
        };
        let mut e = Entity {
            b,
            account,
            collection: Collection::Groups,
            name: name.clone(),
        };
        let managed = e.managed(cx, g, &gp);
        let mut obj = Map::new();
        obj.insert("name".into(), Value::String(name.clone()));
        if let Some(p) = cx.opt_string(g, "Path", &gp) {
            obj.insert("path".into(), Value::String(p));
        }
        let (inl, inl_origins) = inline(cx, g, "GroupPolicyList", &gp);
        insert_nonempty(&mut obj, "inlinePolicies", Value::Object(inl));
        record_origins(b, cx, account, "groups", &name, &gp, &inl_origins);
        insert_nonempty(&mut obj, "managedPolicies", Value::Array(managed));
        let loc = format!("{}#{gp}", cx.file);
        add(
            b,
            account,
            Collection::Groups,
            name,
            Value::Object(obj),
            loc,
        );
    }
}

fn users(b: &mut Builder, cx: &mut Ctx, root: &JsonValue, account: &str) {
    for (i, u) in cx.array(root, "UserDetailList", "").iter().enumerate() {
        let up = idx("/UserDetailList", i);
        if !cx.is_object(u, &up, "a user") || !same_account(cx, u, &up, account) {
            continue;
        }
        let Some(name) = cx.string(u, "UserName", &up) else {
            continue;
        };
        let mut e = Entity {
            b,
            account,
            collection: Collection::Users,
            name: name.clone(),
        };
        let managed = e.managed(cx, u, &up);
        let boundary = e.boundary(cx, u, &up);
        let mut obj = Map::new();
        obj.insert("name".into(), Value::String(name.clone()));
        if let Some(p) = cx.opt_string(u, "Path", &up) {
            obj.insert("path".into(), Value::String(p));
        }
        let gpath = key(&up, "GroupList");
        let groups: Vec<Value> = cx
            .array(u, "GroupList", &up)
            .iter()
            .enumerate()
            .filter_map(|(j, g)| match g.as_str() {
                Some(s) => {
                    e.reference(s, RefKind::Group, cx.file, idx(&gpath, j), g);
                    Some(Value::String(s.to_owned()))
                }
                None => {
                    cx.error(
                        "import-wrong-type",
                        format!("a group name must be a string, found {}", g.kind_name()),
                        idx(&gpath, j),
                        g,
                    );
                    None
                }
            })
            .collect();
        insert_nonempty(&mut obj, "groups", Value::Array(groups));
        let (inl, inl_origins) = inline(cx, u, "UserPolicyList", &up);
        insert_nonempty(&mut obj, "inlinePolicies", Value::Object(inl));
        record_origins(b, cx, account, "users", &name, &up, &inl_origins);
        insert_nonempty(&mut obj, "managedPolicies", Value::Array(managed));
        if let Some(pb) = boundary {
            obj.insert("permissionBoundary".into(), Value::String(pb));
        }
        let tags = cx.tags(u, "Tags", &up);
        insert_nonempty(&mut obj, "tags", Value::Object(tags));
        let loc = format!("{}#{up}", cx.file);
        add(b, account, Collection::Users, name, Value::Object(obj), loc);
    }
}

fn roles(b: &mut Builder, cx: &mut Ctx, root: &JsonValue, account: &str) {
    for (i, r) in cx.array(root, "RoleDetailList", "").iter().enumerate() {
        let rp = idx("/RoleDetailList", i);
        if !cx.is_object(r, &rp, "a role") || !same_account(cx, r, &rp, account) {
            continue;
        }
        let Some(name) = cx.string(r, "RoleName", &rp) else {
            continue;
        };
        let trust = match r.get("AssumeRolePolicyDocument") {
            Some(t) => cx.policy(t, &key(&rp, "AssumeRolePolicyDocument")),
            None => {
                cx.error(
                    "import-missing-field",
                    "`AssumeRolePolicyDocument` is missing".into(),
                    rp.clone(),
                    r,
                );
                None
            }
        };
        // A role without its trust policy cannot be simulated faithfully: leave it out.
        let Some(trust) = trust else {
            continue;
        };
        let mut e = Entity {
            b,
            account,
            collection: Collection::Roles,
            name: name.clone(),
        };
        let managed = e.managed(cx, r, &rp);
        let boundary = e.boundary(cx, r, &rp);
        let mut obj = Map::new();
        obj.insert("name".into(), Value::String(name.clone()));
        if let Some(p) = cx.opt_string(r, "Path", &rp) {
            obj.insert("path".into(), Value::String(p));
        }
        if let Some(d) = cx.opt_string(r, "Description", &rp) {
            obj.insert("description".into(), Value::String(d));
        }
        obj.insert("trustPolicy".into(), trust);
        let (inl, inl_origins) = inline(cx, r, "RolePolicyList", &rp);
        insert_nonempty(&mut obj, "inlinePolicies", Value::Object(inl));
        record_origins(b, cx, account, "roles", &name, &rp, &inl_origins);
        b.origin(
            account,
            "roles",
            &name,
            "/trustPolicy",
            &format!("{}#{}", cx.file, key(&rp, "AssumeRolePolicyDocument")),
        );
        insert_nonempty(&mut obj, "managedPolicies", Value::Array(managed));
        if let Some(pb) = boundary {
            obj.insert("permissionBoundary".into(), Value::String(pb));
        }
        let tags = cx.tags(r, "Tags", &rp);
        insert_nonempty(&mut obj, "tags", Value::Object(tags));
        // get-account-authorization-details carries no MaxSessionDuration (get-role and
        // list-roles do): unknown is written as null, never guessed as the 3,600 s default.
        match r.get("MaxSessionDuration") {
            None => {
                obj.insert("maxSessionDuration".into(), Value::Null);
            }
            Some(m) => match m.kind {
                JsonKind::Number(n) => {
                    if let Ok(secs) = n.parse::<u64>() {
                        obj.insert("maxSessionDuration".into(), Value::from(secs));
                    }
                }
                JsonKind::Null => {
                    obj.insert("maxSessionDuration".into(), Value::Null);
                }
                _ => cx.error(
                    "import-wrong-type",
                    format!(
                        "`MaxSessionDuration` must be a number, found {}",
                        m.kind_name()
                    ),
                    key(&rp, "MaxSessionDuration"),
                    m,
                ),
            },
        }
        let loc = format!("{}#{rp}", cx.file);
        add(b, account, Collection::Roles, name, Value::Object(obj), loc);
    }
}
