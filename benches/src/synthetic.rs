//! A synthetic organization as an account model (docs/model.md), deterministic, for the scale
//! benchmarks (docs/scale.md) and `examples/gen_org.rs`.
//!
//! Shape, for `accounts` × `roles`:
//! - an organization whose root carries `FullAWSAccess` and a deny-leave-organization SCP, ten OUs
//!   (each with a region-restricting SCP) holding the accounts in turn, and a data-perimeter RCP;
//! - in each account, `roles` roles under `/app/`. Realistic trust fan-out: role 0 (`Admin`)
//!   trusts the account's root with MFA; role `j` trusts role `j - 1` of its account (a chain
//!   inside the account); every fifth role also trusts role 0 of the next account (cross-account
//!   hops), and every tenth the organization's CI role through GitHub's OIDC provider.
//!   Each role may assume any role (`sts:AssumeRole` on `*`) and works on its account's buckets
//!   and queues; half have a permission boundary;
//! - in each account, five S3 buckets with a bucket policy granting the organization
//!   (`aws:PrincipalOrgID`) read access, and one SQS queue with a cross-account policy;
//! - in the first account, `users` users in a group that may assume roles, half with MFA.

use serde_json::{json, Value};

/// The organization's id, as the resource policies test it.
pub const ORG_ID: &str = "o-synthetic1";

/// The twelve-digit id of account `i`.
pub fn account_id(i: usize) -> String {
    format!("{:012}", 100_000_000_000 + i)
}

fn doc(statements: Value) -> Value {
    json!({"Version": "2012-10-17", "Statement": statements})
}

fn role(account: usize, accounts: usize, j: usize) -> Value {
    let id = account_id(account);
    let mut trust = vec![if j == 0 {
        json!({"Effect": "Allow", "Principal": {"AWS": format!("arn:aws:iam::{id}:root")},
               "Action": "sts:AssumeRole", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}})
    } else {
        json!({"Effect": "Allow", "Principal": {"AWS": format!("arn:aws:iam::{id}:role/app/role-{}", j - 1)},
               "Action": "sts:AssumeRole"})
    }];
    if j.is_multiple_of(5) {
        let next = account_id((account + 1) % accounts);
        trust.push(json!({"Effect": "Allow", "Principal": {"AWS": format!("arn:aws:iam::{next}:role/app/role-0")},
                          "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:PrincipalOrgID": ORG_ID}}}));
    }
    if j % 10 == 3 {
        trust.push(json!({"Effect": "Allow",
            "Principal": {"Federated": format!("arn:aws:iam::{id}:oidc-provider/token.actions.githubusercontent.com")},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
                          "StringLike": {"token.actions.githubusercontent.com:sub": "repo:synthetic/*:ref:refs/heads/main"}}}));
    }
    let work = doc(json!([
        {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"},
        {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:ListBucket"],
         "Resource": [format!("arn:aws:s3:::bucket-{account}-{}", j % 5), format!("arn:aws:s3:::bucket-{account}-{}/*", j % 5)]},
        {"Effect": "Allow", "Action": ["sqs:SendMessage", "sqs:ReceiveMessage"],
         "Resource": format!("arn:aws:sqs:eu-west-1:{id}:jobs")},
        {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*",
         "Condition": {"StringNotEquals": {"aws:PrincipalTag/team": "platform"}}}
    ]));
    let boundary = (j % 2 == 1).then(|| format!("arn:aws:iam::{id}:policy/Boundary"));
    json!({
        "name": format!("role-{j}"), "path": "/app/", "trustPolicy": doc(Value::Array(trust)),
        "inlinePolicies": {"work": work}, "managedPolicies": ["Shared"],
        "permissionBoundary": boundary, "tags": {"team": format!("team-{}", j % 7)},
    })
}

fn account(i: usize, accounts: usize, roles: usize, users: usize) -> Value {
    let id = account_id(i);
    let buckets: Vec<Value> = (0..5)
        .map(|b| {
            json!({"type": "s3", "name": format!("bucket-{i}-{b}"), "policy": doc(json!([
                {"Effect": "Allow", "Principal": "*", "Action": ["s3:GetObject", "s3:ListBucket"],
                 "Resource": [format!("arn:aws:s3:::bucket-{i}-{b}"), format!("arn:aws:s3:::bucket-{i}-{b}/*")],
                 "Condition": {"StringEquals": {"aws:PrincipalOrgID": ORG_ID}}},
                {"Effect": "Deny", "Principal": "*", "Action": "s3:*",
                 "Resource": [format!("arn:aws:s3:::bucket-{i}-{b}"), format!("arn:aws:s3:::bucket-{i}-{b}/*")],
                 "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
            ]))})
        })
        .chain(std::iter::once(json!({
            "arn": format!("arn:aws:sqs:eu-west-1:{id}:jobs"),
            "policy": doc(json!([{"Effect": "Allow",
                "Principal": {"AWS": format!("arn:aws:iam::{}:root", account_id((i + 1) % accounts))},
                "Action": "sqs:SendMessage", "Resource": format!("arn:aws:sqs:eu-west-1:{id}:jobs")}]))
        })))
        .collect();
    let people: Vec<Value> = if i == 0 {
        (0..users)
            .map(|u| json!({"name": format!("user-{u}"), "path": "/people/", "groups": ["Engineers"], "mfaEnrolled": u % 2 == 0}))
            .collect()
    } else {
        Vec::new()
    };
    let groups: Vec<Value> = if i == 0 {
        vec![
            json!({"name": "Engineers", "inlinePolicies": {"assume": doc(json!([
            {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::*:role/app/*"}]))}}),
        ]
    } else {
        Vec::new()
    };
    json!({
        "name": format!("account-{i}"),
        "scps": ["FullAWSAccess"],
        "users": people,
        "groups": groups,
        "roles": (0..roles).map(|j| role(i, accounts, j)).collect::<Vec<_>>(),
        "policies": [
            {"name": "Shared", "path": "/", "document": doc(json!([
                {"Effect": "Allow", "Action": ["logs:PutLogEvents", "logs:CreateLogStream"], "Resource": "*"},
                {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*",
                 "Condition": {"StringEquals": {"kms:ViaService": "s3.eu-west-1.amazonaws.com"}}}]))},
            {"name": "Boundary", "path": "/", "document": doc(json!([
                {"Effect": "Allow", "Action": ["s3:*", "sqs:*", "logs:*", "kms:Decrypt", "sts:AssumeRole"], "Resource": "*"}]))}
        ],
        "oidcProviders": [{"url": "token.actions.githubusercontent.com", "clientIds": ["sts.amazonaws.com"]}],
        "resources": buckets,
    })
}

/// The model of `accounts` accounts × `roles` roles, with `users` users in the first account.
pub fn model(accounts: usize, roles: usize, users: usize) -> Value {
    let ous: Vec<Value> = (0..10)
        .map(|o| {
            json!({"name": format!("ou-{o}"), "id": format!("ou-syn1-{o:08}"), "scps": ["FullAWSAccess", "RegionLock"],
                   "accounts": (0..accounts).filter(|a| a % 10 == o).map(account_id).collect::<Vec<_>>(), "ous": []})
        })
        .collect();
    let accounts_json: serde_json::Map<String, Value> = (0..accounts)
        .map(|i| (account_id(i), account(i, accounts, roles, users)))
        .collect();
    json!({
        "organization": {
            "id": ORG_ID,
            "managementAccount": "999999999999",
            "policies": {
                "FullAWSAccess": {"type": "scp", "builtin": true},
                "DenyLeave": {"type": "scp", "document": doc(json!([
                    {"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}]))},
                "RegionLock": {"type": "scp", "document": doc(json!([
                    {"Effect": "Deny", "NotAction": ["iam:*", "sts:*", "organizations:*"], "Resource": "*",
                     "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1", "eu-central-1"]}}}]))},
                "Perimeter": {"type": "rcp", "document": doc(json!([
                    {"Effect": "Deny", "Principal": "*", "Action": ["s3:*", "sqs:*"], "Resource": "*",
                     "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": ORG_ID},
                                   "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}}]))}
            },
            "root": {"id": "r-syn1", "scps": ["FullAWSAccess", "DenyLeave"], "rcps": ["Perimeter"],
                     "accounts": ["999999999999"], "ous": ous}
        },
        "accounts": accounts_json,
    })
}

/// `model` with one change a reviewer would want to see: role 0 of the last account opened to
/// the first account's root (every identity there that may assume roles now reaches it, and
/// everything it reaches).
pub fn model_with_opened_trust(accounts: usize, roles: usize, users: usize) -> Value {
    let mut m = model(accounts, roles, users);
    let last = account_id(accounts.saturating_sub(1));
    let first_root = format!("arn:aws:iam::{}:root", account_id(0));
    if let Some(Value::Array(statements)) =
        m.pointer_mut(&format!("/accounts/{last}/roles/0/trustPolicy/Statement"))
    {
        statements.push(json!({"Effect": "Allow", "Principal": {"AWS": first_root}, "Action": "sts:AssumeRole"}));
    }
    m
}
