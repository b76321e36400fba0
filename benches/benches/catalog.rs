//! Cost of the embedded action catalog: the one-time parse (budget: < 50 ms in release) and the
//! common queries.

use criterion::{criterion_group, criterion_main, Criterion};
use iamsim_core::catalog::Catalog;
use std::hint::black_box;

const EMBEDDED: &str = include_str!("../../core/data/iam-catalog.txt");

fn load(c: &mut Criterion) {
    c.bench_function("catalog/parse_embedded", |b| {
        b.iter(|| Catalog::parse(black_box(EMBEDDED)).map(|cat| cat.services().len()))
    });
}

fn queries(c: &mut Criterion) {
    let catalog = Catalog::global();
    c.bench_function("catalog/lookup_action", |b| {
        b.iter(|| catalog.lookup_action(black_box("s3:getobject")).is_some())
    });
    c.bench_function("catalog/expand_s3_get_star", |b| {
        b.iter(|| catalog.expand_action_pattern(black_box("s3:Get*")).len())
    });
    c.bench_function("catalog/suggest_action_typo", |b| {
        b.iter(|| catalog.suggest_action(black_box("s3:GetObjekt")).len())
    });
    c.bench_function("catalog/condition_key_template", |b| {
        b.iter(|| {
            catalog
                .condition_key(black_box("s3:ExistingObjectTag/team"))
                .is_some()
        })
    });
    let object = catalog
        .service("s3")
        .and_then(|s| s.resource_type("object"));
    c.bench_function("catalog/arn_matches_template", |b| {
        b.iter(|| object.map(|o| o.can_match_arn(black_box("arn:aws:s3:::bucket/path/to/key.txt"))))
    });
}

criterion_group!(benches, load, queries);
criterion_main!(benches);
