//! Scale: a synthetic organization (`iamsim_benches::synthetic`, docs/scale.md) loaded from its
//! JSON text, then who-can, paths and diff over it. 1,000 accounts × 50 roles by default (CI runs
//! it once, with `cargo test --benches`: 200 × 50 there, see `size`); `IAMSIM_SCALE=5000x200`
//! for the large one (by hand, or scripts/benchmark.sh). Figures: docs/scale.md.
#![expect(
    clippy::expect_used,
    reason = "benchmark fixtures are known to be valid"
)]

use criterion::{criterion_group, criterion_main, Criterion};
use iamsim_benches::synthetic::{self, account_id};
use iamsim_core::access::{paths, who_can, Assumptions};
use iamsim_core::context::Context;
use iamsim_core::diff::{diff_models, DiffRequest, Probe};
use iamsim_core::limits::Limits;
use iamsim_core::model::{load_model_with, Model};
use iamsim_core::query::{self, EdgeMode, Given, WhoCanQuestion};
use std::hint::black_box;
use std::time::{Duration, Instant};

fn peak_rss_mb() -> f64 {
    let kb = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmHWM:"))?.to_owned();
            line.split_whitespace().nth(1)?.parse::<f64>().ok()
        });
    kb.map_or(f64::NAN, |kb| kb / 1024.0)
}

/// `ACCOUNTSxROLES` from `IAMSIM_SCALE`, else 1,000 × 50 — or 200 × 50 in an unoptimised build
/// (`cargo test --benches`, which only checks that the bench runs: a debug build would spend
/// many minutes generating and loading the full size).
fn size() -> (usize, usize) {
    let asked = std::env::var("IAMSIM_SCALE").unwrap_or_default();
    let default = if cfg!(debug_assertions) {
        (200, 50)
    } else {
        (1_000, 50)
    };
    asked
        .split_once('x')
        .and_then(|(a, r)| Some((a.parse().ok()?, r.parse().ok()?)))
        .unwrap_or(default)
}

/// Room for a model of any size: the scale models are far above the default input limit.
fn limits() -> Limits {
    Limits {
        input_bytes: u32::MAX as usize,
        ..Limits::default()
    }
}

fn load(text: &str) -> Model {
    load_model_with(text, &limits()).expect("the synthetic model loads")
}

fn scale(c: &mut Criterion) {
    let (accounts, roles) = size();
    let users = 20;
    let start = Instant::now();
    let text = synthetic::model(accounts, roles, users).to_string();
    let after_text = synthetic::model_with_opened_trust(accounts, roles, users).to_string();
    eprintln!(
        "scale {accounts}x{roles}: model text {:.0} MB, generated in {:?}",
        text.len() as f64 / 1e6,
        start.elapsed()
    );
    let rss_before = peak_rss_mb();
    let start = Instant::now();
    let model = load(&text);
    eprintln!(
        "loaded {} identities in {:?}; peak RSS {:.0} MB (texts alone {:.0} MB)",
        model.world.identities.len(),
        start.elapsed(),
        peak_rss_mb(),
        rss_before
    );
    let after = load(&after_text);
    let mut context = Context::new();
    context.set("aws:PrincipalOrgID", synthetic::ORG_ID);
    context.set("aws:SecureTransport", "true");
    // The organization's SCPs deny every region but two; S3 ARNs carry none.
    context.set("aws:RequestedRegion", "eu-west-1");
    let assumptions = Assumptions {
        mfa: true,
        context,
        max_depth: 5,
    };
    let bucket = format!("arn:aws:s3:::bucket-{}-1/reports/q1.csv", accounts / 2);
    let target = model.target("s3:GetObject", &bucket).expect("target");
    let start = Instant::now();
    let found = who_can(&model.world, &target, &assumptions);
    eprintln!(
        "who-can s3:GetObject on {bucket}: {} identities, longest chain {}, in {:?}",
        found.len(),
        found.iter().map(|e| e.chain.len()).max().unwrap_or(0),
        start.elapsed()
    );
    // Conditional who-can (docs/conditional.md): the source IP and every other key the request
    // does not fix left open; role assumption only, as `who_can` above.
    let conditional = WhoCanQuestion {
        action: "s3:GetObject".into(),
        resource: bucket.clone(),
        given: Given {
            mfa: true,
            context: assumptions.context.clone(),
        },
        max_depth: 5,
        edges: EdgeMode::Assume,
        unknown: vec!["*".into()],
    };
    let start = Instant::now();
    let answer = query::who_can(&model, &conditional, &mut |_, _| {}).expect("answer");
    eprintln!(
        "who-can --unknown '*': {} identities ({} under a condition) in {:?}",
        answer.principals.len(),
        answer
            .principals
            .iter()
            .filter(|e| e.condition.is_some())
            .count(),
        start.elapsed()
    );
    let user = model
        .find_identity(&format!(
            "arn:aws:iam::{}:user/people/user-0",
            account_id(0)
        ))
        .expect("user-0");
    let start = Instant::now();
    let report = paths(&model.world, user, &assumptions, None);
    eprintln!(
        "paths from user-0: {} roles reached in {:?}",
        report.paths.len(),
        start.elapsed()
    );
    let last = account_id(accounts - 1);
    let requests: Vec<DiffRequest> = [
        (
            "sts:AssumeRole",
            format!("arn:aws:iam::{last}:role/app/role-0"),
        ),
        (
            "s3:GetObject",
            format!("arn:aws:s3:::bucket-{}-0/x", accounts - 1),
        ),
        (
            "sqs:SendMessage",
            format!("arn:aws:sqs:eu-west-1:{last}:jobs"),
        ),
        ("s3:GetObject", bucket.clone()),
    ]
    .into_iter()
    .map(|(action, resource)| {
        let mut r = DiffRequest::everyone(Probe {
            action: action.into(),
            resource,
        });
        r.mfa = true;
        r.context = assumptions.context.clone();
        r
    })
    .collect();
    let start = Instant::now();
    let diff = diff_models(
        &model,
        &after,
        &requests,
        5,
        EdgeMode::Assume,
        &mut |_, _| {},
    );
    eprintln!(
        "diff over {} requests: {} changes in {:?}; peak RSS {:.0} MB",
        requests.len(),
        diff.changed,
        start.elapsed(),
        peak_rss_mb()
    );

    let mut group = c.benchmark_group(format!("scale_{accounts}x{roles}"));
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("load_model", |b| {
        b.iter(|| load(black_box(&text)).world.identities.len())
    });
    group.bench_function("who_can", |b| {
        b.iter(|| who_can(black_box(&model.world), &target, &assumptions).len())
    });
    group.bench_function("who_can_unknown_all", |b| {
        b.iter(|| {
            query::who_can(black_box(&model), &conditional, &mut |_, _| {})
                .map(|a| a.principals.len())
        })
    });
    group.bench_function("paths_from_one_user", |b| {
        b.iter(|| {
            paths(black_box(&model.world), user, &assumptions, None)
                .paths
                .len()
        })
    });
    group.bench_function("diff_4_requests", |b| {
        b.iter(|| {
            diff_models(
                black_box(&model),
                &after,
                &requests,
                5,
                EdgeMode::Assume,
                &mut |_, _| {},
            )
            .changed
        })
    });
    group.finish();
}

criterion_group!(benches, scale);
criterion_main!(benches);
