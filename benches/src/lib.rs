//! Fixtures shared by the benchmarks: a typical request and its policies, generated
//! deterministically.

use serde_json::{json, Value};

const SERVICES: [(&str, &[&str]); 8] = [
    (
        "s3",
        &["GetObject", "PutObject", "ListBucket", "DeleteObject"],
    ),
    (
        "ec2",
        &[
            "DescribeInstances",
            "StartInstances",
            "StopInstances",
            "RunInstances",
        ],
    ),
    ("dynamodb", &["GetItem", "PutItem", "Query", "Scan"]),
    (
        "lambda",
        &[
            "InvokeFunction",
            "GetFunction",
            "UpdateFunctionCode",
            "ListFunctions",
        ],
    ),
    (
        "logs",
        &[
            "PutLogEvents",
            "CreateLogStream",
            "GetLogEvents",
            "DescribeLogGroups",
        ],
    ),
    (
        "sqs",
        &[
            "SendMessage",
            "ReceiveMessage",
            "DeleteMessage",
            "GetQueueUrl",
        ],
    ),
    (
        "kms",
        &["Decrypt", "Encrypt", "GenerateDataKey", "DescribeKey"],
    ),
    (
        "ecs",
        &[
            "UpdateService",
            "RunTask",
            "DescribeServices",
            "ListClusters",
        ],
    ),
];

fn resource_for(service: &str, i: usize) -> String {
    match service {
        "s3" => format!("arn:aws:s3:::bucket-{i}/*"),
        "dynamodb" => format!("arn:aws:dynamodb:eu-west-1:111111111111:table/table-{i}"),
        "lambda" => format!("arn:aws:lambda:eu-west-1:111111111111:function:fn-{i}*"),
        "logs" => format!("arn:aws:logs:eu-west-1:111111111111:log-group:/app/{i}:*"),
        "sqs" => format!("arn:aws:sqs:eu-west-1:111111111111:queue-{i}"),
        "kms" => format!("arn:aws:kms:eu-west-1:111111111111:key/key-{i}"),
        "ecs" => format!("arn:aws:ecs:eu-west-1:111111111111:service/prod/svc-{i}"),
        _ => "*".to_owned(),
    }
}

fn statement(i: usize) -> Value {
    let (service, actions) = SERVICES
        .get(i % SERVICES.len())
        .copied()
        .unwrap_or(("s3", &[]));
    let action: Vec<String> = actions
        .iter()
        .take(1 + i % 3)
        .map(|a| {
            if i.is_multiple_of(5) {
                format!("{service}:{}*", a.get(..3).unwrap_or(a))
            } else {
                format!("{service}:{a}")
            }
        })
        .collect();
    let mut st = json!({
        "Sid": format!("S{i}"),
        "Effect": if i % 11 == 10 { "Deny" } else { "Allow" },
        "Action": action,
        "Resource": [resource_for(service, i), resource_for(service, i + 100)],
    });
    let condition = match i % 4 {
        1 => json!({"StringEquals": {"aws:PrincipalTag/team": ["red", "blue"]}}),
        2 => {
            json!({"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.168.0.0/16"]}, "Bool": {"aws:SecureTransport": "true"}})
        }
        3 => json!({"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111111111111:role/app-*"}}),
        _ => return st,
    };
    if let Value::Object(map) = &mut st {
        map.insert("Condition".into(), condition);
    }
    st
}

/// A typical request as a self-contained scenario: a role session with 10 attached policies of 5
/// statements each (50 statements), a bucket policy, a permissions boundary and 3 SCP levels.
/// The allowing statement is the last one, so every statement is looked at.
pub fn typical_scenario() -> Value {
    let mut policies: Vec<Value> = (0..10)
        .map(|p| json!({"Version": "2012-10-17", "Statement": (0..5).map(|s| statement(p * 5 + s)).collect::<Vec<_>>()}))
        .collect();
    if let Some(Value::Array(statements)) = policies.last_mut().and_then(|p| p.get_mut("Statement"))
    {
        statements.push(json!({"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::data-lake/${aws:PrincipalTag/team}/*"}));
    }
    let full = json!({"Version": "2012-10-17", "Statement": [{"Sid": "FullAWSAccess", "Effect": "Allow", "Action": "*", "Resource": "*"}]});
    let region_deny = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotAction": ["iam:*", "sts:*", "organizations:*"], "Resource": "*", "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1", "eu-central-1"]}}}]});
    json!({
        "id": "typical",
        "principal": "arn:aws:sts::111111111111:assumed-role/app-deployer/session-1",
        "action": "s3:GetObject",
        "resource": "arn:aws:s3:::data-lake/red/reports/2025/06/report.csv",
        "resourceAccount": "111111111111",
        "context": {
            "aws:PrincipalArn": "arn:aws:iam::111111111111:role/app-deployer",
            "aws:PrincipalTag/team": "red",
            "aws:SourceIp": "10.1.2.3",
            "aws:SecureTransport": "true",
            "aws:RequestedRegion": "eu-west-1",
            "aws:CurrentTime": "2025-06-15T12:00:00Z",
            "aws:MultiFactorAuthPresent": "true"
        },
        "identityPolicies": policies,
        "resourcePolicy": {"Version": "2012-10-17", "Statement": [
            {"Sid": "DenyInsecure", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::data-lake", "arn:aws:s3:::data-lake/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
            {"Sid": "Partner", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::222222222222:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::data-lake/shared/*"}
        ]},
        "permissionBoundary": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["s3:*", "dynamodb:*", "logs:*", "sqs:*", "kms:Decrypt"], "Resource": "*"},
            {"Effect": "Deny", "Action": "iam:*", "Resource": "*"}
        ]},
        "sessionPolicy": null,
        "scps": [[full.clone()], [full.clone(), region_deny], [full]],
        "rcps": []
    })
}

/// The typical scenario as one line of JSON text (about the size of a `batch` line).
pub fn typical_scenario_text() -> String {
    typical_scenario().to_string()
}

/// A generated organization for the access-path benchmarks: `accounts` accounts × `roles` roles,
/// with trust edges across accounts (role k of account a trusts role k+1 of account a+k), an
/// admin role per account trusting the account's users with MFA, and users in the first account.
/// Every role has its own compiled policies (nothing shared), as in a real organization.
pub mod synthetic;

pub mod org {
    use iamsim_core::access::{Identity, IdentityKind, World};
    use iamsim_core::assume::RoleDef;
    use iamsim_core::compile::{compile_policy, CompiledPolicy, PolicySource};
    use iamsim_core::eval::CallerPolicies;
    use iamsim_core::policy::{parse_policy, PolicyKind};
    use iamsim_core::request::Principal;
    use std::sync::Arc;

    pub fn account(i: usize) -> String {
        format!("{:012}", 100_000_000_000usize + i)
    }

    fn compiled(kind: PolicyKind, text: &str, label: String) -> Option<Arc<CompiledPolicy>> {
        let parsed = parse_policy(text);
        let policy = parsed
            .policy
            .filter(|_| !parsed.diagnostics.iter().any(|d| d.is_error()))?;
        Some(Arc::new(compile_policy(
            &policy,
            PolicySource {
                kind,
                label,
                path: String::new(),
            },
        )))
    }

    pub fn world(accounts: usize, roles: usize, users: usize) -> World {
        let mut defs = Vec::with_capacity(accounts * roles);
        for a in 0..accounts {
            let acct = account(a);
            for k in 0..roles {
                let name = format!("app-{k}");
                let trust = if k == 0 {
                    format!(
                        r#"{{"Version":"2012-10-17","Statement":{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{acct}:root"}},"Action":"sts:AssumeRole","Condition":{{"Bool":{{"aws:MultiFactorAuthPresent":"true"}}}}}}}}"#
                    )
                } else {
                    let from = account((a + accounts - k % accounts) % accounts);
                    format!(
                        r#"{{"Version":"2012-10-17","Statement":{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{from}:role/app-{}"}},"Action":"sts:AssumeRole","Condition":{{"StringEquals":{{"aws:PrincipalOrgID":"o-example"}}}}}}}}"#,
                        k - 1
                    )
                };
                let identity = format!(
                    r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"Chain","Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/app-{next}"}},{{"Sid":"Data","Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::bucket-{a}-{k}","arn:aws:s3:::bucket-{a}-{k}/*"]}},{{"Sid":"Logs","Effect":"Allow","Action":"logs:*","Resource":"arn:aws:logs:*:{acct}:log-group:/app/{k}:*"}}]}}"#,
                    next = k + 1
                );
                defs.push(RoleDef {
                    arn: format!("arn:aws:iam::{acct}:role/{name}"),
                    account: acct.clone(),
                    name,
                    trust: compiled(PolicyKind::Trust, &trust, format!("trust {a}/{k}")),
                    identity: compiled(PolicyKind::Identity, &identity, format!("role {a}/{k}"))
                        .into_iter()
                        .collect(),
                    boundary: None,
                    tags: vec![("team".into(), format!("t{}", k % 7))],
                    max_session_duration: Some(3_600),
                    account_scps: Vec::new(),
                    account_rcps: Vec::new(),
                    principal_context: Default::default(),
                });
            }
        }
        let acct0 = account(0);
        let assume = compiled(
            PolicyKind::Identity,
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}}"#,
            "users".into(),
        );
        let people = (0..users)
            .filter_map(|u| {
                let arn = format!("arn:aws:iam::{acct0}:user/user-{u}");
                Some(Identity::new(
                    arn.clone(),
                    acct0.clone(),
                    IdentityKind::User {
                        mfa_enrolled: u % 2 == 0,
                    },
                    Principal::parse(&arn, None).ok()?,
                    CallerPolicies {
                        identity: assume.iter().cloned().collect(),
                        ..CallerPolicies::default()
                    },
                    Vec::new(),
                    Default::default(),
                ))
            })
            .collect();
        World::new(people, defs)
    }
}
