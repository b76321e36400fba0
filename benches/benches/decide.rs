//! The evaluation hot path: deciding a typical request (budget: ≥ 1,000,000 decisions/s on one
//! core without a trace, ≥ 200,000/s with it), and the cost of reading a scenario (parse,
//! validate, compile) separately, so that the slowest stage is visible.

#![expect(
    clippy::expect_used,
    reason = "benchmark fixtures are known to be valid"
)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use iamsim_core::eval::{decide, decide_explained};
use iamsim_core::json::{self, Limits};
use iamsim_core::scenario::read_scenario;
use std::hint::black_box;

fn decisions(c: &mut Criterion) {
    let text = iamsim_benches::typical_scenario_text();
    let value = json::parse(&text, Limits::default()).expect("fixture parses");
    let s = read_scenario(&value, &text).expect("fixture is valid");
    assert_eq!(
        decide(&s.request, &s.caller, &s.resource).as_str(),
        "Allowed"
    );

    let mut group = c.benchmark_group("decide");
    group.throughput(Throughput::Elements(1));
    group.bench_function("typical_no_trace", |b| {
        b.iter(|| {
            decide(
                black_box(&s.request),
                black_box(&s.caller),
                black_box(&s.resource),
            )
        })
    });
    group.bench_function("typical_with_trace", |b| {
        b.iter(|| {
            decide_explained(
                black_box(&s.request),
                black_box(&s.caller),
                black_box(&s.resource),
            )
        })
    });
    group.finish();
}

fn reading(c: &mut Criterion) {
    let text = iamsim_benches::typical_scenario_text();
    let mut group = c.benchmark_group("scenario");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("json_parse", |b| {
        b.iter(|| json::parse(black_box(&text), Limits::default()).is_ok())
    });
    let value = json::parse(&text, Limits::default()).expect("fixture parses");
    group.bench_function("read_validate_compile", |b| {
        b.iter(|| read_scenario(black_box(&value), &text).is_ok())
    });
    group.bench_function("end_to_end_decide_json", |b| {
        b.iter(|| iamsim_core::api::decide_json(black_box(&text), false))
    });
    group.finish();
}

/// One statement against one request: the unit cost of statement matching.
fn statement_matching(c: &mut Criterion) {
    let mut group = c.benchmark_group("statement");
    let cases = [
        (
            "rejected_by_service",
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["ec2:StartInstances","ec2:StopInstances"],"Resource":"*"}}"#,
        ),
        (
            "exact_match",
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::data-lake/red/reports/2025/06/report.csv"}}"#,
        ),
        (
            "wildcards_and_variable",
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:Get*","Resource":"arn:aws:s3:::data-lake/${aws:PrincipalTag/team}/*/report.csv"}}"#,
        ),
        (
            "two_conditions",
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","192.168.0.0/16"]},"StringEquals":{"aws:PrincipalTag/team":["blue","red"]}}}}"#,
        ),
    ];
    for (name, policy) in cases {
        let text = iamsim_benches::typical_scenario()
            .as_object()
            .map(|o| {
                let mut o = o.clone();
                o.insert(
                    "identityPolicies".into(),
                    serde_json::json!([
                        serde_json::from_str::<serde_json::Value>(policy).expect("policy")
                    ]),
                );
                o.insert("resourcePolicy".into(), serde_json::Value::Null);
                o.insert("permissionBoundary".into(), serde_json::Value::Null);
                o.insert("scps".into(), serde_json::json!([]));
                serde_json::Value::Object(o).to_string()
            })
            .expect("object");
        let value = json::parse(&text, Limits::default()).expect("parses");
        let s = read_scenario(&value, &text).expect("valid");
        group.bench_function(name, |b| {
            b.iter(|| {
                decide(
                    black_box(&s.request),
                    black_box(&s.caller),
                    black_box(&s.resource),
                )
            })
        });
    }
    group.finish();
}

criterion_group!(benches, decisions, reading, statement_matching);
criterion_main!(benches);
