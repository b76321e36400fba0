//! Request lines against a loaded model (`iamsim batch --model`): a line names an identity of the
//! model, an action, a resource and context. The target is ≥ 1,000,000 lines/s on one core
//! (issue #17); these benches measure one line end to end (read, resolve, decide, the result
//! JSON) as `batch` decides it, and as the CLI then prints it.

#![expect(
    clippy::expect_used,
    reason = "benchmark fixtures are known to be valid"
)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use iamsim_core::api::{decide_batch_line, ModelSource, PrincipalCache};
use iamsim_core::limits::Limits;
use iamsim_core::model::{load_model, EXAMPLE_ORG};
use std::hint::black_box;

/// Lines like `scripts/gen-batch-lines.py`'s `reqs.jsonl`: two principals (a short name and an
/// `ACCOUNT:user/NAME` form), three actions, two resources, with and without context.
fn lines() -> Vec<String> {
    let principals = ["dave", "alice", "111111111111:user/data/dave"];
    let actions = ["s3:GetObject", "s3:PutObject", "ecs:UpdateService"];
    let resources = [
        "arn:aws:s3:::acme-data-lake/report.csv",
        "arn:aws:ecs:eu-west-1:222222222222:service/prod/web",
    ];
    let mut out = Vec::new();
    let mut id = 0;
    for p in principals {
        for a in actions {
            for r in resources {
                id += 1;
                out.push(format!(
                    r#"{{"id": {id}, "principal": "{p}", "action": "{a}", "resource": "{r}", "context": {{"aws:SourceIp": "203.0.113.9"}}}}"#
                ));
                id += 1;
                out.push(format!(
                    r#"{{"id": {id}, "principal": "{p}", "action": "{a}", "resource": "{r}"}}"#
                ));
            }
        }
    }
    out
}

fn request_lines(c: &mut Criterion) {
    let model = load_model(EXAMPLE_ORG).expect("the example organization loads");
    let principals = PrincipalCache::new();
    let source = ModelSource {
        model: &model,
        text: EXAMPLE_ORG,
        principals: Some(&principals),
    };
    let limits = Limits::default();
    let lines = lines();
    // Every line is decided (none is an error).
    for line in &lines {
        let out = decide_batch_line(line, false, &limits, || Ok(source));
        assert!(out.get("decision").is_some(), "{line}: {out}");
    }
    let mut group = c.benchmark_group("request_lines");
    group.throughput(Throughput::Elements(lines.len() as u64));
    group.bench_function("decide", |b| {
        b.iter(|| {
            for line in &lines {
                black_box(decide_batch_line(black_box(line), false, &limits, || {
                    Ok(source)
                }));
            }
        })
    });
    group.bench_function("decide_and_print", |b| {
        let mut out = String::new();
        b.iter(|| {
            out.clear();
            for line in &lines {
                let v = decide_batch_line(black_box(line), false, &limits, || Ok(source));
                out.push_str(&v.to_string());
                out.push('\n');
            }
            black_box(out.len())
        })
    });
    group.finish();
}

criterion_group!(benches, request_lines);
criterion_main!(benches);
