//! `admin_paths`: who becomes admin-equivalent by escalation, with positive cases and twins
//! where a condition, a permissions boundary, an SCP, role assumption alone or a technique on a
//! principal that is not admin-equivalent leave the principal out.

use super::*;

const MODEL: &str = r#"{
 "organization": {"id": "o-reach0001", "managementAccount": "100000000000",
  "policies": {
   "FullAWSAccess": {"type": "scp", "builtin": true},
   "NoPolicyVersions": {"type": "scp", "document": {"Version": "2012-10-17", "Statement": [
     {"Effect": "Deny", "Action": "iam:CreatePolicyVersion", "Resource": "*"}]}}},
  "root": {"id": "r-rch1", "scps": ["FullAWSAccess"], "accounts": ["100000000000", "111111111111"],
   "ous": [{"name": "Prod", "id": "ou-rch1-prod0001", "scps": ["FullAWSAccess", "NoPolicyVersions"], "accounts": ["222222222222"]}]}},
 "accounts": {
  "100000000000": {"name": "management"},
  "111111111111": {"name": "dev", "scps": ["FullAWSAccess"],
   "policies": [
    {"name": "DevPolicy", "document": {"Version": "2012-10-17", "Statement": [
     {"Sid": "OwnPolicy", "Effect": "Allow", "Action": "iam:CreatePolicyVersion", "Resource": "arn:aws:iam::111111111111:policy/DevPolicy"}]}},
    {"name": "NoInvoke", "document": {"Version": "2012-10-17", "Statement": [
     {"Effect": "Allow", "Action": ["iam:PassRole", "lambda:CreateFunction"], "Resource": "*"}]}}],
   "users": [
    {"name": "dev", "managedPolicies": ["DevPolicy"]},
    {"name": "builder", "inlinePolicies": {"p": {"Version": "2012-10-17", "Statement": [
      {"Sid": "PassToLambda", "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*",
       "Condition": {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}},
      {"Effect": "Allow", "Action": ["lambda:CreateFunction", "lambda:InvokeFunction"], "Resource": "*"}]}}},
    {"name": "builder-cond", "inlinePolicies": {"p": {"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "Action": ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"], "Resource": "*",
       "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}]}}},
    {"name": "builder-bounded", "permissionBoundary": "NoInvoke", "inlinePolicies": {"p": {"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "Action": ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"], "Resource": "*"}]}}},
    {"name": "keymaker", "inlinePolicies": {"p": {"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "arn:aws:iam::111111111111:user/reader"}]}}},
    {"name": "ops", "inlinePolicies": {"p": {"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::111111111111:role/Admin"},
      {"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "*"}]}}},
    {"name": "hopper", "inlinePolicies": {"p": {"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::111111111111:role/Escalator"}]}}},
    {"name": "admin-user", "managedPolicies": ["arn:aws:iam::aws:policy/AdministratorAccess"]},
    {"name": "reader", "inlinePolicies": {"p": {"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}}],
   "roles": [
    {"name": "LambdaAdmin", "trustPolicy": {"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
     "managedPolicies": ["arn:aws:iam::aws:policy/AdministratorAccess"]},
    {"name": "Admin", "trustPolicy": {"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "sts:AssumeRole"}]},
     "managedPolicies": ["arn:aws:iam::aws:policy/AdministratorAccess"]},
    {"name": "Escalator", "trustPolicy": {"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "sts:AssumeRole"}]},
     "inlinePolicies": {"self": {"Version": "2012-10-17", "Statement": [
      {"Sid": "OwnInline", "Effect": "Allow", "Action": "iam:PutRolePolicy", "Resource": "arn:aws:iam::111111111111:role/Escalator"}]}}}]},
  "222222222222": {"name": "prod", "scps": ["FullAWSAccess"],
   "policies": [
    {"name": "ProdPolicy", "document": {"Version": "2012-10-17", "Statement": [
     {"Effect": "Allow", "Action": "iam:CreatePolicyVersion", "Resource": "arn:aws:iam::222222222222:policy/ProdPolicy"}]}}],
   "users": [{"name": "prod-dev", "managedPolicies": ["ProdPolicy"]}]}
 }}"#;

fn found(model: &crate::model::Model) -> Vec<(String, Vec<&'static str>)> {
    let graph = Graph::new(model, &crate::context::Context::new(), true);
    let mut out: Vec<(String, Vec<&'static str>)> = admin_paths(&graph, 5)
        .into_iter()
        .map(|p| {
            let arn = model.world.identities[p.principal].arn.clone();
            (arn, p.hops.iter().map(|h| h.kind).collect())
        })
        .collect();
    out.sort();
    out
}

fn user(name: &str) -> String {
    format!("arn:aws:iam::111111111111:user/{name}")
}

#[test]
fn principals_that_escalate_to_admin_are_found_with_their_shortest_chain() {
    let model = crate::model::load_model(MODEL).unwrap();
    assert_eq!(
        found(&model),
        [
            (
                "arn:aws:iam::111111111111:role/Escalator".to_owned(),
                vec!["iam-put-role-policy-self"]
            ),
            (user("builder"), vec!["passrole-lambda-invoke"]),
            (user("dev"), vec!["iam-create-policy-version"]),
            (user("hopper"), vec!["assume", "iam-put-role-policy-self"]),
        ]
    );
}

#[test]
fn the_fix_is_the_statement_that_allowed_the_first_technique() {
    let model = crate::model::load_model(MODEL).unwrap();
    let graph = Graph::new(&model, &crate::context::Context::new(), true);
    let paths = admin_paths(&graph, 5);
    let hopper = model.find_identity("hopper").unwrap();
    let p = paths.iter().find(|p| p.principal == hopper).unwrap();
    assert_eq!(p.actor, "arn:aws:iam::111111111111:role/Escalator");
    let fix = p.fix.as_ref().unwrap();
    assert_eq!(fix.sid.as_deref(), Some("OwnInline"));
    assert!(
        fix.path
            .ends_with("/roles/2/inlinePolicies/self/Statement/0"),
        "{}",
        fix.path
    );
    assert!(fix.span.start < fix.span.end);
    assert_eq!(p.hops[0].to, "arn:aws:iam::111111111111:role/Escalator");
}

#[test]
fn with_a_depth_of_one_only_direct_escalation_counts() {
    let model = crate::model::load_model(MODEL).unwrap();
    let graph = Graph::new(&model, &crate::context::Context::new(), true);
    let names: Vec<usize> = admin_paths(&graph, 1).iter().map(|p| p.principal).collect();
    assert!(!names.contains(&model.find_identity("hopper").unwrap()));
    assert!(names.contains(&model.find_identity("dev").unwrap()));
}

#[test]
fn a_model_without_escalation_rights_has_no_path() {
    // Twins of the model above: builder's PassRole and dev's policy version right removed.
    let text = MODEL
        .replace(
            "\"iam:CreatePolicyVersion\", \"Resource\": \"arn:aws:iam::111111111111",
            "\"iam:GetPolicy\", \"Resource\": \"arn:aws:iam::111111111111",
        )
        .replace(
            "\"Sid\": \"PassToLambda\", \"Effect\": \"Allow\", \"Action\": \"iam:PassRole\"",
            "\"Sid\": \"PassToLambda\", \"Effect\": \"Allow\", \"Action\": \"iam:GetRole\"",
        )
        .replace("\"iam:PutRolePolicy\"", "\"iam:GetRolePolicy\"");
    let model = crate::model::load_model(&text).unwrap();
    assert_eq!(found(&model), Vec::<(String, Vec<&str>)>::new());
}
