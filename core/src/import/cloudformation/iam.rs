//! `AWS::IAM::Role`, `User`, `Group`, `ManagedPolicy`, `Policy` and `UserToGroupAddition`.

use super::entities::{Importer, Prop};
use super::template::Resource;
use crate::import::builder::{Builder, Collection, RefKind};
use crate::import::read::key;
use serde_json::{Map, Value};

const TARGETS: [(&str, Collection, &str); 3] = [
    ("Roles", Collection::Roles, "role"),
    ("Users", Collection::Users, "user"),
    ("Groups", Collection::Groups, "group"),
];

impl<'v, 'a> Importer<'_, '_, '_, 'v, 'a> {
    pub(super) fn role(&mut self, r: &Resource<'v, 'a>) {
        let Some(name) = self.name(r) else {
            return;
        };
        let tp = self.prop(r, "AssumeRolePolicyDocument");
        let Some(trust) = self.required(r, &tp).and_then(|t| self.document(&tp, t)) else {
            return;
        };
        let mut obj = Map::new();
        obj.insert("name".into(), Value::String(name.clone()));
        obj.insert("trustPolicy".into(), trust);
        if !self.common(r, Collection::Roles, &name, &mut obj) {
            return;
        }
        let what = r.what();
        // The description decides nothing: without it the entity is still imported.
        if let Some(Some(d)) = self.string(
            &format!("description of {what}"),
            &self.prop(r, "Description"),
        ) {
            obj.insert("description".into(), Value::String(d));
        }
        let mp = self.prop(r, "MaxSessionDuration");
        match self.value(&what, &mp) {
            Some(Some(v)) => match v
                .as_u64()
                .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
            {
                Some(secs) => {
                    obj.insert("maxSessionDuration".into(), Value::from(secs));
                }
                None => self.wrong_type(&mp, "a number of seconds", &v),
            },
            Some(None) => {}
            None => return,
        }
        self.insert(Collection::Roles, name, obj, r);
    }

    pub(super) fn user(&mut self, r: &Resource<'v, 'a>) {
        let Some(name) = self.name(r) else {
            return;
        };
        let mut obj = Map::new();
        obj.insert("name".into(), Value::String(name.clone()));
        if !self.common(r, Collection::Users, &name, &mut obj) {
            return;
        }
        let mut groups = Vec::new();
        for (g, p) in self.strings(r, "Groups", "group membership") {
            self.reference(Collection::Users, &name, &g, RefKind::Group, &p);
            groups.push(Value::String(g));
        }
        if !groups.is_empty() {
            obj.insert("groups".into(), Value::Array(groups));
        }
        self.insert(Collection::Users, name, obj, r);
    }

    pub(super) fn group(&mut self, r: &Resource<'v, 'a>) {
        let Some(name) = self.name(r) else {
            return;
        };
        let mut obj = Map::new();
        obj.insert("name".into(), Value::String(name.clone()));
        if self.common(r, Collection::Groups, &name, &mut obj) {
            self.insert(Collection::Groups, name, obj, r);
        }
    }

    /// `Path`, `Policies`, `ManagedPolicyArns`, `PermissionsBoundary` and `Tags` (absent ones are
    /// skipped). False when the entity must be left out: without its path its ARN is unknown,
    /// and without its boundary it would be allowed more than AWS allows.
    fn common(
        &mut self,
        r: &Resource<'v, 'a>,
        coll: Collection,
        name: &str,
        obj: &mut Map<String, Value>,
    ) -> bool {
        let what = r.what();
        match self.string(&what, &self.prop(r, "Path")) {
            Some(Some(p)) => {
                obj.insert("path".into(), Value::String(p));
            }
            Some(None) => {}
            None => return false,
        }
        let mut inline = Map::new();
        for (v, p) in self.list(r, "Policies", "inline policy") {
            if let Some((pname, doc)) = self.named_document(&p, v) {
                inline.insert(pname, doc);
            }
        }
        if !inline.is_empty() {
            obj.insert("inlinePolicies".into(), Value::Object(inline));
        }
        let mut managed = Vec::new();
        for (arn, p) in self.strings(r, "ManagedPolicyArns", "managed policy") {
            self.reference(coll, name, &arn, RefKind::Attached, &p);
            managed.push(Value::String(arn));
        }
        if !managed.is_empty() {
            obj.insert("managedPolicies".into(), Value::Array(managed));
        }
        let bp = self.prop(r, "PermissionsBoundary");
        match self.string(&what, &bp) {
            Some(Some(arn)) => {
                self.reference(coll, name, &arn, RefKind::Boundary, &bp);
                obj.insert("permissionBoundary".into(), Value::String(arn));
            }
            Some(None) => {}
            None => return false,
        }
        let mut tags = Map::new();
        for (t, p) in self.list(r, "Tags", "tag") {
            match (
                t.get("Key").and_then(Value::as_str),
                t.get("Value").and_then(Value::as_str),
            ) {
                (Some(k), Some(v)) => {
                    tags.insert(k.to_owned(), Value::String(v.to_owned()));
                }
                _ => self.wrong_type(&p, "a tag {\"Key\": …, \"Value\": …}", &t),
            }
        }
        if !tags.is_empty() {
            obj.insert("tags".into(), Value::Object(tags));
        }
        true
    }

    /// An element of `Policies`: `{"PolicyName": …, "PolicyDocument": …}`.
    fn named_document(&mut self, p: &Prop, mut v: Value) -> Option<(String, Value)> {
        let name = v
            .get("PolicyName")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let doc = v.as_object_mut().and_then(|o| o.remove("PolicyDocument"));
        match (name, doc) {
            (Some(n), Some(d)) => {
                let dp = Prop {
                    at: p.at.and_then(|a| a.get("PolicyDocument")).or(p.at),
                    path: key(&p.path, "PolicyDocument"),
                };
                self.document(&dp, d).map(|d| (n, d))
            }
            _ => {
                self.wrong_type(p, "{\"PolicyName\": …, \"PolicyDocument\": …}", &v);
                None
            }
        }
    }

    fn insert(&mut self, coll: Collection, name: String, obj: Map<String, Value>, r: &Resource) {
        let a = self.b.account(self.stack.account);
        let map = match coll {
            Collection::Users => &mut a.users,
            Collection::Groups => &mut a.groups,
            Collection::Roles => &mut a.roles,
        };
        if !Builder::insert_new(map, name.clone(), Value::Object(obj)) {
            let loc = self.location(&r.path);
            self.b.skip(
                r.what(),
                loc,
                format!("`{name}` is already defined by another resource or file"),
            );
        }
    }

    pub(super) fn managed_policy(&mut self, r: &Resource<'v, 'a>) {
        let Some(name) = self.name(r) else {
            return;
        };
        let what = r.what();
        let Some(path) = self.string(&what, &self.prop(r, "Path")) else {
            return;
        };
        let dp = self.prop(r, "PolicyDocument");
        let Some(doc) = self.required(r, &dp).and_then(|d| self.document(&dp, d)) else {
            return;
        };
        let mut obj = Map::new();
        obj.insert("name".into(), Value::String(name.clone()));
        obj.insert(
            "path".into(),
            Value::String(path.unwrap_or_else(|| "/".into())),
        );
        // The description decides nothing: without it the entity is still imported.
        if let Some(Some(d)) = self.string(
            &format!("description of {what}"),
            &self.prop(r, "Description"),
        ) {
            obj.insert("description".into(), Value::String(d));
        }
        obj.insert("document".into(), doc);
        let policies = &mut self.b.account(self.stack.account).policies;
        if !Builder::insert_new(policies, name.clone(), Value::Object(obj)) {
            let loc = self.location(&r.path);
            self.b.skip(
                what,
                loc,
                format!("policy `{name}` is already defined by another resource or file"),
            );
        }
    }

    /// The entity named by an attachment, which must be in the model already.
    fn target(
        &mut self,
        r: &Resource,
        coll: Collection,
        label: &str,
        name: &str,
        p: &Prop,
    ) -> bool {
        let a = self.b.account(self.stack.account);
        let map = match coll {
            Collection::Users => &a.users,
            Collection::Groups => &a.groups,
            Collection::Roles => &a.roles,
        };
        if map.contains_key(name) {
            return true;
        }
        let loc = self.location(&p.path);
        self.b.skip(
            format!("{} ({label} {name})", r.what()),
            loc,
            format!("{label} `{name}` is not defined in the template"),
        );
        false
    }

    fn entity(&mut self, coll: Collection, name: &str) -> Option<&mut Map<String, Value>> {
        let a = self.b.account(self.stack.account);
        let map = match coll {
            Collection::Users => &mut a.users,
            Collection::Groups => &mut a.groups,
            Collection::Roles => &mut a.roles,
        };
        map.get_mut(name).and_then(Value::as_object_mut)
    }

    /// Adds `item` to the list `field` of an entity, once.
    fn push_unique(&mut self, coll: Collection, name: &str, field: &str, item: &str) {
        if let Some(list) = self.entity(coll, name).and_then(|e| {
            e.entry(field)
                .or_insert_with(|| Value::Array(Vec::new()))
                .as_array_mut()
        }) {
            if !list.iter().any(|v| v.as_str() == Some(item)) {
                list.push(Value::String(item.to_owned()));
            }
        }
    }

    pub(super) fn managed_policy_attachments(&mut self, r: &Resource<'v, 'a>) {
        let targets: Vec<_> = TARGETS
            .iter()
            .flat_map(|&(field, coll, label)| {
                self.strings(r, field, &format!("attachment to a {label}"))
                    .into_iter()
                    .map(move |(n, p)| (coll, label, n, p))
            })
            .collect();
        if targets.is_empty() {
            return;
        }
        let arn = match self.stack.physical_id(r, &r.path, 0) {
            Ok(a) => a,
            Err(f) => return self.fail(&r.what(), f),
        };
        for (coll, label, name, p) in targets {
            if self.target(r, coll, label, &name, &p) {
                self.reference(coll, &name, &arn, RefKind::Attached, &p);
                self.push_unique(coll, &name, "managedPolicies", &arn);
            }
        }
    }

    pub(super) fn inline_policy(&mut self, r: &Resource<'v, 'a>) {
        let what = r.what();
        let np = self.prop(r, "PolicyName");
        let Some(name) = self.string(&what, &np) else {
            return;
        };
        let Some(name) = name else {
            self.required(r, &np);
            return;
        };
        let dp = self.prop(r, "PolicyDocument");
        let Some(doc) = self.required(r, &dp).and_then(|d| self.document(&dp, d)) else {
            return;
        };
        for (field, coll, label) in TARGETS {
            for (target, p) in self.strings(r, field, &format!("attachment to a {label}")) {
                if !self.target(r, coll, label, &target, &p) {
                    continue;
                }
                if let Some(m) = self.entity(coll, &target).and_then(|e| {
                    e.entry("inlinePolicies")
                        .or_insert_with(|| Value::Object(Map::new()))
                        .as_object_mut()
                }) {
                    m.insert(name.clone(), doc.clone());
                }
            }
        }
    }

    pub(super) fn group_addition(&mut self, r: &Resource<'v, 'a>) {
        let what = r.what();
        let gp = self.prop(r, "GroupName");
        let group = match self.string(&what, &gp) {
            Some(Some(g)) => g,
            Some(None) => {
                self.required(r, &gp);
                return;
            }
            None => return,
        };
        for (user, p) in self.strings(r, "Users", "group membership") {
            if self.target(r, Collection::Users, "user", &user, &p) {
                self.reference(Collection::Users, &user, &group, RefKind::Group, &gp);
                self.push_unique(Collection::Users, &user, "groups", &group);
            }
        }
    }
}
