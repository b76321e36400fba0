//! Writing the plan's IAM resources into the model: entities first, then what attaches to them.

use super::{Field, Resolved, Resource};
use crate::import::builder::{Builder, Collection, Missing, PolicyRef, RefKind};
use crate::import::read::{idx, key, Ctx};
use crate::json::{JsonKind, JsonValue};
use serde_json::{Map, Value};

pub(super) struct Importer<'i, 'f> {
    pub b: &'i mut Builder,
    pub cx: &'i mut Ctx<'f>,
    pub account: &'i str,
    pub resolved: &'i Resolved,
}

impl Importer<'_, '_> {
    /// Imports every managed resource of the plan.
    pub(super) fn run(&mut self, managed: &[&Resource]) {
        // Entities first, then what attaches to them.
        for r in managed {
            match r.kind.as_str() {
                "aws_iam_role" => self.role(r),
                "aws_iam_user" => self.user(r),
                "aws_iam_group" => self.group(r),
                "aws_iam_policy" => self.policy(r),
                "aws_s3_bucket_policy" => self.bucket_policy(r),
                "aws_kms_key" => self.kms_key(r),
                _ => {}
            }
        }
        for r in managed {
            match r.kind.as_str() {
                "aws_iam_role"
                | "aws_iam_user"
                | "aws_iam_group"
                | "aws_iam_policy"
                | "aws_s3_bucket_policy"
                | "aws_kms_key" => {}
                "aws_iam_role_policy" => self.inline(r, Collection::Roles, "role"),
                "aws_iam_user_policy" => self.inline(r, Collection::Users, "user"),
                "aws_iam_group_policy" => self.inline(r, Collection::Groups, "group"),
                "aws_iam_role_policy_attachment" => self.attachment(r, Collection::Roles, "role"),
                "aws_iam_user_policy_attachment" => self.attachment(r, Collection::Users, "user"),
                "aws_iam_group_policy_attachment" => {
                    self.attachment(r, Collection::Groups, "group")
                }
                "aws_iam_policy_attachment" => self.exclusive_attachment(r),
                "aws_iam_group_membership" => self.group_membership(r),
                "aws_iam_user_group_membership" => self.user_groups(r),
                k if k.starts_with("aws_iam_") || k.starts_with("aws_organizations_") => {
                    let loc = r.location(self.cx.file);
                    self.b.skip(
                        r.address.clone(),
                        loc,
                        format!("`{k}` is not imported from Terraform plans"),
                    );
                }
                _ => {}
            }
        }
    }

    fn unknown(&mut self, r: &Resource, field: &str) {
        let loc = r.location(self.cx.file);
        self.b.skip(
            r.address.clone(),
            loc,
            format!("`{field}` is known only after apply"),
        );
    }

    /// A required string; reports the resource when it is unknown or missing.
    fn need(&mut self, r: &Resource, field: &str) -> Option<String> {
        match r.field(field) {
            Field::Unknown => {
                let key = (r.address.clone(), field.to_owned());
                if let Some(v) = self.resolved.get(&key) {
                    return Some(v.clone());
                }
                self.unknown(r, field);
                None
            }
            Field::Known(v, _) if v.as_str().is_some_and(|s| !s.is_empty()) => {
                v.as_str().map(str::to_owned)
            }
            _ => {
                let loc = r.location(self.cx.file);
                self.b
                    .skip(r.address.clone(), loc, format!("`{field}` is not set"));
                None
            }
        }
    }

    /// A policy document held as a JSON string.
    fn document(&mut self, r: &Resource, field: &str) -> Option<Value> {
        match r.field(field) {
            Field::Unknown => {
                self.unknown(r, field);
                None
            }
            Field::Known(v, path) if v.as_str().is_some_and(|s| !s.is_empty()) => {
                self.cx.policy(v, &path)
            }
            _ => {
                let loc = r.location(self.cx.file);
                self.b
                    .skip(r.address.clone(), loc, format!("`{field}` is not set"));
                None
            }
        }
    }

    fn common(&mut self, r: &Resource, obj: &mut Map<String, Value>, tags: bool) {
        if let Some(p) = r.string("path") {
            obj.insert("path".into(), Value::String(p));
        }
        if !tags {
            return;
        }
        // `tags_all` adds the provider's default tags: what AWS ends up with.
        for field in ["tags_all", "tags"] {
            match r.field(field) {
                Field::Known(v, _) => {
                    let t: Map<String, Value> = v
                        .as_object()
                        .unwrap_or(&[])
                        .iter()
                        .filter_map(|(k, v)| {
                            v.as_str()
                                .map(|s| (k.text.to_string(), Value::String(s.to_owned())))
                        })
                        .collect();
                    if !t.is_empty() {
                        obj.insert("tags".into(), Value::Object(t));
                    }
                    return;
                }
                Field::Unknown => {
                    let loc = r.location(self.cx.file);
                    self.b.skip(
                        format!("{} tags", r.address),
                        loc,
                        format!("`{field}` is known only after apply"),
                    );
                    return;
                }
                Field::Absent => {}
            }
        }
    }

    fn managed_ref(
        &mut self,
        coll: Collection,
        entity: &str,
        arn: &str,
        kind: RefKind,
        at: &JsonValue,
        path: String,
    ) {
        if arn.starts_with("arn:aws:iam::aws:policy/") {
            return;
        }
        self.b.refs.push(PolicyRef {
            account: self.account.to_owned(),
            collection: coll,
            entity: entity.to_owned(),
            arn: arn.to_owned(),
            kind,
            missing: Missing::Skip,
            file: self.cx.file.to_owned(),
            path,
            span: at.span,
        });
    }

    fn boundary(
        &mut self,
        r: &Resource,
        coll: Collection,
        name: &str,
        obj: &mut Map<String, Value>,
    ) -> bool {
        match r.field("permissions_boundary") {
            Field::Unknown => {
                // Leaving the boundary out would allow more than AWS will: leave the entity out.
                self.unknown(r, "permissions_boundary");
                false
            }
            Field::Known(v, path) => {
                if let Some(arn) = v.as_str().filter(|s| !s.is_empty()) {
                    self.managed_ref(coll, name, arn, RefKind::Boundary, v, path);
                    obj.insert("permissionBoundary".into(), Value::String(arn.to_owned()));
                }
                true
            }
            Field::Absent => true,
        }
    }

    fn insert(&mut self, coll: Collection, name: String, obj: Map<String, Value>, r: &Resource) {
        let a = self.b.account(self.account);
        let map = match coll {
            Collection::Users => &mut a.users,
            Collection::Groups => &mut a.groups,
            Collection::Roles => &mut a.roles,
        };
        if !Builder::insert_new(map, name, Value::Object(obj)) {
            let loc = r.location(self.cx.file);
            self.b.skip(
                r.address.clone(),
                loc,
                "an entity of the same name (IAM names ignore case) is defined by another resource of the plan or another imported file",
            );
        }
    }

    fn role(&mut self, r: &Resource) {
        let Some(name) = self.need(r, "name") else {
            return;
        };
        let Some(trust) = self.document(r, "assume_role_policy") else {
            return;
        };
        let mut obj = Map::new();
        obj.insert("name".into(), Value::String(name.clone()));
        self.common(r, &mut obj, true);
        if let Some(d) = r.string("description") {
            obj.insert("description".into(), Value::String(d));
        }
        obj.insert("trustPolicy".into(), trust);
        match r.field("inline_policy") {
            Field::Unknown => self.unknown(r, "inline_policy"),
            Field::Known(v, path) => {
                let mut inl = Map::new();
                for (i, p) in v.as_array().unwrap_or(&[]).iter().enumerate() {
                    // The provider plans one empty block when there is none.
                    let Some(pname) = p
                        .get("name")
                        .and_then(JsonValue::as_str)
                        .filter(|s| !s.is_empty())
                    else {
                        continue;
                    };
                    let pp = idx(&path, i);
                    if let Some(doc) = p
                        .get("policy")
                        .and_then(|d| self.cx.policy(d, &key(&pp, "policy")))
                    {
                        inl.insert(pname.to_owned(), doc);
                    }
                }
                if !inl.is_empty() {
                    obj.insert("inlinePolicies".into(), Value::Object(inl));
                }
            }
            Field::Absent => {}
        }
        match r.field("managed_policy_arns") {
            Field::Unknown => self.unknown(r, "managed_policy_arns"),
            Field::Known(v, path) => {
                let mut arns = Vec::new();
                for (i, a) in v.as_array().unwrap_or(&[]).iter().enumerate() {
                    if let Some(arn) = a.as_str() {
                        self.managed_ref(
                            Collection::Roles,
                            &name,
                            arn,
                            RefKind::Attached,
                            a,
                            idx(&path, i),
                        );
                        arns.push(Value::String(arn.to_owned()));
                    }
                }
                if !arns.is_empty() {
                    obj.insert("managedPolicies".into(), Value::Array(arns));
                }
            }
            Field::Absent => {}
        }
        if !self.boundary(r, Collection::Roles, &name, &mut obj) {
            return;
        }
        if let Field::Known(v, _) = r.field("max_session_duration") {
            if let JsonKind::Number(n) = v.kind {
                if let Ok(secs) = n.parse::<u64>() {
                    obj.insert("maxSessionDuration".into(), Value::from(secs));
                }
            }
        }
        self.insert(Collection::Roles, name, obj, r);
    }

    fn user(&mut self, r: &Resource) {
        let Some(name) = self.need(r, "name") else {
            return;
        };
        let mut obj = Map::new();
        obj.insert("name".into(), Value::String(name.clone()));
        self.common(r, &mut obj, true);
        if self.boundary(r, Collection::Users, &name, &mut obj) {
            self.insert(Collection::Users, name, obj, r);
        }
    }

    fn group(&mut self, r: &Resource) {
        let Some(name) = self.need(r, "name") else {
            return;
        };
        let mut obj = Map::new();
        obj.insert("name".into(), Value::String(name.clone()));
        self.common(r, &mut obj, false);
        self.insert(Collection::Groups, name, obj, r);
    }

    fn policy(&mut self, r: &Resource) {
        let Some(name) = self.need(r, "name") else {
            return;
        };
        let Some(doc) = self.document(r, "policy") else {
            return;
        };
        let mut obj = Map::new();
        obj.insert("name".into(), Value::String(name.clone()));
        obj.insert(
            "path".into(),
            Value::String(r.string("path").unwrap_or_else(|| "/".into())),
        );
        if let Some(d) = r.string("description") {
            obj.insert("description".into(), Value::String(d));
        }
        obj.insert("document".into(), doc);
        if !Builder::insert_new(
            &mut self.b.account(self.account).policies,
            name,
            Value::Object(obj),
        ) {
            let loc = r.location(self.cx.file);
            self.b.skip(
                r.address.clone(),
                loc,
                "another resource of the plan defines the same policy name",
            );
        }
    }

    fn resource(&mut self, r: &Resource, kind: &str, arn: String, doc: Value) {
        let mut obj = Map::new();
        obj.insert("type".into(), Value::String(kind.into()));
        obj.insert("arn".into(), Value::String(arn.clone()));
        obj.insert("policy".into(), doc);
        if !Builder::insert_new_exact(
            &mut self.b.account(self.account).resources,
            arn,
            Value::Object(obj),
        ) {
            let loc = r.location(self.cx.file);
            self.b.skip(
                r.address.clone(),
                loc,
                "another resource of the plan sets this resource's policy",
            );
        }
    }

    fn bucket_policy(&mut self, r: &Resource) {
        let Some(bucket) = self.need(r, "bucket") else {
            return;
        };
        let Some(doc) = self.document(r, "policy") else {
            return;
        };
        self.resource(r, "s3", format!("arn:aws:s3:::{bucket}"), doc);
    }

    fn kms_key(&mut self, r: &Resource) {
        // The key's ARN holds its region and generated id: known only once the key exists.
        let Some(arn) = self.need(r, "arn") else {
            return;
        };
        let Some(doc) = self.document(r, "policy") else {
            return;
        };
        self.resource(r, "kms", arn, doc);
    }

    /// The name of the entity an attachment names, which must be in the plan.
    fn target(&mut self, r: &Resource, coll: Collection, field: &str) -> Option<String> {
        let name = self.need(r, field)?;
        let a = self.b.account(self.account);
        let map = match coll {
            Collection::Users => &a.users,
            Collection::Groups => &a.groups,
            Collection::Roles => &a.roles,
        };
        if map.contains_key(&name) {
            return Some(name);
        }
        let loc = r.location(self.cx.file);
        self.b.skip(
            r.address.clone(),
            loc,
            format!("{field} `{name}` is not defined in the plan"),
        );
        None
    }

    fn entity(&mut self, coll: Collection, name: &str) -> Option<&mut Map<String, Value>> {
        let a = self.b.account(self.account);
        let map = match coll {
            Collection::Users => &mut a.users,
            Collection::Groups => &mut a.groups,
            Collection::Roles => &mut a.roles,
        };
        map.get_mut(name).and_then(Value::as_object_mut)
    }

    fn inline(&mut self, r: &Resource, coll: Collection, field: &str) {
        let Some(target) = self.target(r, coll, field) else {
            return;
        };
        let Some(name) = self.need(r, "name") else {
            return;
        };
        let Some(doc) = self.document(r, "policy") else {
            return;
        };
        if let Some(e) = self.entity(coll, &target) {
            if let Some(m) = e
                .entry("inlinePolicies")
                .or_insert_with(|| Value::Object(Map::new()))
                .as_object_mut()
            {
                m.insert(name, doc);
            }
        }
    }

    fn attach(&mut self, r: &Resource, coll: Collection, target: &str, arn: &str) {
        // Where to report a dangling reference: the attribute, else (when it was resolved from
        // the configuration) the resource.
        let at = match r.field("policy_arn") {
            Field::Known(v, path) => Some((v, path)),
            _ => r.planned.as_ref().map(|(v, p)| (*v, p.clone())),
        };
        if let Some((v, path)) = at {
            self.managed_ref(coll, target, arn, RefKind::Attached, v, path);
        }
        if let Some(e) = self.entity(coll, target) {
            if let Some(list) = e
                .entry("managedPolicies")
                .or_insert_with(|| Value::Array(Vec::new()))
                .as_array_mut()
            {
                if !list.iter().any(|v| v.as_str() == Some(arn)) {
                    list.push(Value::String(arn.to_owned()));
                }
            }
        }
    }

    fn attachment(&mut self, r: &Resource, coll: Collection, field: &str) {
        let Some(target) = self.target(r, coll, field) else {
            return;
        };
        let Some(arn) = self.need(r, "policy_arn") else {
            return;
        };
        self.attach(r, coll, &target, &arn);
    }

    fn names(&mut self, r: &Resource, field: &str) -> Vec<String> {
        match r.field(field) {
            Field::Unknown => {
                self.unknown(r, field);
                Vec::new()
            }
            Field::Known(v, _) => v
                .as_array()
                .unwrap_or(&[])
                .iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect(),
            Field::Absent => Vec::new(),
        }
    }

    fn exclusive_attachment(&mut self, r: &Resource) {
        let Some(arn) = self.need(r, "policy_arn") else {
            return;
        };
        for (field, coll) in [
            ("roles", Collection::Roles),
            ("users", Collection::Users),
            ("groups", Collection::Groups),
        ] {
            for name in self.names(r, field) {
                if self.entity(coll, &name).is_some() {
                    self.attach(r, coll, &name, &arn);
                } else {
                    let loc = r.location(self.cx.file);
                    self.b.skip(
                        format!("{} ({name})", r.address),
                        loc,
                        format!("`{name}` is not defined in the plan"),
                    );
                }
            }
        }
    }

    fn add_to_group(&mut self, r: &Resource, user: &str, group: &str) {
        if let Some((values, path)) = &r.planned {
            // The group may be managed outside the plan: a partial view, so dropped if absent.
            self.b.refs.push(PolicyRef {
                account: self.account.to_owned(),
                collection: Collection::Users,
                entity: user.to_owned(),
                arn: group.to_owned(),
                kind: RefKind::Group,
                missing: Missing::Skip,
                file: self.cx.file.to_owned(),
                path: path.clone(),
                span: values.span,
            });
        }
        match self.entity(Collection::Users, user) {
            Some(u) => {
                if let Some(list) = u
                    .entry("groups")
                    .or_insert_with(|| Value::Array(Vec::new()))
                    .as_array_mut()
                {
                    if !list.iter().any(|v| v.as_str() == Some(group)) {
                        list.push(Value::String(group.to_owned()));
                    }
                }
            }
            None => {
                let loc = r.location(self.cx.file);
                self.b.skip(
                    format!("{} ({user})", r.address),
                    loc,
                    format!("user `{user}` is not defined in the plan"),
                );
            }
        }
    }

    fn group_membership(&mut self, r: &Resource) {
        let Some(group) = self.target(r, Collection::Groups, "group") else {
            return;
        };
        for user in self.names(r, "users") {
            self.add_to_group(r, &user, &group);
        }
    }

    fn user_groups(&mut self, r: &Resource) {
        let Some(user) = self.need(r, "user") else {
            return;
        };
        for group in self.names(r, "groups") {
            self.add_to_group(r, &user, &group);
        }
    }
}
