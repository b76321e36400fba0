//! Resource-based policies from their CLI outputs, where the policy arrives as a JSON string.
//!
//! Paths, relative to `resources/` (the CLI output of each command, as is):
//!
//! ```text
//! <account-id>/s3/<bucket>.json                          aws s3api get-bucket-policy
//! <account-id>/kms/<region>/<key-id>.json                aws kms get-key-policy
//! <account-id>/sqs/<region>/<queue-name>.json            aws sqs get-queue-attributes --attribute-names Policy
//! <account-id>/sns/<region>/<topic-name>.json            aws sns get-topic-attributes
//! <account-id>/lambda/<region>/<function-name>.json      aws lambda get-policy
//! <account-id>/secretsmanager/<region>/<secret-name>.json aws secretsmanager get-resource-policy
//! <account-id>/ecr/<region>/<repository-name>.json       aws ecr get-repository-policy
//! ```
//!
//! Names containing `/` (ECR repositories, secrets) become subfolders. When the output names the
//! resource (SNS `TopicArn`, Secrets Manager `ARN`, ECR `repositoryName`), the output wins.

use super::builder::Builder;
use super::read::{parse, Ctx};
use super::ImportResult;
use crate::arn::is_account_id;
use crate::json::JsonValue;
use serde_json::{Map, Value};

/// Imports resource-policy files (paths relative to `resources/`, or starting with it).
pub fn import_resources(files: &[(&str, &str)]) -> ImportResult {
    let mut b = Builder::default();
    for &(path, text) in files {
        let rel = path.strip_prefix("resources/").unwrap_or(path);
        import_file(&mut b, rel, path, text);
    }
    b.finish()
}

/// The services with resource policies, and where each output keeps its policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Service {
    S3,
    Kms,
    Sqs,
    Sns,
    Lambda,
    SecretsManager,
    Ecr,
}

impl Service {
    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "s3" => Service::S3,
            "kms" => Service::Kms,
            "sqs" => Service::Sqs,
            "sns" => Service::Sns,
            "lambda" => Service::Lambda,
            "secretsmanager" => Service::SecretsManager,
            "ecr" => Service::Ecr,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Service::S3 => "s3",
            Service::Kms => "kms",
            Service::Sqs => "sqs",
            Service::Sns => "sns",
            Service::Lambda => "lambda",
            Service::SecretsManager => "secretsmanager",
            Service::Ecr => "ecr",
        }
    }

    /// The JSON pointer of the policy string in the command's output.
    fn policy_pointer(self) -> &'static [&'static str] {
        match self {
            Service::S3 | Service::Kms | Service::Lambda => &["Policy"],
            Service::Sqs | Service::Sns => &["Attributes", "Policy"],
            Service::SecretsManager => &["ResourcePolicy"],
            Service::Ecr => &["policyText"],
        }
    }
}

pub(super) fn import_file(b: &mut Builder, rel: &str, file: &str, text: &str) {
    let layout = "resources/<account-id>/<service>/[<region>/]<name>.json";
    let Some(stem) = rel.strip_suffix(".json") else {
        b.skip(
            format!("file {file}"),
            file.to_owned(),
            format!("not a .json file of the layout {layout}"),
        );
        return;
    };
    let mut parts = stem.splitn(3, '/');
    let (Some(account), Some(service), Some(rest)) = (parts.next(), parts.next(), parts.next())
    else {
        b.skip(
            format!("file {file}"),
            file.to_owned(),
            format!("not in the layout {layout}"),
        );
        return;
    };
    if !is_account_id(account) {
        b.skip(
            format!("file {file}"),
            file.to_owned(),
            format!("`{account}` is not a 12-digit account id ({layout})"),
        );
        return;
    }
    let Some(service) = Service::parse(service) else {
        b.skip(
            format!("file {file}"),
            file.to_owned(),
            format!("`{service}` is not a service whose resource policies are imported (s3, kms, sqs, sns, lambda, secretsmanager, ecr)"),
        );
        return;
    };
    let (region, name) = match service {
        Service::S3 => (None, rest),
        _ => match rest.split_once('/') {
            Some((r, n)) if !n.is_empty() => (Some(r), n),
            _ => {
                b.skip(
                    format!("file {file}"),
                    file.to_owned(),
                    format!("a {} resource needs `<region>/<name>.json`", service.name()),
                );
                return;
            }
        },
    };
    let Some(root) = parse(file, text, &mut b.errors) else {
        return;
    };
    let mut cx = Ctx::new(file);
    if cx.is_object(&root, "", "the command output") {
        match resource(&mut cx, &root, account, service, region, name) {
            Some(Found::Policy(res)) => {
                let pointer: String = service
                    .policy_pointer()
                    .iter()
                    .map(|seg| format!("/{seg}"))
                    .collect();
                add(b, account, res, file, &pointer)
            }
            Some(Found::NoPolicy(arn)) => b.skip(
                format!("resource {arn}"),
                file.to_owned(),
                "the output holds no resource policy",
            ),
            None => {}
        }
    }
    b.errors.append(&mut cx.errors);
}

fn resource(
    cx: &mut Ctx,
    root: &JsonValue,
    account: &str,
    service: Service,
    region: Option<&str>,
    name: &str,
) -> Option<Found> {
    let r = region.unwrap_or_default();
    let arn = match service {
        Service::S3 => format!("arn:aws:s3:::{name}"),
        Service::Kms => format!("arn:aws:kms:{r}:{account}:key/{name}"),
        Service::Sqs => format!("arn:aws:sqs:{r}:{account}:{name}"),
        Service::Sns => {
            let given = root
                .get("Attributes")
                .map(|a| cx.opt_string(a, "TopicArn", "/Attributes"));
            given
                .flatten()
                .unwrap_or_else(|| format!("arn:aws:sns:{r}:{account}:{name}"))
        }
        Service::Lambda => format!("arn:aws:lambda:{r}:{account}:function:{name}"),
        // Without the output's ARN the random six-character suffix is unknown.
        Service::SecretsManager => cx
            .opt_string(root, "ARN", "")
            .unwrap_or_else(|| format!("arn:aws:secretsmanager:{r}:{account}:secret:{name}")),
        Service::Ecr => {
            let repo = cx
                .opt_string(root, "repositoryName", "")
                .unwrap_or_else(|| name.to_owned());
            let registry = cx
                .opt_string(root, "registryId", "")
                .unwrap_or_else(|| account.to_owned());
            format!("arn:aws:ecr:{r}:{registry}:repository/{repo}")
        }
    };
    if let Some(other) = arn
        .split(':')
        .nth(4)
        .filter(|a| !a.is_empty() && *a != account)
    {
        cx.error(
            "import-mixed-accounts",
            format!("the resource `{arn}` is in account {other}, but the file sits under account {account}"),
            String::new(),
            root,
        );
        return None;
    }
    let mut at = Some(root);
    let mut pointer = String::new();
    for seg in service.policy_pointer() {
        pointer.push('/');
        pointer.push_str(seg);
        at = at.and_then(|v| v.get(seg));
    }
    let Some(at) = at.filter(|v| !matches!(v.kind, crate::json::JsonKind::Null)) else {
        return Some(Found::NoPolicy(arn));
    };
    let mut policy = cx.policy(at, &pointer)?;
    if service == Service::Ecr {
        imply_resource(&mut policy, &arn);
    }
    let mut obj = Map::new();
    obj.insert("type".into(), Value::String(service.name().into()));
    obj.insert("arn".into(), Value::String(arn));
    obj.insert("policy".into(), policy);
    Some(Found::Policy(Value::Object(obj)))
}

/// ECR repository policies leave `Resource` out: it is implied to be the repository. The model
/// needs it written, so statements without `Resource` or `NotResource` get the repository ARN.
fn imply_resource(policy: &mut Value, arn: &str) {
    let statements = match policy.get_mut("Statement") {
        Some(Value::Array(list)) => list.iter_mut().collect::<Vec<_>>(),
        Some(one @ Value::Object(_)) => vec![one],
        _ => Vec::new(),
    };
    for st in statements {
        if let Some(obj) = st.as_object_mut() {
            if !obj.contains_key("Resource") && !obj.contains_key("NotResource") {
                obj.insert("Resource".into(), Value::String(arn.to_owned()));
            }
        }
    }
}

/// What one output file held.
enum Found {
    Policy(Value),
    /// The output has no policy (e.g. an SQS queue without one): nothing to simulate.
    NoPolicy(String),
}

/// Adds a resource read from `file`, whose policy is at `policy_pointer` in it.
fn add(b: &mut Builder, account: &str, res: Value, file: &str, policy_pointer: &str) {
    let arn = res
        .get("arn")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    b.origin(account, "resources", &arn, "", file);
    b.origin(
        account,
        "resources",
        &arn,
        "/policy",
        &format!("{file}#{policy_pointer}"),
    );
    if !Builder::insert_new_exact(&mut b.account(account).resources, arn.clone(), res) {
        b.skip(
            format!("resource {arn}"),
            file.to_owned(),
            "already imported from an earlier file",
        );
    }
}
