//! Access-path search over a generated organization of 1,000 accounts × 50 roles (budget: one
//! `who-can` under 1 s and one `paths` under 100 ms on one core; the model under 500 MB).
#![expect(
    clippy::expect_used,
    reason = "benchmark fixtures are known to be valid"
)]

use criterion::{criterion_group, criterion_main, Criterion};
use iamsim_benches::org;
use iamsim_core::access::{paths, who_can, Assumptions, Target};
use iamsim_core::context::Context;
use iamsim_core::eval::ResourcePolicies;
use iamsim_core::request::{Action, Resource};
use std::hint::black_box;
use std::time::Duration;

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn access(c: &mut Criterion) {
    let start = std::time::Instant::now();
    let world = org::world(1_000, 50, 20);
    eprintln!(
        "generated and compiled {} roles, {} identities in {:?}; peak RSS {:.0} MB",
        world.roles.len(),
        world.identities.len(),
        start.elapsed(),
        peak_rss_mb().unwrap_or(f64::NAN)
    );
    let mut context = Context::new();
    context.set("aws:PrincipalOrgID", "o-example");
    let assumptions = Assumptions {
        mfa: true,
        context,
        max_depth: 6,
    };
    let target = Target::new(
        Action::parse("s3:GetObject").expect("action"),
        Resource::new("arn:aws:s3:::bucket-3-5/reports/q1.csv"),
        Some(org::account(3)),
        ResourcePolicies::default(),
        None,
        Vec::new(),
    );
    let found = who_can(&world, &target, &assumptions);
    eprintln!(
        "who-can finds {} identities; longest chain {}",
        found.len(),
        found.iter().map(|e| e.chain.len()).max().unwrap_or(0)
    );
    let user = world
        .identity_index(&format!("arn:aws:iam::{}:user/user-0", org::account(0)))
        .expect("user");
    let report = paths(&world, user, &assumptions, None);
    eprintln!("paths from user-0 reaches {} roles", report.paths.len());

    let mut group = c.benchmark_group("access");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("who_can_1000_accounts_x_50_roles", |b| {
        b.iter(|| who_can(black_box(&world), &target, &assumptions).len())
    });
    group.bench_function("paths_from_one_user", |b| {
        b.iter(|| {
            paths(black_box(&world), user, &assumptions, None)
                .paths
                .len()
        })
    });
    group.finish();
}

criterion_group!(benches, access);
criterion_main!(benches);
