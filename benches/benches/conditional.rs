//! Conditional answers (issue #18) against concrete ones: the budget is at most 10× the
//! cost of a concrete check. Two levels: the engine (the typical 50-statement request of
//! decide.rs, with its source IP, MFA, transport and team tag unknown, or every key it does not
//! fix) and the query layer (`check` on the example organization, with `unknown: ["*"]`).

#![expect(
    clippy::expect_used,
    reason = "benchmark fixtures are known to be valid"
)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use iamsim_core::eval::decide;
use iamsim_core::json::{self, Limits};
use iamsim_core::model::{load_model, EXAMPLE_ORG};
use iamsim_core::partial::{decide_partial, UnknownKeys};
use iamsim_core::query::{check_decision, CheckQuestion, Given};
use iamsim_core::scenario::read_scenario;
use std::hint::black_box;

fn engine(c: &mut Criterion) {
    let text = iamsim_benches::typical_scenario_text();
    let value = json::parse(&text, Limits::default()).expect("fixture parses");
    let s = read_scenario(&value, &text).expect("fixture is valid");
    let named = UnknownKeys::from_names(&[
        "aws:SourceIp",
        "aws:SecureTransport",
        "aws:MultiFactorAuthPresent",
        "aws:PrincipalTag/team",
    ]);
    let mut open = s.request.clone();
    for k in &named.keys {
        open.context.remove(k);
    }
    let star = UnknownKeys::from_names(&["*"]);
    let d = decide_partial(&s.request, &named, &s.caller, &s.resource).expect("bounded");
    assert!(
        d.allowed.as_constant().is_none(),
        "the fixture is conditional"
    );

    let mut group = c.benchmark_group("conditional_engine");
    group.throughput(Throughput::Elements(1));
    group.bench_function("concrete", |b| {
        b.iter(|| {
            decide(
                black_box(&s.request),
                black_box(&s.caller),
                black_box(&s.resource),
            )
        })
    });
    group.bench_function("four_keys_unknown", |b| {
        b.iter(|| decide_partial(black_box(&s.request), &named, &s.caller, &s.resource))
    });
    group.bench_function("every_unfixed_key_unknown", |b| {
        b.iter(|| decide_partial(black_box(&open), &star, &s.caller, &s.resource))
    });
    group.finish();
}

fn query(c: &mut Criterion) {
    let model = load_model(EXAMPLE_ORG).expect("the example loads");
    let question = |unknown: Vec<String>| CheckQuestion {
        principal: "alice".into(),
        action: "sts:AssumeRole".into(),
        resource: "arn:aws:iam::222222222222:role/Deploy".into(),
        given: Given::default(),
        explain: false,
        unknown,
    };
    let concrete = question(Vec::new());
    let conditional = question(vec!["*".into()]);
    let answer = check_decision(&model, &conditional).expect("answers");
    assert!(answer.condition.is_some());

    let mut group = c.benchmark_group("conditional_check");
    group.throughput(Throughput::Elements(1));
    group.bench_function("concrete", |b| {
        b.iter(|| check_decision(&model, black_box(&concrete)))
    });
    group.bench_function("every_unfixed_key_unknown", |b| {
        b.iter(|| check_decision(&model, black_box(&conditional)))
    });
    group.finish();
}

criterion_group!(benches, engine, query);
criterion_main!(benches);
