# Writes the import fixtures in the shapes the AWS CLI prints (authored by hand; python only
# for percent-encoding and stable indentation).
import json, os, urllib.parse
R = os.path.dirname(os.path.abspath(__file__))
def w(path, obj):
    p = os.path.join(R, path); os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "w") as f: f.write(json.dumps(obj, indent=4) + "\n")
def enc(doc): return urllib.parse.quote(json.dumps(doc, separators=(",", ":")), safe="")
def s(doc): return json.dumps(doc, separators=(",", ":"))
V = "2012-10-17"
A = "111122223333"; B = "444455556666"; M = "111111111111"

deploy_v3 = {"Version": V, "Statement": [{"Sid": "Deploy", "Effect": "Allow", "Action": ["s3:PutObject", "s3:GetObject"], "Resource": "arn:aws:s3:::example-artifacts/*"}]}
deploy_v2 = {"Version": V, "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
boundary = {"Version": V, "Statement": [{"Effect": "Allow", "Action": ["s3:*", "sqs:*", "iam:Get*", "iam:List*"], "Resource": "*"}]}
w("iam/111122223333.json", {
  "UserDetailList": [
    {"Path": "/", "UserName": "alice", "UserId": "AIDAEXAMPLEALICE00001", "Arn": f"arn:aws:iam::{A}:user/alice",
     "CreateDate": "2024-03-01T10:00:00+00:00", "GroupList": ["Developers"],
     "UserPolicyList": [{"PolicyName": "ReadQueues", "PolicyDocument": {"Version": V, "Statement": [{"Effect": "Allow", "Action": "sqs:ReceiveMessage", "Resource": f"arn:aws:sqs:eu-west-1:{A}:orders"}]}}],
     "AttachedManagedPolicies": [{"PolicyName": "IAMReadOnlyAccess", "PolicyArn": "arn:aws:iam::aws:policy/IAMReadOnlyAccess"}],
     "PermissionsBoundary": {"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": f"arn:aws:iam::{A}:policy/boundaries/DeveloperBoundary"},
     "Tags": [{"Key": "team", "Value": "payments"}, {"Key": "cost-center", "Value": "1234"}]},
    {"Path": "/contractors/", "UserName": "bob", "UserId": "AIDAEXAMPLEBOB0000002", "Arn": f"arn:aws:iam::{A}:user/contractors/bob",
     "CreateDate": "2024-05-01T10:00:00+00:00", "GroupList": [], "UserPolicyList": [],
     "AttachedManagedPolicies": [{"PolicyName": "ViewOnlyAccess", "PolicyArn": "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"}], "Tags": []}],
  "GroupDetailList": [
    {"Path": "/", "GroupName": "Developers", "GroupId": "AGPAEXAMPLEDEVELOPERS", "Arn": f"arn:aws:iam::{A}:group/Developers",
     "CreateDate": "2024-01-01T10:00:00+00:00",
     "GroupPolicyList": [{"PolicyName": "ListBuckets", "PolicyDocument": {"Version": V, "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}}],
     "AttachedManagedPolicies": [{"PolicyName": "DeployApp", "PolicyArn": f"arn:aws:iam::{A}:policy/DeployApp"}]}],
  "RoleDetailList": [
    {"Path": "/service/", "RoleName": "Deployer", "RoleId": "AROAEXAMPLEDEPLOYER01", "Arn": f"arn:aws:iam::{A}:role/service/Deployer",
     "CreateDate": "2024-02-01T10:00:00+00:00",
     "AssumeRolePolicyDocument": {"Version": V, "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{B}:role/CI"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "deploy-7f3a"}}}]},
     "InstanceProfileList": [],
     "RolePolicyList": [{"PolicyName": "PassOwnRole", "PolicyDocument": {"Version": V, "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": f"arn:aws:iam::{A}:role/service/Deployer"}]}}],
     "AttachedManagedPolicies": [{"PolicyName": "DeployApp", "PolicyArn": f"arn:aws:iam::{A}:policy/DeployApp"}],
     "Tags": [{"Key": "owner", "Value": "platform"}],
     "RoleLastUsed": {"LastUsedDate": "2026-11-20T08:15:00+00:00", "Region": "eu-west-1"},
     "MaxSessionDuration": 7200},
    {"Path": "/", "RoleName": "WebServer", "RoleId": "AROAEXAMPLEWEBSERVER1", "Arn": f"arn:aws:iam::{A}:role/WebServer",
     "CreateDate": "2024-02-02T10:00:00+00:00",
     "AssumeRolePolicyDocument": {"Version": V, "Statement": [{"Sid": "", "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
     "InstanceProfileList": [{"Path": "/", "InstanceProfileName": "WebServer", "InstanceProfileId": "AIPAEXAMPLEWEBSERVER1", "Arn": f"arn:aws:iam::{A}:instance-profile/WebServer", "CreateDate": "2024-02-02T10:00:00+00:00", "Roles": [{"Path": "/", "RoleName": "WebServer", "RoleId": "AROAEXAMPLEWEBSERVER1", "Arn": f"arn:aws:iam::{A}:role/WebServer", "CreateDate": "2024-02-02T10:00:00+00:00", "AssumeRolePolicyDocument": {"Version": V, "Statement": [{"Sid": "", "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}}]}],
     "RolePolicyList": [],
     "AttachedManagedPolicies": [{"PolicyName": "AmazonS3ReadOnlyAccess", "PolicyArn": "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"}],
     "Tags": [], "RoleLastUsed": {}}],
  "Policies": [
    {"PolicyName": "DeployApp", "PolicyId": "ANPAEXAMPLEDEPLOYAPP1", "Arn": f"arn:aws:iam::{A}:policy/DeployApp", "Path": "/",
     "DefaultVersionId": "v3", "AttachmentCount": 2, "PermissionsBoundaryUsageCount": 0, "IsAttachable": True,
     "CreateDate": "2024-01-01T10:00:00+00:00", "UpdateDate": "2024-06-01T10:00:00+00:00",
     "PolicyVersionList": [
       {"Document": deploy_v2, "VersionId": "v2", "IsDefaultVersion": False, "CreateDate": "2024-03-01T10:00:00+00:00"},
       {"Document": deploy_v3, "VersionId": "v3", "IsDefaultVersion": True, "CreateDate": "2024-06-01T10:00:00+00:00"}]},
    {"PolicyName": "DeveloperBoundary", "PolicyId": "ANPAEXAMPLEBOUNDARY01", "Arn": f"arn:aws:iam::{A}:policy/boundaries/DeveloperBoundary", "Path": "/boundaries/",
     "DefaultVersionId": "v1", "AttachmentCount": 0, "PermissionsBoundaryUsageCount": 1, "IsAttachable": True,
     "CreateDate": "2024-01-01T10:00:00+00:00", "UpdateDate": "2024-01-01T10:00:00+00:00",
     "PolicyVersionList": [{"Document": boundary, "VersionId": "v1", "IsDefaultVersion": True, "CreateDate": "2024-01-01T10:00:00+00:00"}]},
    {"PolicyName": "IAMReadOnlyAccess", "PolicyId": "ANPAEXAMPLEIAMREADONLY", "Arn": "arn:aws:iam::aws:policy/IAMReadOnlyAccess", "Path": "/",
     "DefaultVersionId": "v4", "AttachmentCount": 1, "PermissionsBoundaryUsageCount": 0, "IsAttachable": True,
     "CreateDate": "2015-02-06T18:40:44+00:00", "UpdateDate": "2018-01-25T19:11:27+00:00",
     "PolicyVersionList": [{"Document": {"Version": V, "Statement": [{"Effect": "Allow", "Action": ["iam:GenerateCredentialReport", "iam:Get*", "iam:List*"], "Resource": "*"}]}, "VersionId": "v4", "IsDefaultVersion": True, "CreateDate": "2018-01-25T19:11:27+00:00"}]}]})

# The raw API / --output json of older CLIs: URL-encoded documents (RFC 3986).
ci_inline = {"Version": V, "Statement": [{"Sid": "AssumeDeployer", "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": f"arn:aws:iam::{A}:role/service/Deployer"}]}
reader = {"Version": V, "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-artifacts/build output/*"}]}
w("iam/444455556666.json", {
  "UserDetailList": [], "GroupDetailList": [],
  "RoleDetailList": [
    {"Path": "/", "RoleName": "CI", "RoleId": "AROAEXAMPLECIROLE0001", "Arn": f"arn:aws:iam::{B}:role/CI", "CreateDate": "2024-02-01T10:00:00Z",
     "AssumeRolePolicyDocument": enc({"Version": V, "Statement": [{"Effect": "Allow", "Principal": {"Federated": f"arn:aws:iam::{B}:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:example/app:ref:refs/heads/main"}}}]}),
     "InstanceProfileList": [],
     "RolePolicyList": [{"PolicyName": "AssumeDeployer", "PolicyDocument": enc(ci_inline)}],
     "AttachedManagedPolicies": [{"PolicyName": "ArtifactReader", "PolicyArn": f"arn:aws:iam::{B}:policy/ArtifactReader"}],
     "Tags": [], "RoleLastUsed": {}}],
  "Policies": [
    {"PolicyName": "ArtifactReader", "PolicyId": "ANPAEXAMPLEARTIFACTS1", "Arn": f"arn:aws:iam::{B}:policy/ArtifactReader", "Path": "/",
     "DefaultVersionId": "v1", "AttachmentCount": 1, "PermissionsBoundaryUsageCount": 0, "IsAttachable": True,
     "CreateDate": "2024-01-01T10:00:00Z", "UpdateDate": "2024-01-01T10:00:00Z",
     "PolicyVersionList": [{"Document": enc(reader), "VersionId": "v1", "IsDefaultVersion": True, "CreateDate": "2024-01-01T10:00:00Z"}]}]})

# Organizations.
ORG = "o-a1b2c3d4e5"; ROOT = "r-a1b2"; PROD = "ou-a1b2-prod1111"; SBOX = "ou-a1b2-sbox2222"
oa = lambda kind, rest: f"arn:aws:organizations::{M}:{kind}/{ORG}/{rest}"
w("org/describe-organization.json", {"Organization": {"Id": ORG, "Arn": f"arn:aws:organizations::{M}:organization/{ORG}", "FeatureSet": "ALL", "MasterAccountArn": oa("account", M), "MasterAccountId": M, "MasterAccountEmail": "aws-management@example.com", "AvailablePolicyTypes": [{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}]}})
w("org/roots.json", {"Roots": [{"Id": ROOT, "Arn": oa("root", ROOT), "Name": "Root", "PolicyTypes": [{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}, {"Type": "RESOURCE_CONTROL_POLICY", "Status": "ENABLED"}, {"Type": "TAG_POLICY", "Status": "ENABLED"}]}]})
w(f"org/ous/{ROOT}.json", {"OrganizationalUnits": [{"Id": PROD, "Arn": oa("ou", PROD), "Name": "Production"}, {"Id": SBOX, "Arn": oa("ou", SBOX), "Name": "Sandbox"}]})
w(f"org/ous/{PROD}.json", {"OrganizationalUnits": []})
w(f"org/ous/{SBOX}.json", {"OrganizationalUnits": []})
acct = lambda i, name, email: {"Id": i, "Arn": oa("account", i), "Email": email, "Name": name, "Status": "ACTIVE", "JoinedMethod": "CREATED", "JoinedTimestamp": "2024-01-01T10:00:00.000000+00:00"}
w(f"org/accounts/{ROOT}.json", {"Accounts": [dict(acct(M, "management", "aws-management@example.com"), JoinedMethod="INVITED")]})
w(f"org/accounts/{PROD}.json", {"Accounts": [acct(A, "prod", "aws-prod@example.com")]})
w(f"org/accounts/{SBOX}.json", {"Accounts": [acct(B, "ci", "aws-ci@example.com")]})
full = {"Version": V, "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
deny_leave = {"Version": V, "Statement": [{"Sid": "DenyLeaveOrg", "Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}]}
rcp = {"Version": V, "Statement": [{"Sid": "EnforceTLS", "Effect": "Deny", "Principal": "*", "Action": ["s3:*", "sqs:*"], "Resource": "*", "Condition": {"BoolIfExists": {"aws:SecureTransport": "false"}}}]}
tag = {"tags": {"costcenter": {"tag_key": {"@@assign": "CostCenter"}}}}
def pol(pid, name, desc, typ, managed, content):
    return {"Policy": {"PolicySummary": {"Id": pid, "Arn": f"arn:aws:organizations::{'aws' if managed else M}:policy/{'' if managed else ORG + '/'}{typ.lower()}/{pid}", "Name": name, "Description": desc, "Type": typ, "AwsManaged": managed}, "Content": s(content)}}
w("org/policies/p-FullAWSAccess.json", pol("p-FullAWSAccess", "FullAWSAccess", "Allows access to every operation", "SERVICE_CONTROL_POLICY", True, full))
w("org/policies/p-RCPFullAWSAccess.json", pol("p-RCPFullAWSAccess", "RCPFullAWSAccess", "Allows access to every operation", "RESOURCE_CONTROL_POLICY", True, {"Version": V, "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}))
w("org/policies/p-examplescp1.json", pol("p-examplescp1", "DenyLeaveOrg", "Accounts stay in the organization", "SERVICE_CONTROL_POLICY", False, deny_leave))
w("org/policies/p-examplercp1.json", pol("p-examplercp1", "EnforceTLS", "", "RESOURCE_CONTROL_POLICY", False, rcp))
w("org/policies/p-exampletag1.json", pol("p-exampletag1", "CostCenterTags", "", "TAG_POLICY", False, tag))
tgt = lambda i, name, typ, arn: {"TargetId": i, "Arn": arn, "Name": name, "Type": typ}
w("org/targets/p-FullAWSAccess.json", {"Targets": [tgt(ROOT, "Root", "ROOT", oa("root", ROOT)), tgt(PROD, "Production", "ORGANIZATIONAL_UNIT", oa("ou", PROD)), tgt(SBOX, "Sandbox", "ORGANIZATIONAL_UNIT", oa("ou", SBOX)), tgt(M, "management", "ACCOUNT", oa("account", M)), tgt(A, "prod", "ACCOUNT", oa("account", A)), tgt(B, "ci", "ACCOUNT", oa("account", B))]})
w("org/targets/p-RCPFullAWSAccess.json", {"Targets": [tgt(ROOT, "Root", "ROOT", oa("root", ROOT)), tgt(PROD, "Production", "ORGANIZATIONAL_UNIT", oa("ou", PROD))]})
w("org/targets/p-examplescp1.json", {"Targets": [tgt(PROD, "Production", "ORGANIZATIONAL_UNIT", oa("ou", PROD))]})
w("org/targets/p-examplercp1.json", {"Targets": [tgt(B, "ci", "ACCOUNT", oa("account", B))]})
w("org/targets/p-exampletag1.json", {"Targets": [tgt(ROOT, "Root", "ROOT", oa("root", ROOT))]})
summ = lambda pid, name, typ, managed: pol(pid, name, "", typ, managed, {})["Policy"]["PolicySummary"]
w("org/list-policies/SERVICE_CONTROL_POLICY.json", {"Policies": [summ("p-FullAWSAccess", "FullAWSAccess", "SERVICE_CONTROL_POLICY", True), summ("p-examplescp1", "DenyLeaveOrg", "SERVICE_CONTROL_POLICY", False)]})

# Resource policies (each output as its command prints it).
RA = f"resources/{A}"
w(f"{RA}/s3/example-artifacts.json", {"Policy": s({"Version": V, "Statement": [{"Sid": "CIRead", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{B}:role/CI"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-artifacts/*"}]})})
KEY = "1234abcd-12ab-34cd-56ef-1234567890ab"
w(f"{RA}/kms/eu-west-1/{KEY}.json", {"Policy": json.dumps({"Version": V, "Id": "key-default-1", "Statement": [{"Sid": "Enable IAM User Permissions", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{A}:root"}, "Action": "kms:*", "Resource": "*"}]}, indent=4), "PolicyName": "default"})
w(f"{RA}/sqs/eu-west-1/orders.json", {"Attributes": {"Policy": s({"Version": V, "Id": f"arn:aws:sqs:eu-west-1:{A}:orders/SQSDefaultPolicy", "Statement": [{"Sid": "FromTopic", "Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage", "Resource": f"arn:aws:sqs:eu-west-1:{A}:orders", "Condition": {"ArnEquals": {"aws:SourceArn": f"arn:aws:sns:eu-west-1:{A}:alerts"}}}]})}})
w(f"{RA}/sqs/eu-west-1/no-policy.json", {})
w(f"{RA}/sns/eu-west-1/alerts.json", {"Attributes": {"Policy": s({"Version": "2008-10-17", "Id": "__default_policy_ID", "Statement": [{"Sid": "__default_statement_ID", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": ["SNS:GetTopicAttributes", "SNS:Publish"], "Resource": f"arn:aws:sns:eu-west-1:{A}:alerts", "Condition": {"StringEquals": {"AWS:SourceOwner": A}}}]}), "Owner": A, "SubscriptionsPending": "0", "TopicArn": f"arn:aws:sns:eu-west-1:{A}:alerts", "EffectiveDeliveryPolicy": s({"http": {"defaultHealthyRetryPolicy": {"numRetries": 3}}}), "SubscriptionsConfirmed": "1", "DisplayName": "", "SubscriptionsDeleted": "0"}})
w(f"{RA}/lambda/eu-west-1/processor.json", {"Policy": s({"Version": V, "Id": "default", "Statement": [{"Sid": "s3-invoke", "Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}, "Action": "lambda:InvokeFunction", "Resource": f"arn:aws:lambda:eu-west-1:{A}:function:processor", "Condition": {"StringEquals": {"AWS:SourceAccount": A}, "ArnLike": {"AWS:SourceArn": "arn:aws:s3:::example-artifacts"}}}]}), "RevisionId": "4843f2f6-7c59-4fda-b484-afd0bc0e22b8"})
w(f"{RA}/secretsmanager/eu-west-1/prod/db-password.json", {"ARN": f"arn:aws:secretsmanager:eu-west-1:{A}:secret:prod/db-password-a1B2c3", "Name": "prod/db-password", "ResourcePolicy": json.dumps({"Version": V, "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{A}:role/service/Deployer"}, "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}, indent=2)})
w(f"{RA}/ecr/eu-west-1/team/app.json", {"registryId": A, "repositoryName": "team/app", "policyText": json.dumps({"Version": V, "Statement": [{"Sid": "CIPull", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{B}:root"}, "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}]}, indent=2)})
