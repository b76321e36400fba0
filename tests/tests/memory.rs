//! Memory budget: a compiled policy takes no more than 4× the size of its JSON text.
//! Measured with a counting global allocator around `compile_policy` alone.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed test"
)]
#![expect(
    unsafe_code,
    reason = "a counting GlobalAlloc must implement an unsafe trait; it only delegates to System"
)]

use iamsim_core::compile::{compile_policy, PolicySource};
use iamsim_core::policy::{parse_policy, PolicyKind};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

// SAFETY: delegates to the system allocator and only counts bytes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::SeqCst);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

#[test]
fn compiled_policies_stay_within_four_times_their_json() {
    let scenario = iamsim_benches_fixture();
    for (i, doc) in scenario.iter().enumerate() {
        let text = serde_json::to_string_pretty(doc).unwrap();
        let parsed = parse_policy(&text);
        assert!(!parsed.has_errors(), "{:?}", parsed.diagnostics);
        let policy = parsed.policy.unwrap();
        let source = PolicySource {
            kind: PolicyKind::Identity,
            label: format!("p{i}"),
            path: String::new(),
        };
        let before = LIVE.load(Ordering::SeqCst);
        let compiled = compile_policy(&policy, source);
        let used = LIVE.load(Ordering::SeqCst) - before;
        let size = text.len() as isize;
        assert!(used > 0, "the allocator must see the compiled policy");
        assert!(
            used <= 4 * size,
            "policy {i}: compiled {used} bytes for {size} bytes of JSON"
        );
        eprintln!(
            "policy {i}: {used} bytes compiled for {size} bytes of JSON ({:.2}x)",
            used as f64 / size as f64
        );
        drop(compiled);
    }
}

/// Realistic identity policies of several shapes.
fn iamsim_benches_fixture() -> Vec<serde_json::Value> {
    use serde_json::json;
    vec![
        json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}),
        json!({"Version": "2012-10-17", "Statement": [
            {"Sid": "ReadData", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket", "s3:GetObjectVersion"], "Resource": ["arn:aws:s3:::data-lake", "arn:aws:s3:::data-lake/*"]},
            {"Sid": "Logs", "Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "arn:aws:logs:eu-west-1:111111111111:log-group:/app/*:*"},
            {"Sid": "Tags", "Effect": "Allow", "Action": "ec2:*", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}, "IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "172.16.0.0/12"]}}},
            {"Sid": "NoIam", "Effect": "Deny", "NotAction": ["iam:Get*", "iam:List*"], "Resource": "arn:aws:iam::*:*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}
        ]}),
        json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"], "Resource": "arn:aws:dynamodb:*:111111111111:table/orders*", "Condition": {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["${aws:userid}"]}, "DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}}
        ]}),
    ]
}
