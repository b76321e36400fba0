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

criterion_group!(benches, decisions, reading);
criterion_main!(benches);
