//! Writing the template's IAM entities into the model: entities first, then what attaches to them.

use super::eval::{Failure, Stack};
use super::template::Resource;
use crate::import::builder::{Builder, Collection, Missing, PolicyRef, RefKind};
use crate::import::read::{idx, key, Ctx, LIMITS};
use crate::json::{self, JsonValue};
use serde_json::Value;

pub(super) struct Importer<'i, 'f, 't, 'v, 'a> {
    pub b: &'i mut Builder,
    pub cx: &'i mut Ctx<'f>,
    pub stack: &'i Stack<'t, 'v, 'a>,
}

/// A property of a resource: its JSON (when present) and JSON pointer.
pub(super) struct Prop<'p, 'a> {
    pub at: Option<&'p JsonValue<'a>>,
    pub path: String,
}

impl<'i, 'f, 't, 'v, 'a> Importer<'i, 'f, 't, 'v, 'a> {
    pub fn new(b: &'i mut Builder, cx: &'i mut Ctx<'f>, stack: &'i Stack<'t, 'v, 'a>) -> Self {
        Importer { b, cx, stack }
    }

    /// Imports every resource the stack creates.
    pub fn run(&mut self) {
        let template = self.stack.template;
        let mut created = Vec::new();
        for r in &template.resources {
            match self.stack.creates(r, 0) {
                Ok(true) => created.push(r),
                Ok(false) => {
                    let loc = self.location(&key(&r.path, "Condition"));
                    self.b.skip(
                        r.what(),
                        loc,
                        "its condition is false: the stack does not create it",
                    );
                }
                Err(f) => self.fail(&r.what(), f),
            }
        }
        for r in &created {
            match r.kind.as_str() {
                "AWS::IAM::Role" => self.role(r),
                "AWS::IAM::User" => self.user(r),
                "AWS::IAM::Group" => self.group(r),
                "AWS::IAM::ManagedPolicy" => self.managed_policy(r),
                "AWS::S3::BucketPolicy" => self.bucket_policy(r),
                "AWS::KMS::Key" => self.kms_key(r),
                "AWS::IAM::OIDCProvider" => self.oidc_provider(r),
                "AWS::IAM::SAMLProvider" => self.saml_provider(r),
                _ => {}
            }
        }
        for r in &created {
            match r.kind.as_str() {
                "AWS::IAM::Role"
                | "AWS::IAM::User"
                | "AWS::IAM::Group"
                | "AWS::S3::BucketPolicy"
                | "AWS::KMS::Key"
                | "AWS::IAM::OIDCProvider"
                | "AWS::IAM::SAMLProvider" => {}
                "AWS::IAM::ManagedPolicy" => self.managed_policy_attachments(r),
                "AWS::IAM::Policy" => self.inline_policy(r),
                "AWS::IAM::UserToGroupAddition" => self.group_addition(r),
                k if k.starts_with("AWS::IAM::") => {
                    let loc = self.location(&r.path);
                    self.b.skip(
                        r.what(),
                        loc,
                        format!("`{k}` is not imported from CloudFormation templates"),
                    );
                }
                _ => {}
            }
        }
    }

    pub(super) fn location(&self, path: &str) -> String {
        format!("{}#{path}", self.cx.file)
    }

    /// Reports a failure: an unresolvable value leaves `what` out; an invalid template is an error.
    pub(super) fn fail(&mut self, what: &str, f: Failure) {
        match f {
            Failure::Unresolved { path, reason } => {
                let loc = self.location(&path);
                self.b.skip(what.to_owned(), loc, reason);
            }
            Failure::Invalid(d) => self.b.error(self.cx.file, d),
        }
    }

    pub(super) fn prop<'p>(&self, r: &'p Resource<'v, 'a>, name: &str) -> Prop<'p, 'a> {
        Prop {
            at: r.properties.and_then(|p| p.get(name)),
            path: key(&key(&r.path, "Properties"), name),
        }
    }

    /// A property's value; `Some(None)` when absent or `AWS::NoValue`, `None` when it failed
    /// (reported, with `what` left out).
    pub(super) fn value(&mut self, what: &str, p: &Prop) -> Option<Option<Value>> {
        let Some(at) = p.at else {
            return Some(None);
        };
        match self.stack.resolve(at, &p.path) {
            Ok(v) => Some(v),
            Err(f) => {
                self.fail(what, f);
                None
            }
        }
    }

    /// A string property; `Some(None)` when absent, `None` when it failed (reported).
    pub(super) fn string(&mut self, what: &str, p: &Prop) -> Option<Option<String>> {
        match self.value(what, p)? {
            None => Some(None),
            Some(Value::String(s)) => Some(Some(s)),
            Some(Value::Number(n)) => Some(Some(n.to_string())),
            Some(other) => {
                self.wrong_type(p, "a string", &other);
                None
            }
        }
    }

    /// A property that must be present (reported against the resource when it is not).
    pub(super) fn required(&mut self, r: &Resource, p: &Prop) -> Option<Value> {
        match self.value(&r.what(), p)? {
            Some(v) => Some(v),
            None => {
                let name = p.path.rsplit('/').next().unwrap_or_default();
                let at = p.at.or(r.properties);
                if let Some(at) = at {
                    self.cx.error(
                        "import-missing-field",
                        format!("{} needs `{name}`", r.kind),
                        p.path.clone(),
                        at,
                    );
                }
                None
            }
        }
    }

    pub(super) fn wrong_type(&mut self, p: &Prop, expected: &str, found: &Value) {
        if let Some(at) = p.at {
            self.cx.error(
                "import-wrong-type",
                format!("expected {expected}, found {}", super::eval::kind_of(found)),
                p.path.clone(),
                at,
            );
        }
    }

    /// A policy document: an object, or a string holding one.
    pub(super) fn document(&mut self, p: &Prop, v: Value) -> Option<Value> {
        match v {
            Value::Object(_) => Some(v),
            Value::String(s) => match json::parse(&s, LIMITS) {
                Ok(doc) if doc.as_object().is_some() => self
                    .cx
                    .no_duplicates(&doc, &p.path, p.at)
                    .then(|| doc.to_serde()),
                _ => {
                    if let Some(at) = p.at {
                        self.cx.error(
                            "import-bad-policy-json",
                            "this string does not hold a JSON policy document".into(),
                            p.path.clone(),
                            at,
                        );
                    }
                    None
                }
            },
            other => {
                self.wrong_type(p, "a policy document", &other);
                None
            }
        }
    }

    /// The resource's name (its name property or `--physical-id`); reported when not known.
    pub(super) fn name(&mut self, r: &Resource) -> Option<String> {
        match self.stack.name(r, &r.path, 0) {
            Ok(n) => Some(n),
            Err(f) => {
                self.fail(&r.what(), f);
                None
            }
        }
    }

    /// The values of a list property. An element that cannot be resolved is left out and
    /// reported as `part` of the resource; a list that is itself an unresolvable intrinsic is
    /// left out whole.
    pub(super) fn list<'p>(
        &mut self,
        r: &'p Resource<'v, 'a>,
        name: &str,
        part: &str,
    ) -> Vec<(Value, Prop<'p, 'a>)> {
        let p = self.prop(r, name);
        let what = format!("{part} of {}", r.what());
        let Some(at) = p.at else {
            return Vec::new();
        };
        let mut out = Vec::new();
        match at.as_array() {
            Some(items) => {
                for (i, item) in items.iter().enumerate() {
                    let ip = Prop {
                        at: Some(item),
                        path: idx(&p.path, i),
                    };
                    if let Some(Some(v)) = self.value(&what, &ip) {
                        out.push((v, ip));
                    }
                }
            }
            None => match self.value(&what, &p) {
                Some(Some(Value::Array(items))) => {
                    for v in items {
                        out.push((
                            v,
                            Prop {
                                at: p.at,
                                path: p.path.clone(),
                            },
                        ));
                    }
                }
                Some(Some(other)) => self.wrong_type(&p, "a list", &other),
                _ => {}
            },
        }
        out
    }

    /// The strings of a list property (names, ARNs).
    pub(super) fn strings<'p>(
        &mut self,
        r: &'p Resource<'v, 'a>,
        name: &str,
        part: &str,
    ) -> Vec<(String, Prop<'p, 'a>)> {
        let mut out = Vec::new();
        for (v, p) in self.list(r, name, part) {
            match v {
                Value::String(s) => out.push((s, p)),
                other => self.wrong_type(&p, "a string", &other),
            }
        }
        out
    }

    /// Records a reference to a customer managed policy or group, checked once every file is
    /// read. The template is a partial view: an attachment to something outside it is dropped
    /// and reported; a missing boundary is an error.
    pub(super) fn reference(
        &mut self,
        coll: Collection,
        entity: &str,
        target: &str,
        kind: RefKind,
        p: &Prop,
    ) {
        if kind != RefKind::Group && target.starts_with("arn:aws:iam::aws:policy/") {
            return;
        }
        let span = p.at.map(|a| a.span).unwrap_or_default();
        self.b.refs.push(PolicyRef {
            account: self.stack.account.to_owned(),
            collection: coll,
            entity: entity.to_owned(),
            arn: target.to_owned(),
            kind,
            missing: Missing::Skip,
            file: self.cx.file.to_owned(),
            path: p.path.clone(),
            span,
        });
    }
}
