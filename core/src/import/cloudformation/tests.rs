use super::eval::{Failure, Stack};
use super::template::Template;
use super::*;
use crate::import::read::{Ctx, LIMITS};
use crate::import::Skipped;
use crate::model::load_model;
use serde_json::{json, Value};

const PLATFORM: &str =
    include_str!("../../../../tests/import/cloudformation/111122223333/eu-west-1/platform.json");
const FILE: &str = "cloudformation/111122223333/eu-west-1/platform.json";

fn options(params: &[(&str, &str)]) -> CfnOptions {
    CfnOptions {
        account: Some("111122223333".into()),
        region: Some("eu-west-1".into()),
        parameters: params
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        ..CfnOptions::default()
    }
}

fn platform(o: &CfnOptions) -> ImportResult {
    let r = import_cloudformation_template(FILE, PLATFORM, o);
    assert!(r.errors.is_empty(), "import errors: {:#?}", r.errors);
    let text = serde_json::to_string_pretty(&r.model).unwrap();
    if let Err(e) = load_model(&text) {
        panic!("model does not load: {e:#?}\n{text}");
    }
    r
}

fn account(r: &ImportResult) -> &Value {
    &r.model["accounts"]["111122223333"]
}

fn named<'v>(r: &'v ImportResult, field: &str, name: &str) -> &'v Value {
    account(r)[field]
        .as_array()
        .and_then(|l| l.iter().find(|e| e["name"] == name))
        .unwrap_or_else(|| panic!("no {field} named {name} in {:#}", r.model))
}

fn skipped<'r>(r: &'r ImportResult, what: &str) -> &'r Skipped {
    r.skipped
        .iter()
        .find(|s| s.what == what)
        .unwrap_or_else(|| panic!("`{what}` not skipped: {:#?}", r.skipped))
}

#[test]
fn the_platform_template_imports_every_resolvable_resource() {
    let r = platform(&options(&[("GitHubOrg", "example-org")]));
    let deploy = named(&r, "roles", "prod-deploy");
    assert_eq!(deploy["path"], "/ci/");
    assert_eq!(deploy["description"], "Deploys prod from GitHub Actions");
    assert_eq!(deploy["maxSessionDuration"], 3600);
    assert_eq!(
        deploy["trustPolicy"]["Statement"][0]["Principal"]["Federated"],
        "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"
    );
    assert_eq!(
        deploy["trustPolicy"]["Statement"][0]["Condition"]["StringLike"]
            ["token.actions.githubusercontent.com:sub"],
        "repo:example-org/*:ref:refs/heads/main"
    );
    // `Fn::If` on a true condition gave `AWS::NoValue`: the element is gone.
    assert_eq!(
        deploy["managedPolicies"],
        json!([
            "arn:aws:iam::111122223333:policy/prod-deploy-stacks",
            "arn:aws:iam::aws:policy/ReadOnlyAccess"
        ])
    );
    assert_eq!(
        deploy["permissionBoundary"],
        "arn:aws:iam::111122223333:policy/boundaries/ci-boundary"
    );
    assert_eq!(
        deploy["inlinePolicies"]["artifacts"]["Statement"][0]["Resource"],
        "arn:aws:s3:::111122223333-prod-artifacts/*"
    );
    assert_eq!(
        deploy["inlinePolicies"]["deny-iam-writes"]["Statement"][0]["Effect"],
        "Deny"
    );
    assert_eq!(deploy["tags"], json!({"env": "prod", "team": "platform"}));

    let stacks = named(&r, "policies", "prod-deploy-stacks");
    assert_eq!(
        stacks["document"]["Statement"][0]["Resource"],
        "arn:aws:cloudformation:eu-west-1:111122223333:stack/prod-*/*"
    );
    assert_eq!(named(&r, "policies", "ci-boundary")["path"], "/boundaries/");

    // A CommaDelimitedList parameter: its members, space-trimmed.
    let audit = named(&r, "roles", "audit-reader");
    assert_eq!(
        audit["trustPolicy"]["Statement"][0]["Principal"]["AWS"],
        json!(["444455556666", "777788889999"])
    );

    let bucket = &account(&r)["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["arn"] == "arn:aws:s3:::111122223333-prod-artifacts")
        .unwrap()["policy"];
    assert_eq!(
        bucket["Statement"][0]["Resource"],
        json!([
            "arn:aws:s3:::111122223333-prod-artifacts",
            "arn:aws:s3:::111122223333-prod-artifacts/*"
        ])
    );
    assert_eq!(
        bucket["Statement"][1]["Principal"]["AWS"],
        "arn:aws:iam::111122223333:role/ci/prod-deploy"
    );

    let carol = named(&r, "users", "carol");
    assert_eq!(carol["groups"], json!(["platform-developers"]));
    assert_eq!(
        named(&r, "users", "dave")["groups"],
        json!(["platform-developers"])
    );
    let devs = named(&r, "groups", "platform-developers");
    assert_eq!(
        devs["inlinePolicies"]["read-artifacts"]["Statement"][0]["Action"],
        "s3:GetObject"
    );
    assert!(devs["inlinePolicies"]["deny-iam-writes"].is_object());
    assert_eq!(
        account(&r)["oidcProviders"],
        json!([{
            "url": "token.actions.githubusercontent.com",
            "clientIds": ["sts.amazonaws.com"],
            "thumbprints": ["6938fd4d98bab03faadb97b34396831e3780aea1"]
        }])
    );
}

#[test]
fn what_only_a_deployed_stack_knows_is_reported_by_logical_id() {
    let r = platform(&options(&[("GitHubOrg", "example-org")]));
    let worker = skipped(&r, "AWS::IAM::Role WorkerRole");
    assert_eq!(worker.location, format!("{FILE}#/Resources/WorkerRole"));
    assert!(
        worker.reason.contains("`RoleName` is not set"),
        "{worker:?}"
    );
    let key = skipped(&r, "AWS::KMS::Key ArtifactKey");
    assert!(key.reason.contains("--physical-id ArtifactKey="), "{key:?}");
    let shared = skipped(&r, "AWS::IAM::Role SharedServicesRole");
    assert!(
        shared.reason.contains("prod-SharedServicesRoleArn"),
        "{shared:?}"
    );
    assert!(shared.location.ends_with("/Principal/AWS/Fn::ImportValue"));
    let dev = skipped(&r, "AWS::IAM::User DevUser");
    assert!(dev.reason.contains("condition is false"));
    assert!(skipped(&r, "AWS::IAM::InstanceProfile WorkerProfile")
        .reason
        .contains("not imported"));
    // The SQS queue is not an IAM resource: neither imported nor reported.
    assert!(!r.skipped.iter().any(|s| s.what.contains("BuildQueue")));
    assert!(named(&r, "roles", "prod-deploy").is_object());
}

#[test]
fn given_physical_ids_and_exports_resolve_what_the_template_cannot() {
    let mut o = options(&[("GitHubOrg", "example-org"), ("Environment", "dev")]);
    o.physical_ids.insert(
        "ArtifactKey".into(),
        "1234abcd-12ab-34cd-56ef-1234567890ab".into(),
    );
    o.import_values.insert(
        "dev-SharedServicesRoleArn".into(),
        "arn:aws:iam::444455556666:role/shared".into(),
    );
    let r = platform(&o);
    let key = account(&r)["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["type"] == "kms")
        .unwrap();
    assert_eq!(
        key["arn"],
        "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    );
    assert_eq!(
        key["policy"]["Statement"][1]["Principal"]["AWS"],
        "arn:aws:iam::111122223333:role/ci/dev-deploy"
    );
    let shared = named(&r, "roles", "shared-services-access");
    assert_eq!(
        shared["trustPolicy"]["Statement"][0]["Principal"]["AWS"],
        "arn:aws:iam::444455556666:role/shared"
    );
    // Environment=dev: the dev-only user exists, the mapping gives 12 hours, `Fn::If` adds
    // PowerUserAccess.
    assert!(named(&r, "users", "dev-sandbox").is_object());
    let deploy = named(&r, "roles", "dev-deploy");
    assert_eq!(deploy["maxSessionDuration"], 43200);
    assert_eq!(
        deploy["managedPolicies"][2],
        "arn:aws:iam::aws:policy/PowerUserAccess"
    );
}

#[test]
fn a_parameter_without_value_or_default_skips_what_needs_it() {
    let r = platform(&options(&[]));
    let deploy = skipped(&r, "AWS::IAM::Role DeployRole");
    assert!(
        deploy.reason.contains("parameter `GitHubOrg`"),
        "{deploy:?}"
    );
    assert!(deploy.reason.contains("--parameter GitHubOrg="));
    assert!(
        deploy.location.ends_with(
            "/AssumeRolePolicyDocument/Statement/0/Condition/StringLike/token.actions.githubusercontent.com:sub/Fn::Sub"
        ),
        "{deploy:?}"
    );
    // The bucket policy names the role's ARN, which needs only its name: still imported.
    assert!(account(&r)["resources"].as_array().unwrap().len() == 1);
    // Without the role, attaching the inline policy to it is reported, not guessed.
    assert!(r
        .skipped
        .iter()
        .any(|s| s.what == "AWS::IAM::Policy DenyIamWrites (role prod-deploy)"));
}

/// Evaluates `expr` in the context of `template`.
fn eval(template: &str, expr: &str, o: &CfnOptions) -> Result<Option<Value>, Failure> {
    let root = crate::json::parse(template, LIMITS).unwrap();
    let mut cx = Ctx::new("t.json");
    let t = Template::read(&mut cx, &root).unwrap();
    assert!(cx.errors.is_empty(), "{:?}", cx.errors);
    let e = crate::json::parse(expr, LIMITS).unwrap();
    Stack::new(&t, "111122223333", o).resolve(&e, "/x")
}

const SMALL: &str = r#"{
  "Parameters": {
    "Env": {"Type": "String", "Default": "prod"},
    "Zones": {"Type": "List<AWS::EC2::AvailabilityZone::Name>", "Default": "a,b,c"},
    "Count": {"Type": "Number", "Default": 3},
    "NoDefault": {"Type": "String"}
  },
  "Mappings": {"M": {"prod": {"Size": "large"}}},
  "Conditions": {
    "IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
    "CountIs3": {"Fn::Equals": [{"Ref": "Count"}, 3]},
    "Both": {"Fn::And": [{"Condition": "IsProd"}, {"Condition": "CountIs3"}]},
    "Either": {"Fn::Or": [{"Fn::Not": [{"Condition": "IsProd"}]}, {"Condition": "CountIs3"}]},
    "Neither": {"Fn::Not": [{"Condition": "Either"}]},
    "Loop": {"Condition": "Loop"}
  },
  "Resources": {
    "Named": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "r1", "Path": "/p/"}},
    "Unnamed": {"Type": "AWS::IAM::Role", "Properties": {}},
    "Policy": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"ManagedPolicyName": "mp"}},
    "Self": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": {"Fn::Sub": "${Self.Arn}-x"}}}
  }
}"#;

fn ok(expr: &str) -> Value {
    ok_with(expr, &options(&[]))
}

fn ok_with(expr: &str, o: &CfnOptions) -> Value {
    match eval(SMALL, expr, o) {
        Ok(Some(v)) => v,
        other => panic!("{expr}: {other:?}"),
    }
}

fn unresolved_reason(expr: &str, o: &CfnOptions) -> (String, String) {
    match eval(SMALL, expr, o) {
        Err(Failure::Unresolved { path, reason }) => (path, reason),
        other => panic!("{expr}: expected unresolved, got {other:?}"),
    }
}

fn invalid_message(expr: &str) -> (String, String) {
    match eval(SMALL, expr, &options(&[])) {
        Err(Failure::Invalid(d)) => (d.path.clone(), d.message.clone()),
        other => panic!("{expr}: expected invalid, got {other:?}"),
    }
}

#[test]
fn ref_reads_parameters_pseudo_parameters_and_physical_names() {
    assert_eq!(ok(r#"{"Ref": "Env"}"#), "prod");
    assert_eq!(ok(r#"{"Ref": "Count"}"#), "3");
    assert_eq!(ok(r#"{"Ref": "Zones"}"#), json!(["a", "b", "c"]));
    assert_eq!(
        ok_with(r#"{"Ref": "Env"}"#, &options(&[("Env", "dev")])),
        "dev"
    );
    assert_eq!(ok(r#"{"Ref": "AWS::AccountId"}"#), "111122223333");
    assert_eq!(ok(r#"{"Ref": "AWS::Region"}"#), "eu-west-1");
    assert_eq!(ok(r#"{"Ref": "AWS::Partition"}"#), "aws");
    assert_eq!(ok(r#"{"Ref": "AWS::URLSuffix"}"#), "amazonaws.com");
    let mut cn = options(&[]);
    cn.region = Some("cn-north-1".into());
    assert_eq!(ok_with(r#"{"Ref": "AWS::Partition"}"#, &cn), "aws-cn");
    assert_eq!(
        ok_with(r#"{"Ref": "AWS::URLSuffix"}"#, &cn),
        "amazonaws.com.cn"
    );
    assert_eq!(ok(r#"{"Ref": "Named"}"#), "r1");
    assert_eq!(
        ok(r#"{"Ref": "Policy"}"#),
        "arn:aws:iam::111122223333:policy/mp"
    );
    assert_eq!(
        ok(r#"["a", {"Ref": "AWS::NoValue"}, "b"]"#),
        json!(["a", "b"])
    );
    assert_eq!(
        eval(SMALL, r#"{"Ref": "AWS::NoValue"}"#, &options(&[])).unwrap(),
        None
    );
}

#[test]
fn what_is_not_known_before_deployment_is_unresolved() {
    let o = options(&[]);
    let (path, reason) = unresolved_reason(r#"{"Ref": "Unnamed"}"#, &o);
    assert_eq!(path, "/x/Ref");
    assert!(reason.contains("`RoleName` is not set"), "{reason}");
    assert!(unresolved_reason(r#"{"Ref": "NoDefault"}"#, &o)
        .1
        .contains("--parameter NoDefault="));
    assert!(unresolved_reason(r#"{"Ref": "AWS::StackName"}"#, &o)
        .1
        .contains("deployed stack"));
    let mut no_region = o.clone();
    no_region.region = None;
    assert!(
        unresolved_reason(r#"{"Fn::Sub": "x-${AWS::Region}"}"#, &no_region)
            .1
            .contains("--region")
    );
    assert!(unresolved_reason(r#"{"Fn::ImportValue": "shared"}"#, &o)
        .1
        .contains("--import-value shared="));
    let mut given = o.clone();
    given.import_values.insert("shared".into(), "v".into());
    assert_eq!(ok_with(r#"{"Fn::ImportValue": "shared"}"#, &given), "v");
    assert!(unresolved_reason(r#"{"Fn::GetAZs": ""}"#, &o)
        .1
        .contains("not evaluated"));
    assert!(
        unresolved_reason(r#"{"Fn::GetAtt": ["Named", "RoleId"]}"#, &o)
            .1
            .contains("once the stack exists")
    );
}

#[test]
fn sub_join_select_split_getatt_findinmap() {
    assert_eq!(
        ok(r#"{"Fn::Sub": "arn:${AWS::Partition}:s3:::${Env}-${!Literal}"}"#),
        "arn:aws:s3:::prod-${Literal}"
    );
    assert_eq!(
        ok(r#"{"Fn::Sub": ["${A}/${Named}", {"A": {"Fn::Join": ["-", ["x", "y"]]}}]}"#),
        "x-y/r1"
    );
    assert_eq!(
        ok(r#"{"Fn::Sub": "${Named.Arn}"}"#),
        "arn:aws:iam::111122223333:role/p/r1"
    );
    assert_eq!(ok(r#"{"Fn::Join": [",", {"Ref": "Zones"}]}"#), "a,b,c");
    assert_eq!(ok(r#"{"Fn::Select": ["1", {"Ref": "Zones"}]}"#), "b");
    assert_eq!(ok(r#"{"Fn::Select": [2, ["p", "q", "r"]]}"#), "r");
    assert_eq!(
        ok(r#"{"Fn::Split": ["/", {"Fn::Sub": "a/${Env}"}]}"#),
        json!(["a", "prod"])
    );
    assert_eq!(
        ok(r#"{"Fn::GetAtt": "Named.Arn"}"#),
        "arn:aws:iam::111122223333:role/p/r1"
    );
    assert_eq!(
        ok(r#"{"Fn::GetAtt": ["Policy", "PolicyArn"]}"#),
        "arn:aws:iam::111122223333:policy/mp"
    );
    assert_eq!(
        ok(r#"{"Fn::FindInMap": ["M", {"Ref": "Env"}, "Size"]}"#),
        "large"
    );
    assert_eq!(ok(r#"{"Fn::Base64": "hi"}"#), "aGk=");
}

#[test]
fn conditions_evaluate_on_resolved_values() {
    assert_eq!(ok(r#"{"Fn::If": ["IsProd", "p", "d"]}"#), "p");
    // A Number parameter equals the number written in the condition.
    assert_eq!(ok(r#"{"Fn::If": ["CountIs3", "y", "n"]}"#), "y");
    assert_eq!(ok(r#"{"Fn::If": ["Both", "y", "n"]}"#), "y");
    assert_eq!(ok(r#"{"Fn::If": ["Either", "y", "n"]}"#), "y");
    assert_eq!(ok(r#"{"Fn::If": ["Neither", "y", "n"]}"#), "n");
    let dev = options(&[("Env", "dev"), ("Count", "4")]);
    assert_eq!(ok_with(r#"{"Fn::If": ["Both", "y", "n"]}"#, &dev), "n");
    assert_eq!(ok_with(r#"{"Fn::If": ["Either", "y", "n"]}"#, &dev), "y");
    assert_eq!(
        eval(
            SMALL,
            r#"{"Fn::If": ["IsProd", {"Ref": "AWS::NoValue"}, "d"]}"#,
            &options(&[])
        )
        .unwrap(),
        None
    );
}

#[test]
fn invalid_intrinsics_are_located_errors() {
    let (path, msg) = invalid_message(r#"{"a": [{"Ref": "Nothing"}]}"#);
    assert_eq!(path, "/x/a/0/Ref");
    assert!(msg.contains("neither a parameter nor a resource"), "{msg}");
    assert!(invalid_message(r#"{"Fn::Join": ["-"]}"#)
        .1
        .contains("Fn::Join"));
    assert!(invalid_message(r#"{"Fn::Select": [5, ["a"]]}"#)
        .1
        .contains("not within"));
    assert!(invalid_message(r#"{"Fn::If": ["Nope", "a", "b"]}"#)
        .1
        .contains("no condition `Nope`"));
    assert!(invalid_message(r#"{"Fn::If": ["Loop", "a", "b"]}"#)
        .1
        .contains("circular"));
    assert!(invalid_message(r#"{"Ref": "Self"}"#).1.contains("circular"));
    assert!(invalid_message(r#"{"Fn::Sub": "${Env"}"#)
        .1
        .contains("closing"));
    assert!(
        invalid_message(r#"{"Fn::FindInMap": ["M", "dev", "Size"]}"#)
            .1
            .contains("Mappings")
    );
    let (path, msg) = match eval(
        PLATFORM,
        r#"{"Ref": "Environment"}"#,
        &options(&[("Environment", "staging")]),
    ) {
        Err(Failure::Invalid(d)) => (d.path, d.message),
        other => panic!("{other:?}"),
    };
    assert_eq!(path, "/Parameters/Environment/AllowedValues");
    assert!(msg.contains("`staging`"), "{msg}");
    assert!(invalid_message(r#"{"Fn::Equals": ["a", "a"]}"#)
        .1
        .contains("Conditions"));
}

#[test]
fn malformed_templates_are_located_errors() {
    let o = options(&[]);
    let r = import_cloudformation_template("t.json", "{\"Resources\": {,}}", &o);
    assert_eq!(r.errors.len(), 1);
    assert_eq!(r.errors[0].diagnostic.code, "json-syntax");
    let r = import_cloudformation_template("t.json", r#"{"Parameters": {}}"#, &o);
    assert!(r.errors[0].diagnostic.message.contains("Resources"));
    let r = import_cloudformation_template(
        "t.json",
        r#"{"Resources": {"A": {"Properties": {}}, "B": {"Type": "AWS::IAM::User", "Condition": "Missing"}}}"#,
        &o,
    );
    let paths: Vec<&str> = r
        .errors
        .iter()
        .map(|e| e.diagnostic.path.as_str())
        .collect();
    assert_eq!(paths, ["/Resources/A", "/Resources/B/Condition"]);
    let r = import_cloudformation_template(
        "t.json",
        r#"{"Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "r"}}}}"#,
        &o,
    );
    assert_eq!(r.errors[0].diagnostic.code, "import-missing-field");
    assert_eq!(
        r.errors[0].diagnostic.path,
        "/Resources/R/Properties/AssumeRolePolicyDocument"
    );
    let r = import_cloudformation_template(
        "t.json",
        r#"{"Resources": {"R": {"Type": "AWS::IAM::User", "Properties": {"UserName": {"Ref": "Ghost"}}}}}"#,
        &o,
    );
    assert_eq!(r.errors[0].diagnostic.code, "cfn-invalid-template");
    assert_eq!(
        r.errors[0].diagnostic.path,
        "/Resources/R/Properties/UserName/Ref"
    );
    let r =
        import_cloudformation_template("t.json", r#"{"Resources": {}}"#, &CfnOptions::default());
    assert_eq!(r.errors[0].diagnostic.code, "import-no-account");
}

#[test]
fn the_folder_names_account_and_region() {
    let defaults = CfnOptions {
        region: Some("us-east-1".into()),
        ..CfnOptions::default()
    };
    let o = placement("111122223333/eu-west-1/x.json", &defaults).unwrap();
    assert_eq!(o.account.as_deref(), Some("111122223333"));
    assert_eq!(o.region.as_deref(), Some("eu-west-1"));
    let o = placement("111122223333/x.json", &defaults).unwrap();
    assert_eq!(o.region.as_deref(), Some("us-east-1"));
    assert_eq!(placement("x.json", &defaults).unwrap().account, None);
    assert!(placement("prod/x.json", &defaults).is_err());
    assert!(placement("1/2/3/4.json", &defaults).is_err());

    let files = [
        (FILE, PLATFORM),
        ("cloudformation/not-an-account/t.json", "{}"),
    ];
    let mut given = CfnOptions::default();
    given
        .parameters
        .insert("GitHubOrg".into(), "example-org".into());
    let r = crate::import::import_folder_with(&files, &given);
    assert!(r.errors.is_empty(), "{:#?}", r.errors);
    assert!(named(&r, "roles", "prod-deploy").is_object());
    assert!(skipped(&r, "file cloudformation/not-an-account/t.json")
        .reason
        .contains("12-digit"));
}

const AUDIT: &str =
    include_str!("../../../../tests/import/cloudformation/444455556666/us-east-1/audit.yaml");

#[test]
fn yaml_templates_with_short_form_tags_import() {
    let o = CfnOptions {
        account: Some("444455556666".into()),
        region: Some("us-east-1".into()),
        ..CfnOptions::default()
    };
    let r = import_cloudformation_template("audit.yaml", AUDIT, &o);
    assert!(r.errors.is_empty(), "{:#?}", r.errors);
    load_model(&serde_json::to_string(&r.model).unwrap()).unwrap();
    let acct = &r.model["accounts"]["444455556666"];
    let role = &acct["roles"][0];
    assert_eq!(role["name"], "auditor-use1");
    assert_eq!(role["path"], "/security/");
    assert_eq!(role["maxSessionDuration"], 7200);
    let trust = &role["trustPolicy"]["Statement"][0];
    assert_eq!(trust["Principal"]["AWS"], "arn:aws:iam::111122223333:root");
    assert_eq!(
        trust["Condition"]["StringEquals"]["sts:ExternalId"],
        "audit-2025"
    );
    assert_eq!(
        role["inlinePolicies"]["read-audit-logs"]["Statement"][0]["Resource"],
        json!([
            "arn:aws:s3:::audit-logs-444455556666-us",
            "arn:aws:s3:::audit-logs-444455556666-us/*"
        ])
    );
    let bucket = &acct["resources"][0];
    assert_eq!(bucket["arn"], "arn:aws:s3:::audit-logs-444455556666-us");
    assert_eq!(
        bucket["policy"]["Statement"][0]["NotPrincipal"]["AWS"],
        "arn:aws:iam::444455556666:role/security/auditor-use1"
    );
    assert!(skipped(&r, "AWS::IAM::User ShortRetentionUser")
        .reason
        .contains("condition is false"));

    // In another region the `Fn::If` gives `AWS::NoValue`: no MaxSessionDuration.
    let west = CfnOptions {
        region: Some("us-west-2".into()),
        ..o.clone()
    };
    let text = AUDIT.replace(
        "us-east-1:\n      Suffix: use1",
        "us-west-2:\n      Suffix: usw2",
    );
    let r = import_cloudformation_template("audit.yml", &text, &west);
    assert!(r.errors.is_empty(), "{:#?}", r.errors);
    assert!(r.model["accounts"]["444455556666"]["roles"][0]
        .get("maxSessionDuration")
        .is_none());
}

#[test]
fn malformed_yaml_is_a_located_error() {
    let o = options(&[]);
    let text = "Resources:\n  R:\n    Type: AWS::IAM::User\n   Properties: [\n";
    let r = import_cloudformation_template("t.yaml", text, &o);
    assert_eq!(r.errors[0].diagnostic.code, "yaml-syntax");
    let at = r.errors[0].diagnostic.span.unwrap().start as usize;
    assert!(at > 0 && at <= text.len(), "{at}");
    // Errors after parsing carry the JSON pointer, not a span into the converted text.
    let r = import_cloudformation_template(
        "t.yaml",
        "Resources:\n  R:\n    Type: AWS::IAM::User\n    Properties:\n      UserName: !Ref Nope\n",
        &o,
    );
    assert_eq!(
        r.errors[0].diagnostic.path,
        "/Resources/R/Properties/UserName/Ref"
    );
    assert_eq!(r.errors[0].diagnostic.span, None);
}

#[test]
fn an_unresolvable_part_leaves_out_only_that_part() {
    let t = r#"{
      "Resources": {
        "R": {"Type": "AWS::IAM::Role", "Properties": {
          "RoleName": "r",
          "Description": {"Ref": "AWS::StackName"},
          "AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
          "ManagedPolicyArns": ["arn:aws:iam::aws:policy/ReadOnlyAccess", {"Fn::ImportValue": "x"}],
          "Policies": [{"PolicyName": "p", "PolicyDocument": {"Statement": [{"Effect": "Deny", "Action": "*", "Resource": {"Fn::GetAtt": ["R", "RoleId"]}}]}}]
        }},
        "B": {"Type": "AWS::IAM::User", "Properties": {"UserName": "b", "PermissionsBoundary": {"Fn::ImportValue": "boundary"}}}
      }
    }"#;
    let r = import_cloudformation_template("t.json", t, &options(&[]));
    assert!(r.errors.is_empty(), "{:#?}", r.errors);
    let role = &r.model["accounts"]["111122223333"]["roles"][0];
    assert_eq!(role["name"], "r");
    assert!(role.get("description").is_none());
    assert!(role.get("inlinePolicies").is_none());
    assert_eq!(
        role["managedPolicies"],
        json!(["arn:aws:iam::aws:policy/ReadOnlyAccess"])
    );
    let whats: Vec<&str> = r.skipped.iter().map(|s| s.what.as_str()).collect();
    assert_eq!(
        whats,
        [
            "inline policy of AWS::IAM::Role R",
            "managed policy of AWS::IAM::Role R",
            "description of AWS::IAM::Role R",
            "AWS::IAM::User B"
        ],
        "{:#?}",
        r.skipped
    );
    // A user whose boundary is unknown is left out whole: without it, it could do more.
    assert!(r.model["accounts"]["111122223333"].get("users").is_none());
}
