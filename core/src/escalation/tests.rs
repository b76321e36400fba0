use super::*;
use crate::catalog::Catalog;

#[test]
fn the_catalog_holds_sixty_techniques_with_unique_ids_in_every_family() {
    assert!(TECHNIQUES.len() >= 60, "{} techniques", TECHNIQUES.len());
    let mut ids: Vec<&str> = TECHNIQUES.iter().map(|t| t.id).collect();
    ids.sort_unstable();
    let before = ids.len();
    ids.dedup();
    assert_eq!(before, ids.len(), "duplicate technique ids");
    for family in Family::ALL {
        assert!(
            TECHNIQUES.iter().any(|t| t.family == family),
            "no technique of {}",
            family.as_str()
        );
    }
}

#[test]
fn every_action_of_the_catalog_is_an_aws_action() {
    let catalog = Catalog::global();
    for t in TECHNIQUES {
        assert!(!t.steps.is_empty(), "{} has no action", t.id);
        for step in t.steps {
            assert!(
                catalog.lookup_action(step.action).is_some(),
                "{}: `{}` is not in the action catalog",
                t.id,
                step.action
            );
        }
    }
}

#[test]
fn every_technique_rests_on_aws_documentation_and_is_well_formed() {
    for t in TECHNIQUES {
        assert!(
            t.doc.starts_with("https://docs.aws.amazon.com/"),
            "{}",
            t.id
        );
        assert!(
            t.id.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{}",
            t.id
        );
        let passes = t.steps.iter().any(|s| s.action == "iam:PassRole");
        match t.family {
            // A new-PassRole technique passes a role trusting a service, to named compute.
            Family::NewPassrole => {
                assert!(
                    passes && t.service().is_some() && t.associated.is_some(),
                    "{}",
                    t.id
                );
            }
            Family::ExistingPassrole => {
                assert!(
                    matches!(t.precondition, Precondition::RunsAsRole(_)),
                    "{}",
                    t.id
                );
            }
            _ => assert!(!passes && t.associated.is_none(), "{}", t.id),
        }
    }
    assert_eq!(
        technique("iam-create-access-key").map(|t| t.family),
        Some(Family::PrincipalAccess)
    );
    assert!(technique("no-such-technique").is_none());
}

const MODEL: &str = r#"{"accounts": {"111111111111": {
  "policies": [{"name": "DevPolicy", "document": {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "iam:CreatePolicyVersion", "Resource": "arn:aws:iam::111111111111:policy/DevPolicy"}]}}],
  "users": [
    {"name": "dev", "managedPolicies": ["DevPolicy"]},
    {"name": "builder", "inlinePolicies": {"p": {"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*",
       "Condition": {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}},
      {"Effect": "Allow", "Action": ["lambda:CreateFunction", "lambda:InvokeFunction", "ec2:RunInstances"], "Resource": "*"}]}}},
    {"name": "reader", "inlinePolicies": {"p": {"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}}],
  "roles": [
    {"name": "LambdaAdmin", "trustPolicy": {"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
     "managedPolicies": ["arn:aws:iam::aws:policy/AdministratorAccess"]},
    {"name": "Ec2Admin", "trustPolicy": {"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
     "managedPolicies": ["arn:aws:iam::aws:policy/AdministratorAccess"]}]
}}}"#;

fn graph_edges(model: &crate::model::Model, name: &str) -> Vec<(String, String)> {
    let graph = Graph::new(model, &crate::context::Context::new(), false);
    let i = model.find_identity(name).unwrap();
    graph
        .edges(Node::of(i), true)
        .iter()
        .map(|e| (e.technique.id.to_owned(), e.via.clone()))
        .collect()
}

#[test]
fn a_principal_that_can_rewrite_its_own_policy_is_admin_equivalent() {
    let model = crate::model::load_model(MODEL).unwrap();
    assert_eq!(
        graph_edges(&model, "dev"),
        [(
            "iam-create-policy-version".to_owned(),
            "arn:aws:iam::111111111111:policy/DevPolicy".to_owned()
        )]
    );
    let graph = Graph::new(&model, &crate::context::Context::new(), false);
    let dev = model.find_identity("dev").unwrap();
    let reader = model.find_identity("reader").unwrap();
    assert!(graph.admin_equivalent(Node::of(dev), true));
    assert!(!graph.admin_equivalent(Node::of(reader), true));
    let edges = graph.edges(Node::of(dev), true);
    let grant = &edges[0].actions[0];
    assert_eq!(grant.action, "iam:CreatePolicyVersion");
    assert_eq!(
        grant.allowed_by[0].policy,
        "arn:aws:iam::111111111111:policy/DevPolicy"
    );
}

#[test]
fn passrole_is_decided_with_the_service_it_is_passed_to_and_the_roles_trust() {
    let model = crate::model::load_model(MODEL).unwrap();
    // PassRole is allowed only to Lambda: the EC2 role (and EC2 with the Lambda role, whose
    // trust does not allow EC2) give nothing.
    assert_eq!(
        graph_edges(&model, "builder"),
        [(
            "passrole-lambda-invoke".to_owned(),
            "arn:aws:iam::111111111111:role/LambdaAdmin".to_owned()
        )]
    );
    let graph = Graph::new(&model, &crate::context::Context::new(), false);
    let builder = model.find_identity("builder").unwrap();
    let edges = graph.edges(Node::of(builder), true);
    let pass = &edges[0].actions[0];
    assert_eq!(pass.action, "iam:PassRole");
    assert_eq!(pass.conditions[0].key, "iam:PassedToService");
    assert!(graph_edges(&model, "reader").is_empty());
}

#[test]
fn docs_escalation_lists_every_technique_with_its_documentation() {
    let doc = include_str!("../../../docs/escalation.md");
    for t in TECHNIQUES {
        assert!(
            doc.contains(&format!("`{}`", t.id)),
            "{} missing from docs/escalation.md",
            t.id
        );
        assert!(
            doc.contains(t.doc),
            "{}'s documentation missing from docs/escalation.md",
            t.id
        );
    }
}

#[test]
fn existing_passrole_techniques_act_on_compute_of_their_kind() {
    let mut evaluated = 0;
    for t in TECHNIQUES
        .iter()
        .filter(|t| t.family == Family::ExistingPassrole)
    {
        let takes_over = t.steps.iter().any(|s| s.on == Applies::ExistingCompute);
        // Evaluated exactly when the inventory holds its kind and it acts on that compute.
        assert_eq!(t.compute().is_some(), takes_over, "{}", t.id);
        assert_eq!(t.evaluated(), takes_over, "{}", t.id);
        if let Some(kind) = t.compute() {
            assert_eq!(t.service(), Some(kind.service()), "{}", t.id);
            evaluated += 1;
        }
    }
    assert!(evaluated >= 15, "{evaluated}");
    for id in [
        "existing-lambda-update-function-code",
        "existing-ssm-send-command",
        "existing-ssm-start-session",
        "existing-ec2-user-data",
        "existing-ec2-launch-template-version",
        "existing-codebuild-buildspec-override",
        "existing-cloudformation-update-stack",
        "existing-glue-update-dev-endpoint",
        "existing-apprunner-update-service",
        "existing-sagemaker-lifecycle-config",
        "existing-sagemaker-presigned-url",
        "existing-ec2-instance-connect",
    ] {
        assert!(technique(id).is_some_and(|t| t.evaluated()), "{id}");
    }
    for kind in ComputeKind::ALL {
        assert_eq!(ComputeKind::parse(kind.as_str()), Some(kind));
    }
}
