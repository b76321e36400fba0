#!/usr/bin/env python3
"""Writes the core part of the scenario corpus (tests/scenarios/<topic>/<id>.json) from compact
tables. Each expectation is AWS's documented behaviour (../shared/reference/iam-evaluation.md,
section named in `why`), written by hand — never produced by running iamsim.

    python3 tests/scenarios/build_core.py     # rewrites the files it owns (prefix "c-")
"""
import json, os, shutil

ROOT = os.path.dirname(os.path.abspath(__file__))
V = "2012-10-17"
A, B, C, X = "111111111111", "222222222222", "333333333333", "777777777777"


def pol(*statements, version=V):
    d = {"Statement": list(statements)}
    if version:
        d = {"Version": version, **d}
    return d


def allow(action, resource="*", **extra):
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def deny(action, resource="*", **extra):
    return {"Effect": "Deny", "Action": action, "Resource": resource, **extra}


def rp(principal, effect, action, resource="*", **extra):
    return {"Effect": effect, "Principal": principal, "Action": action, "Resource": resource, **extra}


FULL = pol({"Sid": "FullAWSAccess", "Effect": "Allow", "Action": "*", "Resource": "*"})
USER = f"arn:aws:iam::{A}:user/alice"
SESSION = f"arn:aws:sts::{A}:assumed-role/Dev/s1"
ROLE = f"arn:aws:iam::{A}:role/Dev"
BUCKET_OBJ = "arn:aws:s3:::data/report.csv"

CASES = []


def case(topic, id, expect, why, principal=USER, action="s3:GetObject", resource=BUCKET_OBJ, owner=A,
         context=None, identity=None, rbp=None, boundary=None, session=None, scps=None, rcps=None, **x):
    c = {"id": f"c-{id}", "principal": principal, "action": action, "resource": resource,
         "resourceAccount": owner, "context": context or {}, "identityPolicies": identity or [],
         "resourcePolicy": rbp, "permissionBoundary": boundary, "sessionPolicy": session,
         "scps": scps or [], "rcps": rcps or [], "expect": expect, "why": why}
    for k, v in x.items():
        c["x-" + k.replace("_", "-")] = v
    CASES.append((topic, c))


S3R = [pol(allow("s3:GetObject", "arn:aws:s3:::data/*"))]

# ---- the flow: explicit deny from each policy type ----------------------------------------
case("flow", "identity-allow", "Allowed", "ref 4.2/5c: an identity policy allows, nothing else applies", identity=S3R)
case("flow", "no-policy-implicit-deny", "ImplicitDeny", "ref 4.2/5e: nothing allows: implicit deny")
case("flow", "identity-deny-wins", "ExplicitDeny", "ref 4.2/1: a Deny in an identity policy wins over its Allow",
     identity=[pol(allow("s3:*"), deny("s3:GetObject"))])
case("flow", "identity-deny-other-policy", "ExplicitDeny", "ref 4.2/1: a Deny in another identity policy wins",
     identity=S3R + [pol(deny("s3:*", "arn:aws:s3:::data/*"))])
case("flow", "resource-deny-wins", "ExplicitDeny", "ref 4.2/1: a resource-policy Deny naming * wins over an identity Allow",
     identity=S3R, rbp=pol(rp("*", "Deny", "s3:GetObject", "arn:aws:s3:::data/*")))
case("flow", "boundary-deny-wins", "ExplicitDeny", "ref 4.2/1: a Deny in the permissions boundary wins",
     identity=S3R, boundary=pol(allow("*"), deny("s3:GetObject")))
case("flow", "session-deny-wins", "ExplicitDeny", "ref 4.2/1: a Deny in the session policy wins",
     principal=SESSION, identity=S3R, session=pol(allow("*"), deny("s3:*")))
case("flow", "scp-deny-root-level", "ExplicitDeny", "ref 4.2/1: a Deny in an SCP at the root wins",
     identity=S3R, scps=[[FULL, pol(deny("s3:*"))], [FULL]])
case("flow", "scp-deny-ou-level", "ExplicitDeny", "ref 4.2/1: a Deny in an SCP at an OU wins",
     identity=S3R, scps=[[FULL], [FULL, pol(deny("s3:GetObject"))], [FULL]])
case("flow", "scp-deny-account-level", "ExplicitDeny", "ref 4.2/1: a Deny in an SCP on the account wins",
     identity=S3R, scps=[[FULL], [FULL], [FULL, pol(deny("*"))]])
case("flow", "rcp-deny-s3", "ExplicitDeny", "ref 4.2/1+2: a Deny in an RCP of the resource's account wins",
     identity=S3R, rcps=[[pol({"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"})]])
case("flow", "rcp-other-service-no-effect", "Allowed", "ref 4.1/4: RCPs do not apply to services that do not support them (ec2)",
     action="ec2:StartInstances", resource=f"arn:aws:ec2:eu-west-1:{A}:instance/i-1",
     identity=[pol(allow("ec2:StartInstances"))],
     rcps=[[pol({"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*"})]])
case("flow", "rcp-full-access-implied", "Allowed", "ref 4.2/2: RCPFullAWSAccess is implied: RCP levels without Allow do not block",
     identity=S3R, rcps=[[], [pol({"Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": "*"})]])
# ---- SCP gate ------------------------------------------------------------------------------
case("scp", "all-levels-allow", "Allowed", "ref 4.2/3: every SCP level allows", identity=S3R, scps=[[FULL], [FULL], [FULL]])
case("scp", "root-level-missing-allow", "ImplicitDeny", "ref 4.2/3: the root level attaches no Allow (FullAWSAccess detached)",
     identity=S3R, scps=[[pol(allow("ec2:*"))], [FULL], [FULL]])
case("scp", "ou-level-missing-allow", "ImplicitDeny", "ref 4.2/3 + 7.23: an Allow only at the account level is not enough",
     identity=S3R, scps=[[FULL], [], [FULL]])
case("scp", "account-level-missing-allow", "ImplicitDeny", "ref 4.2/3: the account level must allow too",
     identity=S3R, scps=[[FULL], [FULL], [pol(allow("ec2:*"))]])
case("scp", "allow-list-covers", "Allowed", "ref 4.2/3: an allow-list SCP naming the service passes",
     identity=S3R, scps=[[FULL], [pol(allow(["s3:*", "ec2:*"]))]])
case("scp", "scp-cannot-grant", "ImplicitDeny", "ref 1.3: an SCP allow grants nothing by itself", scps=[[FULL]])
case("scp", "same-account-rbp-cannot-bypass", "ImplicitDeny", "ref 4.2/3: a resource policy cannot bypass an SCP gate, even in the same account",
     rbp=pol(rp({"AWS": USER}, "Allow", "s3:GetObject", "arn:aws:s3:::data/*")), scps=[[FULL], [pol(allow("ec2:*"))]])
case("scp", "service-linked-role-exempt", "Allowed", "ref 4.1/3 + 7.24: SCPs do not restrict service-linked roles",
     principal=f"arn:aws:sts::{A}:assumed-role/AWSServiceRoleForECS/ecs",
     context={"aws:PrincipalArn": f"arn:aws:iam::{A}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS"},
     action="ec2:DescribeInstances", resource="*", identity=[pol(allow("ec2:Describe*"))], scps=[[FULL, pol(deny("*"))]])
case("scp", "service-principal-exempt", "Allowed", "ref 7.24: SCPs do not restrict service principals",
     principal="cloudtrail.amazonaws.com", action="s3:PutObject", resource="arn:aws:s3:::trail/AWSLogs/x",
     rbp=pol(rp({"Service": "cloudtrail.amazonaws.com"}, "Allow", "s3:PutObject", "arn:aws:s3:::trail/AWSLogs/*")),
     scps=[[pol(deny("*"))]])
case("scp", "region-deny-us-east-1", "ExplicitDeny", "E8: an SCP denies regions outside the allow-list",
     action="ec2:RunInstances", resource=f"arn:aws:ec2:us-east-1:{A}:instance/*", context={"aws:RequestedRegion": "us-east-1"},
     identity=[pol(allow("ec2:*"))],
     scps=[[FULL], [FULL, pol(deny("*", NotAction=None) if False else {"Effect": "Deny", "NotAction": ["iam:*", "sts:*"], "Resource": "*", "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1", "eu-central-1"]}}})]])
case("scp", "region-deny-eu-west-1-passes", "Allowed", "E8: a request in an allowed region is not denied",
     action="ec2:RunInstances", resource=f"arn:aws:ec2:eu-west-1:{A}:instance/*", context={"aws:RequestedRegion": "eu-west-1"},
     identity=[pol(allow("ec2:*"))],
     scps=[[FULL], [FULL, pol({"Effect": "Deny", "NotAction": ["iam:*", "sts:*"], "Resource": "*", "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1", "eu-central-1"]}}})]])
case("scp", "region-deny-iam-exempt", "Allowed", "E8: NotAction exempts IAM from the region deny",
     action="iam:CreateRole", resource=f"arn:aws:iam::{A}:role/x", context={"aws:RequestedRegion": "us-east-1"},
     identity=[pol(allow("iam:*"))],
     scps=[[FULL], [FULL, pol({"Effect": "Deny", "NotAction": ["iam:*", "sts:*"], "Resource": "*", "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1"]}}})]])
case("scp", "no-scp-levels-identity-decides", "Allowed", "docs/scenario.md: `scps: []` means no SCP applies (no organization, or the management account, ref 7.24); the identity policy alone decides. That the loader gives the management account no levels is tested in tests/tests/exemptions.rs",
     identity=S3R, scps=[])
# ---- same account: the RBP table (ref 4.3) -------------------------------------------------
Q = f"arn:aws:sqs:eu-west-1:{A}:jobs"
onlyrecv = pol(allow("sqs:ReceiveMessage"))
case("same-account", "rbp-names-user-grants", "Allowed", "ref 4.3 row 1: an RBP naming the IAM user grants without identity policies",
     action="sqs:SendMessage", resource=Q, rbp=pol(rp({"AWS": USER}, "Allow", "sqs:SendMessage", Q)))
case("same-account", "rbp-names-user-ignores-boundary", "Allowed", "ref 4.3 row 1: a user-ARN grant is not limited by the user's boundary",
     action="sqs:SendMessage", resource=Q, rbp=pol(rp({"AWS": USER}, "Allow", "sqs:SendMessage", Q)), boundary=pol(allow("s3:*")))
case("same-account", "rbp-names-session-grants", "Allowed", "ref 4.3 row 5 / E13: naming the session ARN grants despite the session policy",
     principal=SESSION, action="sqs:SendMessage", resource=Q, session=onlyrecv,
     rbp=pol(rp({"AWS": SESSION}, "Allow", "sqs:SendMessage", Q)), x_peer="the peer caps session-ARN grants by the session policy (its README, departure 1)")
case("same-account", "rbp-names-role-session-policy-caps", "ImplicitDeny", "ref 4.3 row 4 / E13: a role-ARN grant obeys the session policy",
     principal=SESSION, action="sqs:SendMessage", resource=Q, session=onlyrecv, rbp=pol(rp({"AWS": ROLE}, "Allow", "sqs:SendMessage", Q)))
case("same-account", "rbp-names-role-session-policy-allows", "Allowed", "ref 4.3 row 4 / E13: a role-ARN grant within the session policy needs no identity policy",
     principal=SESSION, action="sqs:ReceiveMessage", resource=Q, session=onlyrecv, rbp=pol(rp({"AWS": ROLE}, "Allow", "sqs:ReceiveMessage", Q)))
case("same-account", "rbp-names-role-boundary-caps", "ImplicitDeny", "ref 4.3 row 4 / E7: a role-ARN grant obeys the boundary",
     principal=SESSION, action="sqs:SendMessage", resource=Q, boundary=pol(allow("s3:*")), rbp=pol(rp({"AWS": ROLE}, "Allow", "sqs:SendMessage", Q)))
case("same-account", "rbp-names-session-ignores-boundary", "Allowed", "ref 4.3 row 5 / E7: a session-ARN grant is not limited by the boundary",
     principal=SESSION, action="sqs:SendMessage", resource=Q, boundary=pol(allow("s3:*")), rbp=pol(rp({"AWS": SESSION}, "Allow", "sqs:SendMessage", Q)))
case("same-account", "rbp-names-account-delegates", "ImplicitDeny", "ref 4.3 row 7 / E13: naming only the account delegates to identity policies",
     principal=SESSION, action="sqs:SendMessage", resource=Q, rbp=pol(rp({"AWS": A}, "Allow", "sqs:SendMessage", Q)))
case("same-account", "rbp-names-account-with-identity", "Allowed", "ref 4.3 row 7: account grant plus identity allow",
     principal=SESSION, action="sqs:SendMessage", resource=Q, identity=[pol(allow("sqs:SendMessage", Q))],
     rbp=pol(rp({"AWS": f"arn:aws:iam::{A}:root"}, "Allow", "sqs:SendMessage", Q)))
case("same-account", "rbp-star-grants", "Allowed", "ref 4.3 row 6: Principal * grants directly in the same account",
     principal=SESSION, action="sqs:SendMessage", resource=Q, rbp=pol(rp("*", "Allow", "sqs:SendMessage", Q)))
case("same-account", "rbp-star-principalarn-condition", "Allowed", "ref 4.3 row 6: * narrowed by aws:PrincipalArn grants directly",
     principal=SESSION, action="sqs:SendMessage", resource=Q, boundary=pol(allow("s3:*")),
     rbp=pol(rp("*", "Allow", "sqs:SendMessage", Q, Condition={"ArnLike": {"aws:PrincipalArn": f"arn:aws:iam::{A}:role/Dev"}})),
     x_peer="the peer caps * + aws:PrincipalArn grants (its README, departure 1)")
case("same-account", "rbp-star-principalarn-condition-fails", "ImplicitDeny", "ref 3.1: the aws:PrincipalArn condition does not match another role",
     principal=f"arn:aws:sts::{A}:assumed-role/Other/s", action="sqs:SendMessage", resource=Q,
     rbp=pol(rp("*", "Allow", "sqs:SendMessage", Q, Condition={"ArnLike": {"aws:PrincipalArn": f"arn:aws:iam::{A}:role/Dev"}})))
case("same-account", "identity-and-rbp-either", "Allowed", "ref 4.2/5c: in the same account the identity policy alone suffices",
     action="sqs:SendMessage", resource=Q, identity=[pol(allow("sqs:*"))], rbp=pol(rp({"AWS": f"arn:aws:iam::{A}:user/other"}, "Allow", "sqs:SendMessage", Q)))
case("same-account", "rbp-wrong-action", "ImplicitDeny", "ref 2.3: the RBP statement does not cover the action",
     action="sqs:DeleteQueue", resource=Q, rbp=pol(rp({"AWS": USER}, "Allow", "sqs:SendMessage", Q)))
case("same-account", "bucket-policy-needs-object-resource", "ImplicitDeny", "ref 2.4 / E5: a statement on the bucket ARN does not cover its objects",
     rbp=pol(rp({"AWS": USER}, "Allow", "s3:GetObject", "arn:aws:s3:::data")))
# ---- trust policies and KMS: RBP required even in the same account ------------------------
TROLE = f"arn:aws:iam::{A}:role/Target"
case("trust", "same-account-trust-names-account-needs-identity", "ImplicitDeny", "ref 5.1: a trust naming the account needs the caller's identity allow",
     action="sts:AssumeRole", resource=TROLE, rbp=pol({"Effect": "Allow", "Principal": {"AWS": A}, "Action": "sts:AssumeRole"}))
case("trust", "same-account-trust-names-account-with-identity", "Allowed", "ref 5.1: account trust plus identity allow",
     action="sts:AssumeRole", resource=TROLE, identity=[pol(allow("sts:AssumeRole", TROLE))],
     rbp=pol({"Effect": "Allow", "Principal": {"AWS": A}, "Action": "sts:AssumeRole"}))
case("trust", "identity-alone-never-assumes", "ImplicitDeny", "ref 5.1 + 7.6: identity policies alone never allow an assume; the trust must allow",
     action="sts:AssumeRole", resource=TROLE, identity=[pol(allow("sts:AssumeRole"))],
     rbp=pol({"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{A}:user/bob"}, "Action": "sts:AssumeRole"}))
case("trust", "same-account-trust-names-user", "Allowed", "ref 5.1: a trust naming the user is enough without identity permission",
     action="sts:AssumeRole", resource=TROLE, rbp=pol({"Effect": "Allow", "Principal": {"AWS": USER}, "Action": "sts:AssumeRole"}))
case("trust", "trust-names-user-boundary-blocks", "ImplicitDeny", "ref 4.2/5d: the user's boundary must still allow sts:AssumeRole",
     action="sts:AssumeRole", resource=TROLE, boundary=pol(allow("s3:*")),
     rbp=pol({"Effect": "Allow", "Principal": {"AWS": USER}, "Action": "sts:AssumeRole"}), x_peer="the peer ignores the boundary here")
case("trust", "trust-names-user-boundary-allows", "Allowed", "ref 4.2/5d: the boundary allows sts:AssumeRole",
     action="sts:AssumeRole", resource=TROLE, boundary=pol(allow(["s3:*", "sts:AssumeRole"])),
     rbp=pol({"Effect": "Allow", "Principal": {"AWS": USER}, "Action": "sts:AssumeRole"}))
case("trust", "self-assume-needs-trust", "ImplicitDeny", "ref 7.35: a role does not implicitly trust itself",
     principal=f"arn:aws:sts::{A}:assumed-role/Target/s", action="sts:AssumeRole", resource=TROLE,
     identity=[pol(allow("sts:AssumeRole", TROLE))], rbp=pol({"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{A}:user/bob"}, "Action": "sts:AssumeRole"}))
case("trust", "no-trust-policy", "ImplicitDeny", "ref 5.1: without a trust policy nothing can assume the role",
     action="sts:AssumeRole", resource=TROLE, identity=[pol(allow("sts:AssumeRole"))])
case("trust", "root-cannot-assume", "ImplicitDeny", "ref 7.40: the root user cannot call AssumeRole",
     principal=f"arn:aws:iam::{A}:root", action="sts:AssumeRole", resource=f"arn:aws:iam::{B}:role/T", owner=B,
     rbp=pol({"Effect": "Allow", "Principal": {"AWS": A}, "Action": "sts:AssumeRole"}))
KEY = f"arn:aws:kms:eu-west-1:{A}:key/k-1"
case("kms", "key-policy-must-trust-same-account", "ImplicitDeny", "E6: KMS needs the key policy to allow even in the same account",
     principal=SESSION, action="kms:Decrypt", resource=KEY, identity=[pol(allow("kms:Decrypt", KEY))],
     rbp=pol(rp({"AWS": f"arn:aws:iam::{A}:role/KeyAdmin"}, "Allow", "kms:*")))
case("kms", "key-policy-account-delegation", "Allowed", "E6: the account root statement delegates to IAM policies",
     principal=SESSION, action="kms:Decrypt", resource=KEY, identity=[pol(allow("kms:Decrypt", KEY))],
     rbp=pol(rp({"AWS": f"arn:aws:iam::{A}:root"}, "Allow", "kms:*")))
case("kms", "key-policy-account-without-identity", "ImplicitDeny", "E6: account delegation still needs the identity allow",
     principal=SESSION, action="kms:Decrypt", resource=KEY, rbp=pol(rp({"AWS": f"arn:aws:iam::{A}:root"}, "Allow", "kms:*")))
case("kms", "key-policy-names-role", "Allowed", "E6 + ref 5b: a key policy naming the caller's role grants without IAM policies",
     principal=f"arn:aws:sts::{A}:assumed-role/KeyAdmin/s", action="kms:ScheduleKeyDeletion", resource=KEY,
     rbp=pol(rp({"AWS": f"arn:aws:iam::{A}:role/KeyAdmin"}, "Allow", "kms:*")))
case("kms", "key-policy-names-role-boundary-caps", "ImplicitDeny", "E6: ... unless its boundary lacks KMS",
     principal=f"arn:aws:sts::{A}:assumed-role/KeyAdmin/s", action="kms:ScheduleKeyDeletion", resource=KEY, boundary=pol(allow("s3:*")),
     rbp=pol(rp({"AWS": f"arn:aws:iam::{A}:role/KeyAdmin"}, "Allow", "kms:*")))
case("kms", "cross-account-key", "Allowed", "ref 6a+6b: a key in another account: key policy names the account, identity allows",
     principal=f"arn:aws:sts::{B}:assumed-role/App/s", action="kms:Decrypt", resource=KEY, identity=[pol(allow("kms:Decrypt", KEY))],
     rbp=pol(rp({"AWS": f"arn:aws:iam::{B}:root"}, "Allow", "kms:Decrypt")))
# ---- cross account -------------------------------------------------------------------------
XS = f"arn:aws:sts::{B}:assumed-role/Analytics/j"
XR = f"arn:aws:iam::{B}:role/Analytics"
case("cross-account", "both-sides-allow", "Allowed", "ref 6 / E5: identity side and bucket policy both allow",
     principal=XS, owner=A, identity=S3R, rbp=pol(rp({"AWS": XR}, "Allow", "s3:GetObject", "arn:aws:s3:::data/*")))
case("cross-account", "no-identity-allow", "ImplicitDeny", "ref 6a / E5: cross-account needs the caller's identity allow",
     principal=XS, owner=A, rbp=pol(rp({"AWS": XR}, "Allow", "s3:GetObject", "arn:aws:s3:::data/*")))
case("cross-account", "no-resource-policy", "ImplicitDeny", "ref 6b: cross-account needs a resource policy allowing the caller",
     principal=XS, owner=A, identity=S3R)
case("cross-account", "account-principal-suffices", "Allowed", "E5: on the resource side an account match suffices",
     principal=XS, owner=A, identity=S3R, rbp=pol(rp({"AWS": B}, "Allow", "s3:GetObject", "arn:aws:s3:::data/*")))
case("cross-account", "session-arn-does-not-bypass-boundary", "ImplicitDeny", "ref 6a / 7.5: cross-account, naming the session does not bypass the boundary",
     principal=XS, owner=A, identity=S3R, boundary=pol(allow("ec2:*")), rbp=pol(rp({"AWS": XS}, "Allow", "s3:GetObject", "arn:aws:s3:::data/*")))
case("cross-account", "session-policy-caps", "ImplicitDeny", "ref 6a: the session policy caps the identity side",
     principal=XS, owner=A, identity=S3R, session=pol(allow("ec2:*")), rbp=pol(rp({"AWS": XR}, "Allow", "s3:GetObject", "arn:aws:s3:::data/*")))
case("cross-account", "other-account-named", "ImplicitDeny", "ref 2.5: the bucket policy names a third account",
     principal=XS, owner=A, identity=S3R, rbp=pol(rp({"AWS": C}, "Allow", "s3:GetObject", "arn:aws:s3:::data/*")))
case("cross-account", "deny-in-bucket-policy", "ExplicitDeny", "ref 4.2/1: a bucket-policy Deny naming the account applies cross-account",
     principal=XS, owner=A, identity=S3R, rbp=pol(rp({"AWS": XR}, "Allow", "s3:GetObject", "arn:aws:s3:::data/*"), rp({"AWS": B}, "Deny", "s3:GetObject", "arn:aws:s3:::data/report.csv")))
case("cross-account", "rcp-denies-outside-org", "ExplicitDeny", "E14: an RCP denies principals outside the organization",
     principal=f"arn:aws:sts::{X}:assumed-role/Ext/s", owner=A, context={"aws:PrincipalOrgID": "o-other"}, identity=S3R,
     rbp=pol(rp({"AWS": X}, "Allow", "s3:GetObject", "arn:aws:s3:::data/*")),
     rcps=[[pol({"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-abc123"}, "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}})]])
case("cross-account", "rcp-allows-inside-org", "Allowed", "E14: a principal of the organization passes the RCP",
     principal=XS, owner=A, context={"aws:PrincipalOrgID": "o-abc123", "aws:PrincipalIsAWSService": "false"}, identity=S3R,
     rbp=pol(rp({"AWS": B}, "Allow", "s3:GetObject", "arn:aws:s3:::data/*")),
     rcps=[[pol({"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-abc123"}, "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}})]])
# ---- special principals --------------------------------------------------------------------
case("principals", "anonymous-public-read", "Allowed", "ref 1.2: * in a bucket policy admits anonymous callers",
     principal=None, rbp=pol(rp("*", "Allow", "s3:GetObject", "arn:aws:s3:::data/*")))
case("principals", "anonymous-needs-star", "ImplicitDeny", "ref 2.5: an account principal does not match anonymous callers",
     principal=None, rbp=pol(rp({"AWS": A}, "Allow", "s3:GetObject", "arn:aws:s3:::data/*")))
case("principals", "anonymous-rcp-denies", "ExplicitDeny", "E14: anonymous requests hit the org perimeter RCP (IfExists keys absent)",
     principal=None, rbp=pol(rp("*", "Allow", "s3:GetObject", "arn:aws:s3:::data/*")),
     rcps=[[pol({"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-abc123"}, "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}})]])
case("principals", "service-principal-allowed", "Allowed", "ref 6: a service principal is allowed by a resource policy naming it",
     principal="cloudtrail.amazonaws.com", action="s3:PutObject", resource="arn:aws:s3:::trail/AWSLogs/x",
     rbp=pol(rp({"Service": "cloudtrail.amazonaws.com"}, "Allow", "s3:PutObject", "arn:aws:s3:::trail/AWSLogs/*")))
case("principals", "service-principal-other-service", "ImplicitDeny", "ref 2.5: another service is not named",
     principal="config.amazonaws.com", action="s3:PutObject", resource="arn:aws:s3:::trail/AWSLogs/x",
     rbp=pol(rp({"Service": "cloudtrail.amazonaws.com"}, "Allow", "s3:PutObject", "arn:aws:s3:::trail/AWSLogs/*")))
case("principals", "service-principal-confused-deputy-condition", "ImplicitDeny", "ref 5.2: aws:SourceAccount from another account fails the condition",
     principal="cloudtrail.amazonaws.com", action="s3:PutObject", resource="arn:aws:s3:::trail/AWSLogs/x", context={"aws:SourceAccount": C},
     rbp=pol(rp({"Service": "cloudtrail.amazonaws.com"}, "Allow", "s3:PutObject", "arn:aws:s3:::trail/AWSLogs/*", Condition={"StringEquals": {"aws:SourceAccount": A}})))
case("principals", "root-user-full-identity-side", "Allowed", "ref 4.2/0: the root user's identity side allows everything",
     principal=f"arn:aws:iam::{A}:root", action="ec2:TerminateInstances", resource=f"arn:aws:ec2:eu-west-1:{A}:instance/i-1")
case("principals", "root-user-bound-by-scp", "ImplicitDeny", "ref 7.40: the root user of a member account is bound by SCPs",
     principal=f"arn:aws:iam::{A}:root", action="ec2:TerminateInstances", resource=f"arn:aws:ec2:eu-west-1:{A}:instance/i-1",
     scps=[[FULL], [pol(allow("s3:*"))]])
case("principals", "root-user-denied-by-bucket-policy", "ExplicitDeny", "ref 7.27: a bucket-policy Deny naming * applies to the root user",
     principal=f"arn:aws:iam::{A}:root", context={"aws:SecureTransport": "false"},
     rbp=pol(rp("*", "Deny", "s3:*", ["arn:aws:s3:::data", "arn:aws:s3:::data/*"], Condition={"Bool": {"aws:SecureTransport": "false"}})))
case("principals", "get-caller-identity-cannot-be-denied", "Allowed", "ref 4.2/0 + 7.36: sts:GetCallerIdentity is always allowed",
     action="sts:GetCallerIdentity", resource="*", identity=[pol(deny("*"))], scps=[[pol(deny("*"))]])
case("principals", "federated-user-needs-session-policy", "ImplicitDeny", "ref 4.5: a GetFederationToken session without a session policy has no permissions",
     principal=f"arn:aws:sts::{A}:federated-user/bob", identity=S3R)
case("principals", "federated-user-with-session-policy", "Allowed", "ref 4.2/5c: identity and session policy both allow",
     principal=f"arn:aws:sts::{A}:federated-user/bob", identity=S3R, session=pol(allow("s3:GetObject")))
case("principals", "federated-user-arn-named-in-rbp", "Allowed", "ref 4.3 row 3: an RBP naming the federated-user ARN grants directly",
     principal=f"arn:aws:sts::{A}:federated-user/bob",
     rbp=pol(rp({"AWS": f"arn:aws:sts::{A}:federated-user/bob"}, "Allow", "s3:GetObject", "arn:aws:s3:::data/*")))
case("principals", "not-principal-deny-excludes", "Allowed", "ref 2.5: Deny + NotPrincipal does not apply to the listed principal",
     identity=S3R, rbp=pol({"Effect": "Deny", "NotPrincipal": {"AWS": [USER, A]}, "Action": "s3:*", "Resource": "*"}))
case("principals", "not-principal-deny-hits-others", "ExplicitDeny", "ref 2.5: Deny + NotPrincipal applies to everyone not listed (a listed account covers its own principals only)",
     principal=f"arn:aws:iam::{B}:user/bob", identity=S3R, rbp=pol({"Effect": "Deny", "NotPrincipal": {"AWS": [USER, A]}, "Action": "s3:*", "Resource": "*"}))
case("principals", "not-principal-boundary-quirk", "ExplicitDeny", "ref 2.5 + 7.28: Deny + NotPrincipal always hits a caller with a boundary",
     identity=S3R, boundary=pol(allow("*")), rbp=pol({"Effect": "Deny", "NotPrincipal": {"AWS": [USER, A]}, "Action": "s3:*", "Resource": "*"}))
case("principals", "role-arn-with-path-matches-session", "Allowed", "ref 7.31: a role ARN with a path covers the role's sessions",
     principal=f"arn:aws:sts::{A}:assumed-role/Reader/s", context={"aws:PrincipalArn": f"arn:aws:iam::{A}:role/app/Reader"},
     action="sqs:SendMessage", resource=Q, rbp=pol(rp({"AWS": f"arn:aws:iam::{A}:role/app/Reader"}, "Allow", "sqs:SendMessage", Q)), session=None)


def main():
    for topic, c in CASES:
        d = os.path.join(ROOT, topic)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, c["id"] + ".json"), "w") as f:
            json.dump(c, f, indent=2)
            f.write("\n")
    print(f"wrote {len(CASES)} scenarios")


if __name__ == "__main__":
    main()
