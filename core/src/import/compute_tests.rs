//! `compute/`: the compute that runs as a role, from the AWS CLI's outputs, and located errors.

use super::import_folder;
use serde_json::{json, Value};

const A: &str = "111111111111";

fn files() -> Vec<(String, String)> {
    vec![
        (format!("compute/{A}/iam-list-instance-profiles.json"), json!({"InstanceProfiles": [
            {"InstanceProfileName": "web", "Arn": format!("arn:aws:iam::{A}:instance-profile/web"),
             "Roles": [{"RoleName": "WebRole", "Arn": format!("arn:aws:iam::{A}:role/WebRole")}]}]}).to_string()),
        (format!("compute/{A}/eu-west-1/lambda-list-functions.json"), json!({"Functions": [
            {"FunctionName": "ingest", "FunctionArn": format!("arn:aws:lambda:eu-west-1:{A}:function:ingest"),
             "Role": format!("arn:aws:iam::{A}:role/service-role/FnRole"), "Runtime": "python3.12"}]}).to_string()),
        (format!("compute/{A}/eu-west-1/ec2-describe-instances.json"), json!({"Reservations": [{"Instances": [
            {"InstanceId": "i-0abc", "IamInstanceProfile": {"Arn": format!("arn:aws:iam::{A}:instance-profile/web"), "Id": "AIPA"},
             "Tags": [{"Key": "team", "Value": "web"}]},
            {"InstanceId": "i-0noprofile"}]}]}).to_string()),
        (format!("compute/{A}/eu-west-1/cloudformation-describe-stacks.json"), json!({"Stacks": [
            {"StackName": "infra", "StackId": format!("arn:aws:cloudformation:eu-west-1:{A}:stack/infra/1b2c"),
             "RoleARN": format!("arn:aws:iam::{A}:role/StackRole")},
            {"StackName": "norole", "StackId": format!("arn:aws:cloudformation:eu-west-1:{A}:stack/norole/3d4e")}]}).to_string()),
        (format!("compute/{A}/eu-west-1/codebuild-batch-get-projects-1.json"), json!({"projects": [
            {"name": "deploy", "arn": format!("arn:aws:codebuild:eu-west-1:{A}:project/deploy"),
             "serviceRole": format!("arn:aws:iam::{A}:role/BuildRole"), "tags": [{"key": "env", "value": "prod"}]}],
            "projectsNotFound": []}).to_string()),
        (format!("compute/{A}/eu-west-1/glue-get-jobs.json"), json!({"Jobs": [{"Name": "etl", "Role": "GlueRole"}]}).to_string()),
        (format!("compute/{A}/eu-west-1/sagemaker/research.json"), json!({
            "NotebookInstanceArn": format!("arn:aws:sagemaker:eu-west-1:{A}:notebook-instance/research"),
            "NotebookInstanceName": "research", "RoleArn": format!("arn:aws:iam::{A}:role/NotebookRole")}).to_string()),
        (format!("compute/{A}/eu-west-1/apprunner/web.json"), json!({"Service": {
            "ServiceArn": format!("arn:aws:apprunner:eu-west-1:{A}:service/web/0123"), "ServiceName": "web",
            "InstanceConfiguration": {"Cpu": "1024", "InstanceRoleArn": format!("arn:aws:iam::{A}:role/RunnerRole")}}}).to_string()),
    ]
}

fn import(files: &[(String, String)]) -> super::ImportResult {
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    import_folder(&refs)
}

#[test]
fn compute_is_imported_with_the_role_it_runs_as() {
    let result = import(&files());
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    let compute = result.model["accounts"][A]["compute"]
        .as_array()
        .unwrap()
        .clone();
    let by_arn = |arn: &str| -> Value {
        compute
            .iter()
            .find(|c| c["arn"] == arn)
            .cloned()
            .unwrap_or_else(|| panic!("{arn} missing from {compute:?}"))
    };
    let instance = by_arn(&format!("arn:aws:ec2:eu-west-1:{A}:instance/i-0abc"));
    assert_eq!(instance["type"], "ec2-instance");
    assert_eq!(instance["role"], format!("arn:aws:iam::{A}:role/WebRole"));
    assert_eq!(instance["tags"], json!({"team": "web"}));
    let function = by_arn(&format!("arn:aws:lambda:eu-west-1:{A}:function:ingest"));
    assert_eq!(
        function["role"],
        format!("arn:aws:iam::{A}:role/service-role/FnRole")
    );
    assert_eq!(
        by_arn(&format!("arn:aws:codebuild:eu-west-1:{A}:project/deploy"))["tags"],
        json!({"env": "prod"})
    );
    // Glue gives a role's name: the role of the job's account.
    assert_eq!(
        by_arn(&format!("arn:aws:glue:eu-west-1:{A}:job/etl"))["role"],
        format!("arn:aws:iam::{A}:role/GlueRole")
    );
    by_arn(&format!(
        "arn:aws:sagemaker:eu-west-1:{A}:notebook-instance/research"
    ));
    by_arn(&format!("arn:aws:apprunner:eu-west-1:{A}:service/web/0123"));
    by_arn(&format!(
        "arn:aws:cloudformation:eu-west-1:{A}:stack/infra/1b2c"
    ));
    assert_eq!(compute.len(), 7);
    // Compute without a role of its own is listed as skipped.
    let skipped: Vec<&str> = result.skipped.iter().map(|s| s.what.as_str()).collect();
    assert!(
        skipped
            .contains(&format!("compute arn:aws:ec2:eu-west-1:{A}:instance/i-0noprofile").as_str()),
        "{skipped:?}"
    );
    assert!(
        skipped.contains(
            &format!("compute arn:aws:cloudformation:eu-west-1:{A}:stack/norole/3d4e").as_str()
        ),
        "{skipped:?}"
    );
    // The model loads: roles the model does not define are kept (no technique lands on them).
    let model = crate::model::load_model(&result.model.to_string()).unwrap();
    assert_eq!(model.iam.compute.len(), 7);
    // A loader error about an entry is located in its source file.
    assert_eq!(
        result
            .source_of("/accounts/111111111111/compute/0")
            .map(|(f, _)| f.to_owned()),
        Some(format!("compute/{A}/eu-west-1/apprunner/web.json"))
    );
}

#[test]
fn malformed_outputs_are_errors_located_in_their_file() {
    let errors = |file: &str, text: Value| -> Vec<(String, &'static str, String)> {
        import(&[(file.to_owned(), text.to_string())])
            .errors
            .into_iter()
            .map(|e| (e.file, e.diagnostic.code, e.diagnostic.path))
            .collect()
    };
    let lambda = format!("compute/{A}/eu-west-1/lambda-list-functions.json");
    assert_eq!(
        errors(&lambda, json!({"Functions": {}})),
        [(lambda.clone(), "import-wrong-type", "/Functions".to_owned())]
    );
    assert_eq!(
        errors(&lambda, json!({"Functions": [{"FunctionName": "f"}]})),
        [(
            lambda.clone(),
            "import-missing-field",
            "/Functions/0".to_owned()
        )]
    );
    assert_eq!(
        errors(
            &lambda,
            json!({"Functions": [{"FunctionName": 3, "Role": "arn:aws:iam::111111111111:role/R"}]})
        ),
        [(
            lambda.clone(),
            "import-wrong-type",
            "/Functions/0/FunctionName".to_owned()
        )]
    );
    assert_eq!(
        errors(
            &lambda,
            json!({"Functions": [{"FunctionArn": "arn:aws:lambda:eu-west-1:222222222222:function:f", "Role": "arn:aws:iam::222222222222:role/R"}]})
        ),
        [(
            lambda.clone(),
            "import-mixed-accounts",
            "/Functions/0".to_owned()
        )]
    );
    assert_eq!(
        errors(
            &lambda,
            json!({"Functions": [{"FunctionArn": "arn:aws:lambda:us-east-1:111111111111:function:f", "Role": "arn:aws:iam::111111111111:role/R"}]})
        ),
        [(
            lambda.clone(),
            "import-wrong-region",
            "/Functions/0".to_owned()
        )]
    );
    assert_eq!(
        errors(
            &lambda,
            json!({"Functions": [{"FunctionName": "f", "Role": "arn:aws:iam::222222222222:role/R"}]})
        ),
        [(
            lambda.clone(),
            "import-mixed-accounts",
            "/Functions/0".to_owned()
        )]
    );
    assert_eq!(
        errors(&lambda, json!({"Funktions": []})),
        [(lambda.clone(), "import-missing-field", "".to_owned())]
    );
    let ec2 = format!("compute/{A}/eu-west-1/ec2-describe-instances.json");
    assert_eq!(
        errors(
            &ec2,
            json!({"Reservations": [{"Instances": [{"InstanceId": "i-1", "IamInstanceProfile": "web"}]}]})
        ),
        [(
            ec2.clone(),
            "import-wrong-type",
            "/Reservations/0/Instances/0/IamInstanceProfile".to_owned()
        )]
    );
    let apprunner = format!("compute/{A}/eu-west-1/apprunner/web.json");
    assert_eq!(
        errors(&apprunner, json!({"Service": []})),
        [(
            apprunner.clone(),
            "import-wrong-type",
            "/Service".to_owned()
        )]
    );
    // Files outside the layout are skipped, never read as something else.
    let result = import(&[(
        format!("compute/{A}/eu-west-1/ecs-list-services.json"),
        "{}".to_owned(),
    )]);
    assert!(result.errors.is_empty());
    assert_eq!(result.skipped.len(), 1);
}

/// `PolicyVersionList`'s non-default versions become `otherVersions` (for
/// `iam-set-default-policy-version`), and a loader error in one is located in its source file.
#[test]
fn non_default_policy_versions_are_imported() {
    let version = |id: &str, default: bool, action: &str| {
        json!({"Document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action, "Resource": "*"}]},
               "VersionId": id, "IsDefaultVersion": default})
    };
    let details = json!({"UserDetailList": [], "GroupDetailList": [], "RoleDetailList": [],
        "Policies": [{"PolicyName": "Dev", "PolicyId": "ANPADEV", "Arn": format!("arn:aws:iam::{A}:policy/Dev"),
            "Path": "/", "DefaultVersionId": "v2", "AttachmentCount": 0, "IsAttachable": true,
            "PolicyVersionList": [version("v2", true, "s3:GetObject"), version("v1", false, "*")]}]});
    let result = import(&[(format!("iam/{A}.json"), details.to_string())]);
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    let policy = &result.model["accounts"][A]["policies"][0];
    assert_eq!(policy["document"]["Statement"][0]["Action"], "s3:GetObject");
    assert_eq!(policy["otherVersions"][0]["versionId"], "v1");
    assert_eq!(
        policy["otherVersions"][0]["document"]["Statement"][0]["Action"],
        "*"
    );
    assert_eq!(
        result.source_of("/accounts/111111111111/policies/0/otherVersions/0/document/Statement/0"),
        Some((
            format!("iam/{A}.json").as_str(),
            "/Policies/0/PolicyVersionList/1/Document/Statement/0".to_owned()
        ))
    );
    let model = crate::model::load_model(&result.model.to_string()).unwrap();
    assert_eq!(model.iam.versions.len(), 1);
}
