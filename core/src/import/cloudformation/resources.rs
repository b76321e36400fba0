//! `AWS::S3::BucketPolicy`, `AWS::KMS::Key` and the identity providers.

use super::entities::Importer;
use super::template::Resource;
use crate::import::builder::Builder;
use serde_json::{json, Map, Value};

impl<'v, 'a> Importer<'_, '_, '_, 'v, 'a> {
    fn add_resource(&mut self, r: &Resource, kind: &str, arn: String, policy: Value) {
        let obj = json!({"type": kind, "arn": arn, "policy": policy});
        let resources = &mut self.b.account(self.stack.account).resources;
        if !Builder::insert_new_exact(resources, arn.clone(), obj) {
            let loc = self.location(&r.path);
            self.b.skip(
                r.what(),
                loc,
                format!("the policy of `{arn}` is already set by another resource or file"),
            );
        }
    }

    pub(super) fn bucket_policy(&mut self, r: &Resource<'v, 'a>) {
        let what = r.what();
        let bp = self.prop(r, "Bucket");
        let bucket = match self.string(&what, &bp) {
            Some(Some(b)) => b,
            Some(None) => {
                self.required(r, &bp);
                return;
            }
            None => return,
        };
        let dp = self.prop(r, "PolicyDocument");
        let Some(doc) = self.required(r, &dp).and_then(|d| self.document(&dp, d)) else {
            return;
        };
        let arn = format!("arn:{}:s3:::{bucket}", self.stack.partition);
        self.add_resource(r, "s3", arn, doc);
    }

    pub(super) fn kms_key(&mut self, r: &Resource<'v, 'a>) {
        // The key id is generated at creation: known only from `--physical-id`.
        let arn = match self.stack.attribute_of(r, "Arn", &r.path, 0) {
            Ok(a) => a,
            Err(f) => return self.fail(&r.what(), f),
        };
        let dp = self.prop(r, "KeyPolicy");
        let doc = match self.value(&r.what(), &dp) {
            Some(Some(d)) => self.document(&dp, d),
            // Without `KeyPolicy`, KMS gives the key its default policy: the account decides
            // through IAM policies.
            Some(None) => Some(json!({
                "Version": "2012-10-17",
                "Id": "key-default-1",
                "Statement": [{
                    "Sid": "Enable IAM User Permissions",
                    "Effect": "Allow",
                    "Principal": {"AWS": format!("arn:{}:iam::{}:root", self.stack.partition, self.stack.account)},
                    "Action": "kms:*",
                    "Resource": "*"
                }]
            })),
            None => None,
        };
        if let Some(doc) = doc {
            self.add_resource(r, "kms", arn, doc);
        }
    }

    pub(super) fn oidc_provider(&mut self, r: &Resource<'v, 'a>) {
        let what = r.what();
        let up = self.prop(r, "Url");
        let url = match self.string(&what, &up) {
            Some(Some(u)) => u,
            Some(None) => {
                self.required(r, &up);
                return;
            }
            None => return,
        };
        // The model (and the provider's ARN) names the provider by its URL without the scheme.
        let url = url.strip_prefix("https://").unwrap_or(&url).to_owned();
        let mut obj = Map::new();
        obj.insert("url".into(), Value::String(url.clone()));
        for (field, model) in [
            ("ClientIdList", "clientIds"),
            ("ThumbprintList", "thumbprints"),
        ] {
            let items: Vec<Value> = self
                .strings(r, field, field)
                .into_iter()
                .map(|(s, _)| Value::String(s))
                .collect();
            if !items.is_empty() {
                obj.insert(model.into(), Value::Array(items));
            }
        }
        let providers = &mut self.b.account(self.stack.account).oidc_providers;
        if !Builder::insert_new(providers, url.clone(), Value::Object(obj)) {
            let loc = self.location(&r.path);
            self.b.skip(
                what,
                loc,
                format!("the OIDC provider `{url}` is already defined"),
            );
        }
    }

    pub(super) fn saml_provider(&mut self, r: &Resource<'v, 'a>) {
        let Some(name) = self.name(r) else {
            return;
        };
        let what = r.what();
        let mut obj = Map::new();
        obj.insert("name".into(), Value::String(name.clone()));
        match self.string(&what, &self.prop(r, "SamlMetadataDocument")) {
            Some(Some(m)) => {
                obj.insert("metadata".into(), Value::String(m));
            }
            Some(None) => {}
            None => return,
        }
        let providers = &mut self.b.account(self.stack.account).saml_providers;
        if !Builder::insert_new(providers, name.clone(), Value::Object(obj)) {
            let loc = self.location(&r.path);
            self.b.skip(
                what,
                loc,
                format!("the SAML provider `{name}` is already defined"),
            );
        }
    }
}
