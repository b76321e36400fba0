//! Importing `get-account-authorization-details` output for 100 accounts × 500 roles (budget:
//! under 5 s in release, one core), and loading the imported model.
#![expect(
    clippy::expect_used,
    reason = "benchmark fixtures are known to be valid"
)]

use criterion::{criterion_group, criterion_main, Criterion};
use iamsim_core::import::import_authorization_details;
use serde_json::json;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// One account's authorization details, as the CLI prints them: every role has a trust policy,
/// an inline policy, tags and an attached customer managed policy whose default is version 2.
fn account(id: &str, roles: usize) -> String {
    let role = |i: usize| {
        json!({
            "Path": "/app/", "RoleName": format!("role-{i}"), "RoleId": format!("AROA{i:016}"),
            "Arn": format!("arn:aws:iam::{id}:role/app/role-{i}"), "CreateDate": "2024-01-01T00:00:00Z",
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                "Principal": {"AWS": format!("arn:aws:iam::{id}:root")}, "Action": "sts:AssumeRole"}]},
            "InstanceProfileList": [],
            "RolePolicyList": [{"PolicyName": "inline", "PolicyDocument": {"Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
                    "Resource": format!("arn:aws:s3:::bucket-{i}/*")}]}}],
            "AttachedManagedPolicies": [{"PolicyName": "Shared", "PolicyArn": format!("arn:aws:iam::{id}:policy/Shared")}],
            "Tags": [{"Key": "team", "Value": format!("team-{}", i % 10)}],
            "RoleLastUsed": {"LastUsedDate": "2026-01-01T00:00:00Z", "Region": "eu-west-1"}
        })
    };
    let version = |v: u32, default: bool| {
        json!({"Document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Action": "sqs:SendMessage", "Resource": "*"}]}, "VersionId": format!("v{v}"), "IsDefaultVersion": default})
    };
    json!({
        "UserDetailList": [], "GroupDetailList": [],
        "RoleDetailList": (0..roles).map(role).collect::<Vec<_>>(),
        "Policies": [{"PolicyName": "Shared", "PolicyId": "ANPASHARED", "Arn": format!("arn:aws:iam::{id}:policy/Shared"),
            "Path": "/", "DefaultVersionId": "v2", "AttachmentCount": roles, "IsAttachable": true,
            "PolicyVersionList": [version(1, false), version(2, true)]}]
    })
    .to_string()
}

fn import(c: &mut Criterion) {
    let files: Vec<(String, String)> = (0..100u64)
        .map(|a| {
            let id = format!("{:012}", 200_000_000_000 + a);
            (format!("iam/{id}.json"), account(&id, 500))
        })
        .collect();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
    let start = Instant::now();
    let result = import_authorization_details(&refs);
    let imported = start.elapsed();
    assert!(result.errors.is_empty(), "{:?}", result.errors.first());
    let text = serde_json::to_string(&result.model).expect("serializable");
    let start = Instant::now();
    let model = iamsim_core::model::load_model(&text).expect("the imported model loads");
    eprintln!(
        "imported 100 accounts × 500 roles ({} MB of CLI output) in {imported:?} (budget 5 s); loaded {} roles in {:?}",
        bytes / 1_000_000,
        model.world.roles.len(),
        start.elapsed()
    );
    // The budget (5 s on an idle core) is printed above, not asserted: CI runs every bench once
    // on a shared machine, and a timing there proves nothing (issue #17: no timing asserts).
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("authorization_details_100x500", |b| {
        b.iter(|| import_authorization_details(black_box(&refs)))
    });
    group.finish();
}

criterion_group!(benches, import);
criterion_main!(benches);
