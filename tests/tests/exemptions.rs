//! Who SCPs and RCPs do not restrict, tested through the account-model loader (where the rule
//! lives), not by handing the engine empty levels: the organization's management account (neither
//! its principals by SCPs nor its resources by RCPs) and service-linked roles (neither SCPs nor
//! RCPs). Every exempt request has a control twin in a member account that the same policies deny,
//! so the test fails if the policies stop applying at all as well as if the exemption is lost.
//! Rules: ../shared/reference/iam-evaluation.md 4.1 (SCPs and RCPs do not affect the management
//! account; service-linked roles are not restricted by either).
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed test"
)]

use iamsim_core::api::check_json;
use iamsim_core::model::load_model;
use serde_json::{json, Value};

const MANAGEMENT: &str = "999999999999";
const MEMBER: &str = "111111111111";
const SERVICE_LINKED: &str =
    "arn:aws:iam::111111111111:role/aws-service-role/ec2.amazonaws.com/AWSServiceRoleForEC2Fleet";

/// The organization: the root's SCPs allow everything but deny EC2; the root's RCP denies every
/// `s3:DeleteObject`. The management account sits at the root, the member account in an OU.
fn model() -> String {
    let admin = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]});
    let bucket = |name: &str, other: &str| {
        json!({"type": "s3", "name": name, "policy": {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": other}, "Action": "s3:*",
            "Resource": [format!("arn:aws:s3:::{name}"), format!("arn:aws:s3:::{name}/*")]}]}})
    };
    json!({
        "organization": {
            "id": "o-exempt01",
            "managementAccount": MANAGEMENT,
            "policies": {
                "FullAWSAccess": {"type": "scp", "builtin": true},
                "DenyEC2": {"type": "scp", "document": {"Version": "2012-10-17", "Statement": [
                    {"Effect": "Deny", "Action": "ec2:*", "Resource": "*"}]}},
                "DenyDelete": {"type": "rcp", "document": {"Version": "2012-10-17", "Statement": [
                    {"Effect": "Deny", "Principal": "*", "Action": "s3:DeleteObject", "Resource": "*"}]}}
            },
            "root": {
                "id": "r-ex01", "scps": ["FullAWSAccess", "DenyEC2"], "rcps": ["DenyDelete"],
                "accounts": [MANAGEMENT],
                "ous": [{"id": "ou-ex01-members", "name": "Members", "scps": ["FullAWSAccess"],
                         "accounts": [MEMBER], "ous": []}]
            }
        },
        "accounts": {
            MANAGEMENT: {
                "name": "management",
                "users": [{"name": "root-admin", "inlinePolicies": {"admin": admin}}],
                "resources": [bucket("mgmt-bucket", MEMBER)]
            },
            MEMBER: {
                "name": "member",
                "scps": ["FullAWSAccess"],
                "users": [{"name": "dev", "inlinePolicies": {"admin": admin}}],
                "roles": [{
                    "name": "AWSServiceRoleForEC2Fleet", "path": "/aws-service-role/ec2.amazonaws.com/",
                    "trustPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                        "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
                    "inlinePolicies": {"admin": admin}
                }],
                "resources": [bucket("member-bucket", MANAGEMENT)]
            }
        }
    })
    .to_string()
}

/// `check` of one request: the decision and the trace's SCP and RCP verdict details.
fn check(principal: &str, action: &str, resource: &str) -> (String, Value) {
    let query =
        json!({"principal": principal, "action": action, "resource": resource, "explain": true})
            .to_string();
    let out = check_json(Some(&model()), &query);
    let decision = out["result"]["decision"]
        .as_str()
        .unwrap_or_else(|| panic!("no decision: {out}"))
        .to_owned();
    (decision, out["result"]["explain"].clone())
}

/// The `detail` of a policy type's verdict in a trace.
fn detail(trace: &Value, policy_type: &str) -> String {
    trace["policyTypes"]
        .as_array()
        .and_then(|types| types.iter().find(|t| t["policyType"] == policy_type))
        .and_then(|t| t["detail"].as_str())
        .unwrap_or_default()
        .to_owned()
}

const EC2: &str = "arn:aws:ec2:eu-west-1:111111111111:instance/i-0abc";
const EC2_MGMT: &str = "arn:aws:ec2:eu-west-1:999999999999:instance/i-0abc";

#[test]
fn the_loader_marks_the_management_account() {
    let m = load_model(&model()).unwrap_or_else(|e| panic!("{e:#?}"));
    let summary = |id: &str| m.accounts.iter().find(|a| a.id == id).unwrap();
    assert!(summary(MANAGEMENT).management && summary(MANAGEMENT).in_organization);
    assert!(!summary(MEMBER).management && summary(MEMBER).in_organization);
    assert_eq!(summary(MEMBER).org_path, ["Root", "Members"]);
}

#[test]
fn scps_do_not_restrict_the_management_account() {
    let (member, trace) = check("dev", "ec2:RunInstances", EC2);
    assert_eq!(
        member, "ExplicitDeny",
        "the control: the root's SCP denies EC2 in a member account"
    );
    assert!(
        trace["statements"].to_string().contains("DenyEC2"),
        "{trace}"
    );

    let (management, trace) = check("root-admin", "ec2:RunInstances", EC2_MGMT);
    assert_eq!(management, "Allowed", "{trace}");
    assert_eq!(
        detail(&trace, "scp"),
        "no organization (or the management account)"
    );
}

#[test]
fn rcps_do_not_restrict_resources_of_the_management_account() {
    // The member account's bucket: the root's RCP denies the delete, even to the management
    // account's admin (RCPs follow the resource's account, whoever calls).
    let (member, _) = check("dev", "s3:DeleteObject", "arn:aws:s3:::member-bucket/x");
    assert_eq!(member, "ExplicitDeny");
    let (cross_in, _) = check(
        "root-admin",
        "s3:DeleteObject",
        "arn:aws:s3:::member-bucket/x",
    );
    assert_eq!(cross_in, "ExplicitDeny");
    // The management account's bucket: no RCP applies, whoever calls.
    let (own, trace) = check(
        "root-admin",
        "s3:DeleteObject",
        "arn:aws:s3:::mgmt-bucket/x",
    );
    assert_eq!(own, "Allowed", "{trace}");
    assert_eq!(detail(&trace, "rcp"), "no RCPs for the resource's account");
    let (cross_out, trace) = check("dev", "s3:DeleteObject", "arn:aws:s3:::mgmt-bucket/x");
    assert_eq!(cross_out, "Allowed", "{trace}");
}

#[test]
fn service_linked_roles_are_restricted_by_neither_scps_nor_rcps() {
    let (scp, trace) = check(SERVICE_LINKED, "ec2:RunInstances", EC2);
    assert_eq!(scp, "Allowed", "{trace}");
    assert_eq!(
        detail(&trace, "scp"),
        "service-linked roles are not restricted by SCPs"
    );
    let (rcp, trace) = check(
        SERVICE_LINKED,
        "s3:DeleteObject",
        "arn:aws:s3:::member-bucket/x",
    );
    assert_eq!(rcp, "Allowed", "{trace}");
    assert_eq!(
        detail(&trace, "rcp"),
        "service-linked roles are not restricted by RCPs"
    );
}
