# Writes tests/import/terraform/plan.json in the shape of `terraform show -json plan.out`
# (format 1.2, AWS provider 5.x attribute names); authored by hand.
import json, os
R = os.path.join(os.path.dirname(os.path.abspath(__file__)), "terraform")
os.makedirs(R, exist_ok=True)
A = "111122223333"; V = "2012-10-17"
s = lambda d: json.dumps(d, separators=(",", ":"))
P = "registry.terraform.io/hashicorp/aws"
trust = s({"Version": V, "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{A}:root"}, "Action": "sts:AssumeRole"}]})
deploy = s({"Version": V, "Statement": [{"Effect": "Allow", "Action": ["s3:PutObject"], "Resource": "arn:aws:s3:::example-artifacts/*"}]})
legacy = s({"Version": V, "Statement": [{"Effect": "Allow", "Action": ["sqs:SendMessage"], "Resource": "*"}]})
legacy_values = {"arn": f"arn:aws:iam::{A}:policy/legacy", "attachment_count": 0, "description": "Older policy", "id": f"arn:aws:iam::{A}:policy/legacy", "name": "legacy", "name_prefix": "", "path": "/", "policy": legacy, "policy_id": "ANPAEXAMPLELEGACY0001", "tags": {}, "tags_all": {}}
res = {}
def r(address, typ, name, values, unknown=None, actions=("create",), module=None, prior=None):
    res[address] = dict(address=address, type=typ, name=name, values=values, unknown=unknown or {}, actions=list(actions), module=module, prior=prior)
r("aws_iam_role.deployer", "aws_iam_role", "deployer", {
    "assume_role_policy": trust, "description": "Deploys the app", "force_detach_policies": False,
    "inline_policy": [{"name": "pass", "policy": s({"Version": V, "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": f"arn:aws:iam::{A}:role/service/deployer"}]})}],
    "managed_policy_arns": ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"], "max_session_duration": 7200, "name": "deployer",
    "path": "/service/", "permissions_boundary": None, "tags": {"owner": "platform"}, "tags_all": {"managed-by": "terraform", "owner": "platform"}},
  {"arn": True, "create_date": True, "id": True, "inline_policy": [{}], "managed_policy_arns": [False], "name_prefix": True, "tags": {}, "tags_all": {}, "unique_id": True})
r("aws_iam_role.dynamic", "aws_iam_role", "dynamic", {"description": None, "force_detach_policies": False, "max_session_duration": 3600, "name": "dynamic", "path": "/", "permissions_boundary": None, "tags": None},
  {"arn": True, "assume_role_policy": True, "create_date": True, "id": True, "inline_policy": True, "managed_policy_arns": True, "name_prefix": True, "tags_all": True, "unique_id": True})
r("aws_iam_policy.deploy", "aws_iam_policy", "deploy", {"description": "Deploy artifacts", "name": "deploy-app", "path": "/", "policy": deploy, "tags": None},
  {"arn": True, "attachment_count": True, "id": True, "name_prefix": True, "policy_id": True, "tags_all": True})
r("aws_iam_policy.legacy", "aws_iam_policy", "legacy", legacy_values, {}, ("no-op",), prior=legacy_values)
r("aws_iam_role_policy_attachment.deploy", "aws_iam_role_policy_attachment", "deploy", {"role": "deployer"}, {"id": True, "policy_arn": True})
r("aws_iam_role_policy_attachment.legacy", "aws_iam_role_policy_attachment", "legacy", {"policy_arn": f"arn:aws:iam::{A}:policy/legacy", "role": "deployer"}, {"id": True})
r("aws_iam_role_policy_attachment.shared", "aws_iam_role_policy_attachment", "shared", {"role": "deployer"}, {"id": True, "policy_arn": True})
r("aws_iam_group.devs", "aws_iam_group", "devs", {"name": "devs", "path": "/"}, {"arn": True, "id": True, "unique_id": True})
r("aws_iam_group_membership.devs", "aws_iam_group_membership", "devs", {"group": "devs", "name": "devs-membership", "users": ["ci-bot"]}, {"id": True, "users": [False]})
r("module.ci.aws_iam_user.this", "aws_iam_user", "this", {"force_destroy": False, "name": "ci-bot", "path": "/", "permissions_boundary": None, "tags": {"team": "ci"}, "tags_all": {"managed-by": "terraform", "team": "ci"}}, {"arn": True, "id": True, "tags": {}, "tags_all": {}, "unique_id": True}, module="module.ci")
r("module.ci.aws_iam_user_policy.this", "aws_iam_user_policy", "this", {"name": "assume", "name_prefix": None, "policy": s({"Version": V, "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": f"arn:aws:iam::{A}:role/service/deployer"}]}), "user": "ci-bot"}, {"id": True}, module="module.ci")
r("aws_s3_bucket_policy.artifacts", "aws_s3_bucket_policy", "artifacts", {"bucket": "example-artifacts", "policy": s({"Version": V, "Statement": [{"Sid": "DeployerWrite", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{A}:role/service/deployer"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::example-artifacts/*"}]})}, {"id": True})
r("aws_kms_key.main", "aws_kms_key", "main", {"bypass_policy_lockout_safety_check": False, "customer_master_key_spec": "SYMMETRIC_DEFAULT", "description": "app data", "enable_key_rotation": True, "is_enabled": True, "key_usage": "ENCRYPT_DECRYPT", "policy": s({"Version": V, "Statement": [{"Sid": "Root", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{A}:root"}, "Action": "kms:*", "Resource": "*"}]}), "tags": None},
  {"arn": True, "id": True, "key_id": True, "multi_region": True, "tags_all": True})
r("aws_organizations_policy.deny_leave", "aws_organizations_policy", "deny_leave", {"content": s({"Version": V, "Statement": [{"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}]}), "description": None, "name": "DenyLeaveOrg", "skip_destroy": None, "tags": None, "type": "SERVICE_CONTROL_POLICY"}, {"arn": True, "id": True, "tags_all": True})

def inst(x, values):
    return {"address": x["address"], "mode": "managed", "type": x["type"], "name": x["name"], "provider_name": P, "schema_version": 0, "values": values, "sensitive_values": {}}
root, child, prior_root = [], [], []
for x in res.values():
    (child if x["module"] else root).append(inst(x, x["values"]))
    if x["prior"]:
        prior_root.append(inst(x, x["prior"]))
caller = {"address": "data.aws_caller_identity.current", "mode": "data", "type": "aws_caller_identity", "name": "current", "provider_name": P, "schema_version": 0,
          "values": {"account_id": A, "arn": f"arn:aws:iam::{A}:user/terraform", "id": A, "user_id": "AIDAEXAMPLETERRAFORM1"}, "sensitive_values": {}}
prior_root.append(caller)
changes = []
for x in res.values():
    c = {"address": x["address"], "mode": "managed", "type": x["type"], "name": x["name"], "provider_name": P,
         "change": {"actions": x["actions"], "before": x["prior"], "after": x["values"], "after_unknown": x["unknown"], "before_sensitive": {} if x["prior"] else False, "after_sensitive": {}}}
    if x["module"]:
        c["module_address"] = x["module"]
    changes.append(c)
plan = {
  "format_version": "1.2", "terraform_version": "1.9.8",
  "planned_values": {"root_module": {"resources": root, "child_modules": [{"resources": child, "address": "module.ci"}]}},
  "resource_changes": changes,
  "prior_state": {"format_version": "1.0", "terraform_version": "1.9.8", "values": {"root_module": {"resources": prior_root}}},
  "configuration": {"provider_config": {"aws": {"name": "aws", "full_name": P, "expressions": {"region": {"constant_value": "eu-west-1"}}}}, "root_module": {
    "resources": [
      {"address": "aws_iam_policy.deploy", "mode": "managed", "type": "aws_iam_policy", "name": "deploy", "provider_config_key": "aws",
       "expressions": {"description": {"constant_value": "Deploy artifacts"}, "name": {"constant_value": "deploy-app"}, "policy": {"references": ["data.aws_iam_policy_document.deploy.json", "data.aws_iam_policy_document.deploy"]}}, "schema_version": 0},
      {"address": "aws_iam_role_policy_attachment.deploy", "mode": "managed", "type": "aws_iam_role_policy_attachment", "name": "deploy", "provider_config_key": "aws",
       "expressions": {"policy_arn": {"references": ["aws_iam_policy.deploy.arn", "aws_iam_policy.deploy"]}, "role": {"references": ["aws_iam_role.deployer.name", "aws_iam_role.deployer"]}}, "schema_version": 0},
      {"address": "aws_iam_role_policy_attachment.shared", "mode": "managed", "type": "aws_iam_role_policy_attachment", "name": "shared", "provider_config_key": "aws",
       "expressions": {"policy_arn": {"references": ["module.policies.shared_arn", "module.policies"]}, "role": {"references": ["aws_iam_role.deployer.name", "aws_iam_role.deployer"]}}, "schema_version": 0}],
    "module_calls": {"ci": {"source": "./modules/ci", "module": {"resources": [
      {"address": "aws_iam_user_policy.this", "mode": "managed", "type": "aws_iam_user_policy", "name": "this", "provider_config_key": "aws",
       "expressions": {"name": {"constant_value": "assume"}, "user": {"references": ["aws_iam_user.this.name", "aws_iam_user.this"]}}, "schema_version": 0}]}}}}},
  "timestamp": "2026-11-28T12:00:00Z", "applyable": True, "complete": True, "errored": False}
open(os.path.join(R, "plan.json"), "w").write(json.dumps(plan, indent=2) + "\n")
