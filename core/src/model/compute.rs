//! The account's `compute`: the compute that already runs as a role (Lambda functions, EC2
//! instances and launch templates, ECS task definitions and services, CodeBuild projects,
//! CloudFormation stacks, Glue endpoints and jobs, SageMaker notebooks, App Runner services).
//! The existing-PassRole techniques take it over (docs/escalation.md); docs/model.md describes
//! the fields. Every field is checked and located: a wrong type, an unknown kind, an ARN of
//! another service or account, a role the account does not define are errors.

use super::read::{idx, key, Reader};
use crate::assume::RoleDef;
use crate::diag::did_you_mean;
use crate::escalation::{Compute, ComputeKind};
use crate::json::{JsonKind, JsonValue};

const FIELDS: [&str; 8] = [
    "type",
    "name",
    "id",
    "arn",
    "region",
    "role",
    "instanceProfile",
    "tags",
];

/// The compute entries of account `account` (`value` is the account object); `roles` are the
/// model's roles read so far (the account's own are among them).
pub(super) fn read(
    r: &mut Reader,
    account: &str,
    value: &JsonValue,
    path: &str,
    roles: &[RoleDef],
) -> Vec<Compute> {
    let cpath = key(path, "compute");
    let mut out = Vec::new();
    for (i, c) in r.array(value, "compute", path).iter().enumerate() {
        let p = idx(&cpath, i);
        if r.object(c, &p, "a compute entry", &FIELDS).is_none() {
            continue;
        }
        if let Some(compute) = entry(r, account, c, &p, roles) {
            out.push(compute);
        }
    }
    out
}

fn entry(
    r: &mut Reader,
    account: &str,
    c: &JsonValue,
    p: &str,
    roles: &[RoleDef],
) -> Option<Compute> {
    let kind = kind(r, c, p);
    let name = r.opt_string(c, "name", p);
    let id = r.opt_string(c, "id", p);
    let given_arn = r.opt_string(c, "arn", p);
    let region = r.opt_string(c, "region", p);
    let instance_profile = r.opt_string(c, "instanceProfile", p);
    let tags = r.tags(c, p);
    let role = role(r, account, c, p, roles);
    let kind = kind?;
    let (arn, region) = match given_arn {
        Some(arn) => {
            let parsed = crate::arn::Arn::parse(&arn);
            let fits = parsed.as_ref().is_some_and(|a| {
                a.service == kind.arn_service() && a.account == account && !a.region.is_empty()
            });
            let Some(parsed) = parsed.filter(|_| fits) else {
                r.error_hint(
                    "invalid-compute-arn",
                    format!(
                        "`{arn}` is not the ARN of a {} of account {account}",
                        kind.as_str()
                    ),
                    key(p, "arn"),
                    c.get("arn").unwrap_or(c),
                    format!("an ARN `arn:aws:{}:REGION:{account}:…`", kind.arn_service()),
                );
                return None;
            };
            let from_arn = parsed.region.to_owned();
            if region.as_ref().is_some_and(|r| *r != from_arn) {
                r.error(
                    "conflicting-region",
                    format!("`region` differs from the region of `{arn}`"),
                    key(p, "region"),
                    c.get("region").unwrap_or(c),
                );
                return None;
            }
            (arn, from_arn)
        }
        None => {
            let Some(region) = region else {
                r.error_hint(
                    "missing-field",
                    format!("a {} needs a `region` (or its `arn`)", kind.as_str()),
                    p.to_owned(),
                    c,
                    "the region the compute runs in, e.g. `eu-west-1`",
                );
                return None;
            };
            let Some(label) = name.or(id) else {
                r.error(
                    "missing-field",
                    format!("a {} needs a `name` or `id` (or its `arn`)", kind.as_str()),
                    p.to_owned(),
                    c,
                );
                return None;
            };
            let Some(arn) = kind.arn(&region, account, &label) else {
                r.error_hint(
                    "missing-field",
                    format!("a {} needs its `arn`", kind.as_str()),
                    p.to_owned(),
                    c,
                    "its ARN carries an id AWS generates (a stack's `StackId`, an App Runner `ServiceArn`)",
                );
                return None;
            };
            (arn, region)
        }
    };
    Some(Compute {
        kind,
        arn,
        account: account.to_owned(),
        region,
        role: role?,
        tags,
        instance_profile,
    })
}

fn kind(r: &mut Reader, c: &JsonValue, p: &str) -> Option<ComputeKind> {
    let Some(text) = r.opt_string(c, "type", p) else {
        if c.get("type").is_none() {
            r.error_hint(
                "missing-field",
                "a compute entry needs a `type`",
                p.to_owned(),
                c,
                kinds_hint(),
            );
        }
        return None;
    };
    let kind = ComputeKind::parse(&text);
    if kind.is_none() {
        let hint = match did_you_mean(&text, ComputeKind::ALL.iter().map(|k| k.as_str())) {
            Some(s) => format!("did you mean `{s}`?"),
            None => kinds_hint(),
        };
        r.error_hint(
            "unknown-compute-type",
            format!("`{text}` is not a kind of compute"),
            key(p, "type"),
            c.get("type").unwrap_or(c),
            hint,
        );
    }
    kind
}

fn kinds_hint() -> String {
    let kinds: Vec<&str> = ComputeKind::ALL.iter().map(|k| k.as_str()).collect();
    format!("the kinds are {}", kinds.join(", "))
}

/// The role the compute runs as: a role ARN of the account, or the name of a role the account
/// defines.
fn role(
    r: &mut Reader,
    account: &str,
    c: &JsonValue,
    p: &str,
    roles: &[RoleDef],
) -> Option<String> {
    let Some(value) = c.get("role") else {
        r.error(
            "missing-field",
            "a compute entry needs the `role` it runs as",
            p.to_owned(),
            c,
        );
        return None;
    };
    if matches!(value.kind, JsonKind::Null) {
        r.error(
            "missing-field",
            "a compute entry needs the `role` it runs as",
            key(p, "role"),
            value,
        );
        return None;
    }
    let text = r.string(value, &key(p, "role"), "`role`")?;
    if text.starts_with("arn:") {
        let parsed = crate::arn::Arn::parse(&text);
        if parsed.as_ref().is_some_and(|a| {
            a.service == "iam" && a.account == account && a.resource.starts_with("role/")
        }) {
            return Some(text);
        }
        r.error_hint(
            "invalid-compute-role",
            format!("`{text}` is not the ARN of a role of account {account}"),
            key(p, "role"),
            value,
            "compute runs as a role of its own account (`iam:PassRole` passes only those)",
        );
        return None;
    }
    let found = roles
        .iter()
        .find(|ro| ro.account == account && ro.name.eq_ignore_ascii_case(&text));
    match found {
        Some(ro) => Some(ro.arn.clone()),
        None => {
            r.error_hint(
                "unknown-role",
                format!("account {account} defines no role `{text}`"),
                key(p, "role"),
                value,
                "name a role of the account's `roles`, or give the role's ARN",
            );
            None
        }
    }
}
