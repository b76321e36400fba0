//! What `Ref` and `Fn::GetAtt` return for a resource: its physical id, and the ARNs IAM builds
//! from a name. A name CloudFormation generates is not known before the stack exists.

use super::eval::{unresolved, Eval, Stack};
use super::template::Resource;
use crate::import::read::key;
use crate::json::JsonValue;
use serde_json::Value;

/// The property that names a resource of each type whose name the template may set.
fn name_property(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "AWS::IAM::Role" => "RoleName",
        "AWS::IAM::User" => "UserName",
        "AWS::IAM::Group" => "GroupName",
        "AWS::IAM::ManagedPolicy" => "ManagedPolicyName",
        "AWS::IAM::InstanceProfile" => "InstanceProfileName",
        "AWS::IAM::SAMLProvider" => "Name",
        "AWS::IAM::OIDCProvider" => "Url",
        "AWS::S3::Bucket" => "BucketName",
        "AWS::SQS::Queue" => "QueueName",
        "AWS::SNS::Topic" => "TopicName",
        "AWS::Lambda::Function" => "FunctionName",
        _ => return None,
    })
}

impl Stack<'_, '_, '_> {
    /// A string property of `r` (`None` when absent or `AWS::NoValue`).
    pub(super) fn property(&self, r: &Resource, name: &str, depth: usize) -> Eval<Option<String>> {
        let Some(v) = r.properties.and_then(|p| p.get(name)) else {
            return Ok(None);
        };
        let path = key(&key(&r.path, "Properties"), name);
        match self.eval(v, &path, depth + 1)? {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => super::eval::invalid(
                &path,
                v,
                format!(
                    "`{name}` must be a string, found {}",
                    super::eval::kind_of(&other)
                ),
            ),
        }
    }

    /// The name `r` is created with: given by `--physical-id`, else its name property.
    pub(super) fn name(&self, r: &Resource, path: &str, depth: usize) -> Eval<String> {
        if let Some(id) = self.options.physical_ids.get(&r.logical_id) {
            // A managed policy's physical id is its ARN; the name is its last segment.
            return Ok(id.rsplit('/').next().unwrap_or(id).to_owned());
        }
        if !self.creates(r, depth + 1)? {
            return unresolved(
                path,
                format!("`{}` is not created: its condition is false", r.logical_id),
            );
        }
        let prop = name_property(&r.kind);
        if let Some(p) = prop {
            if let Some(name) = self.property(r, p, depth)? {
                return Ok(name);
            }
        }
        let how = match prop {
            Some(p) => format!("`{p}` is not set, so CloudFormation generates the name"),
            None => "CloudFormation generates its physical id".to_owned(),
        };
        unresolved(
            path,
            format!(
                "{} `{}`: {how} (--physical-id {}=…)",
                r.kind, r.logical_id, r.logical_id
            ),
        )
    }

    /// The IAM path of `r` (`/` unless `Path` is set).
    fn iam_path(&self, r: &Resource, depth: usize) -> Eval<String> {
        Ok(self
            .property(r, "Path", depth)?
            .unwrap_or_else(|| "/".into()))
    }

    fn iam_arn(&self, r: &Resource, kind: &str, path: &str, depth: usize) -> Eval<String> {
        let name = self.name(r, path, depth)?;
        let p = self.iam_path(r, depth)?;
        Ok(format!(
            "arn:{}:iam::{}:{kind}{p}{name}",
            self.partition, self.account
        ))
    }

    /// What `Ref` to the resource returns.
    pub(super) fn physical_id(&self, r: &Resource, path: &str, depth: usize) -> Eval<String> {
        match r.kind.as_str() {
            "AWS::IAM::ManagedPolicy" => self.iam_arn(r, "policy", path, depth),
            "AWS::IAM::OIDCProvider" | "AWS::IAM::SAMLProvider" | "AWS::SNS::Topic" => {
                self.attribute_of(r, "Arn", path, depth)
            }
            "AWS::SQS::Queue" => {
                let name = self.name(r, path, depth)?;
                let region = self.region_for(path)?;
                Ok(format!(
                    "https://sqs.{region}.amazonaws.com/{}/{name}",
                    self.account
                ))
            }
            _ => self.name(r, path, depth),
        }
    }

    /// `Fn::GetAtt` (and `${Logical.Attribute}` in `Fn::Sub`).
    pub(super) fn attribute(
        &self,
        logical_id: &str,
        attr: &str,
        at: &JsonValue,
        path: &str,
        depth: usize,
    ) -> Eval<String> {
        match self.template.resource(logical_id) {
            Some(r) => self.attribute_of(r, attr, path, depth),
            None => super::eval::invalid(
                path,
                at,
                format!("`{logical_id}` is not a resource of the template"),
            ),
        }
    }

    pub(super) fn attribute_of(
        &self,
        r: &Resource,
        attr: &str,
        path: &str,
        depth: usize,
    ) -> Eval<String> {
        let p = self.partition;
        let acct = self.account;
        match (r.kind.as_str(), attr) {
            ("AWS::IAM::Role", "Arn") => self.iam_arn(r, "role", path, depth),
            ("AWS::IAM::User", "Arn") => self.iam_arn(r, "user", path, depth),
            ("AWS::IAM::Group", "Arn") => self.iam_arn(r, "group", path, depth),
            ("AWS::IAM::InstanceProfile", "Arn") => {
                self.iam_arn(r, "instance-profile", path, depth)
            }
            ("AWS::IAM::ManagedPolicy", "PolicyArn") => self.iam_arn(r, "policy", path, depth),
            ("AWS::IAM::OIDCProvider", "Arn") => {
                let url = self.name(r, path, depth)?;
                let host = url.strip_prefix("https://").unwrap_or(&url);
                Ok(format!("arn:{p}:iam::{acct}:oidc-provider/{host}"))
            }
            ("AWS::IAM::SAMLProvider", "Arn") => {
                let name = self.name(r, path, depth)?;
                Ok(format!("arn:{p}:iam::{acct}:saml-provider/{name}"))
            }
            ("AWS::S3::Bucket", "Arn") => {
                Ok(format!("arn:{p}:s3:::{}", self.name(r, path, depth)?))
            }
            ("AWS::KMS::Key", "KeyId") => self.name(r, path, depth),
            ("AWS::KMS::Key", "Arn") => {
                let id = self.name(r, path, depth)?;
                let region = self.region_for(path)?;
                Ok(format!("arn:{p}:kms:{region}:{acct}:key/{id}"))
            }
            ("AWS::SQS::Queue", "Arn") => {
                let name = self.name(r, path, depth)?;
                let region = self.region_for(path)?;
                Ok(format!("arn:{p}:sqs:{region}:{acct}:{name}"))
            }
            ("AWS::SNS::Topic", "Arn" | "TopicArn") => {
                let name = self.name(r, path, depth)?;
                let region = self.region_for(path)?;
                Ok(format!("arn:{p}:sns:{region}:{acct}:{name}"))
            }
            ("AWS::Lambda::Function", "Arn") => {
                let name = self.name(r, path, depth)?;
                let region = self.region_for(path)?;
                Ok(format!("arn:{p}:lambda:{region}:{acct}:function:{name}"))
            }
            _ => unresolved(
                path,
                format!(
                    "`{attr}` of {} `{}` is known only once the stack exists",
                    r.kind, r.logical_id
                ),
            ),
        }
    }
}
