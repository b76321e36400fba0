#!/usr/bin/env python3
"""Writes the condition, matching and seed-use-case part of the scenario corpus (prefix "k-").
Expectations are AWS's documented behaviour (../shared/reference/iam-evaluation.md sections 2.3,
2.4, 3 and 6), written by hand.

    python3 tests/scenarios/build_conditions.py
"""
import json, os

ROOT = os.path.dirname(os.path.abspath(__file__))
V = "2012-10-17"
A, B = "111111111111", "222222222222"
USER = f"arn:aws:iam::{A}:user/alice"
CASES = []


def add(topic, id, expect, why, identity, context=None, principal=USER, action="s3:GetObject",
        resource="arn:aws:s3:::data/report.csv", owner=A, rbp=None, scps=None, **x):
    c = {"id": f"k-{id}", "principal": principal, "action": action, "resource": resource, "resourceAccount": owner,
         "context": context or {}, "identityPolicies": identity, "resourcePolicy": rbp, "permissionBoundary": None,
         "sessionPolicy": None, "scps": scps or [], "rcps": [], "expect": expect, "why": why}
    for k, v in x.items():
        c["x-" + k.replace("_", "-")] = v
    CASES.append((topic, c))


def cond(condition, version=V, action="s3:GetObject", resource="*"):
    d = {"Statement": [{"Effect": "Allow", "Action": action, "Resource": resource, "Condition": condition}]}
    if version:
        d = {"Version": version, **d}
    return [d]


def both(topic, id, why, condition, ctx_yes, ctx_no, no_expect="ImplicitDeny", **kw):
    add(topic, id + "-holds", "Allowed", why, cond(condition), ctx_yes, **kw)
    add(topic, id + "-fails", no_expect, why, cond(condition), ctx_no, **kw)


# ---- strings ----------------------------------------------------------------------------------
both("conditions", "string-equals", "ref 3.2: StringEquals is exact and case-sensitive",
     {"StringEquals": {"aws:PrincipalTag/team": "red"}}, {"aws:PrincipalTag/team": "red"}, {"aws:PrincipalTag/team": "Red"})
both("conditions", "string-equals-ignore-case", "ref 3.2: StringEqualsIgnoreCase folds case",
     {"StringEqualsIgnoreCase": {"aws:PrincipalTag/team": "RED"}}, {"aws:PrincipalTag/team": "red"}, {"aws:PrincipalTag/team": "blue"})
both("conditions", "string-not-equals-nor", "ref 3.1: negated operators are NOR over their values",
     {"StringNotEquals": {"aws:PrincipalTag/team": ["red", "blue"]}}, {"aws:PrincipalTag/team": "green"}, {"aws:PrincipalTag/team": "blue"})
both("conditions", "string-like-wildcards", "ref 3.2: StringLike with * and ?, whole-string anchored",
     {"StringLike": {"s3:prefix": "home/?lice/*"}}, {"s3:prefix": "home/alice/docs/x"}, {"s3:prefix": "x/home/alice/docs"})
both("conditions", "string-not-like", "ref 3.2: StringNotLike",
     {"StringNotLike": {"s3:prefix": "secret/*"}}, {"s3:prefix": "public/a"}, {"s3:prefix": "secret/a"})
both("conditions", "values-are-or", "ref 3.1: several values of a positive operator are OR",
     {"StringEquals": {"aws:RequestedRegion": ["eu-west-1", "eu-central-1"]}}, {"aws:RequestedRegion": "eu-central-1"}, {"aws:RequestedRegion": "us-east-1"})
both("conditions", "blocks-are-and", "ref 3.1: all operator blocks must hold",
     {"StringEquals": {"aws:PrincipalTag/team": "red"}, "Bool": {"aws:SecureTransport": "true"}},
     {"aws:PrincipalTag/team": "red", "aws:SecureTransport": "true"}, {"aws:PrincipalTag/team": "red", "aws:SecureTransport": "false"})
both("conditions", "key-names-case-insensitive", "ref 3.1: condition key names are case-insensitive",
     {"StringEquals": {"AWS:PRINCIPALTAG/TEAM": "red"}}, {"aws:PrincipalTag/team": "red"}, {"aws:PrincipalTag/team": "blue"})
# ---- numbers, dates, bools, binary, ip, arn, null -----------------------------------------------
both("conditions", "numeric-less-than", "ref 3.2: NumericLessThan",
     {"NumericLessThan": {"s3:max-keys": "100"}}, {"s3:max-keys": "99"}, {"s3:max-keys": "100"})
both("conditions", "numeric-decimal-and-json-number", "ref 2.1: a JSON number value is read as its text; decimals compare exactly",
     {"NumericGreaterThanEquals": {"aws:MultiFactorAuthAge": 3600.5}}, {"aws:MultiFactorAuthAge": "3601"}, {"aws:MultiFactorAuthAge": "3600"})
both("conditions", "numeric-not-equals", "ref 3.2: NumericNotEquals is NOR",
     {"NumericNotEquals": {"s3:max-keys": ["10", "20"]}}, {"s3:max-keys": "15"}, {"s3:max-keys": "20"})
both("conditions", "date-less-than", "ref 3.2: DateLessThan on aws:CurrentTime",
     {"DateLessThan": {"aws:CurrentTime": "2025-07-01T00:00:00Z"}}, {"aws:CurrentTime": "2025-06-15T12:00:00Z"}, {"aws:CurrentTime": "2025-07-02T00:00:00Z"})
both("conditions", "date-epoch-policy-value", "ref 3.2: a date condition value may be epoch seconds",
     {"DateGreaterThan": {"aws:CurrentTime": "1750000000"}}, {"aws:CurrentTime": "2025-06-16T00:00:00Z"}, {"aws:CurrentTime": "2025-06-15T00:00:00Z"},
     x_peer="the peer mixes units for epoch-second policy values (its README, departure 4)")
both("conditions", "date-with-offset", "ref 3.2: ISO 8601 values with offsets",
     {"DateGreaterThanEquals": {"aws:CurrentTime": "2025-06-15T14:00:00+02:00"}}, {"aws:CurrentTime": "2025-06-15T12:00:00Z"}, {"aws:CurrentTime": "2025-06-15T11:59:59Z"})
both("conditions", "bool-true", "ref 3.2: Bool", {"Bool": {"aws:SecureTransport": "true"}}, {"aws:SecureTransport": "true"}, {"aws:SecureTransport": "false"})
both("conditions", "bool-json-boolean-value", "ref 2.1: a JSON boolean condition value works like the string",
     {"Bool": {"aws:SecureTransport": True}}, {"aws:SecureTransport": "true"}, {"aws:SecureTransport": "false"})
both("conditions", "binary-equals", "ref 3.2: BinaryEquals compares base64-decoded bytes",
     {"BinaryEquals": {"s3:x-amz-server-side-encryption-customer-key-MD5": "aGVsbG8="}},
     {"s3:x-amz-server-side-encryption-customer-key-MD5": "aGVsbG8="}, {"s3:x-amz-server-side-encryption-customer-key-MD5": "d29ybGQ="})
both("conditions", "ip-address-cidr", "ref 3.2: IpAddress with a CIDR",
     {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}, {"aws:SourceIp": "203.0.113.9"}, {"aws:SourceIp": "198.51.100.1"})
both("conditions", "ip-address-bare-is-32", "ref 7.21: a bare IP means /32",
     {"IpAddress": {"aws:SourceIp": "203.0.113.9"}}, {"aws:SourceIp": "203.0.113.9"}, {"aws:SourceIp": "203.0.113.10"})
both("conditions", "ip-address-ipv6", "ref 3.2: IPv6 CIDRs",
     {"IpAddress": {"aws:SourceIp": "2001:db8::/32"}}, {"aws:SourceIp": "2001:db8:1234::1"}, {"aws:SourceIp": "2001:db9::1"})
add("conditions", "ipv4-never-in-ipv6-cidr", "ImplicitDeny", "ref 3.2: an IPv4 address never falls in an IPv6 CIDR",
    cond({"IpAddress": {"aws:SourceIp": "::/0"}}), {"aws:SourceIp": "203.0.113.9"})
both("conditions", "not-ip-address", "ref 3.2: NotIpAddress",
     {"NotIpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.168.0.0/16"]}}, {"aws:SourceIp": "203.0.113.9"}, {"aws:SourceIp": "10.1.2.3"})
both("conditions", "arn-like", "ref 3.2: ArnLike globs each field",
     {"ArnLike": {"aws:PrincipalArn": f"arn:aws:iam::{A}:user/ops/*"}}, {"aws:PrincipalArn": f"arn:aws:iam::{A}:user/ops/alice"}, {"aws:PrincipalArn": f"arn:aws:iam::{A}:user/dev/alice"})
add("conditions", "arn-like-fields-do-not-cross-colons", "ImplicitDeny", "ref 3.2: ArnLike's first wildcard cannot swallow colons, unlike StringLike",
    cond({"ArnLike": {"aws:SourceArn": "arn:aws:svc:*:111122223333:finance/*"}}), {"aws:SourceArn": "arn:aws:svc:us-east-2:999999999999:store/abc:111122223333:finance/x"})
add("conditions", "string-like-crosses-colons", "Allowed", "ref 3.2: StringLike's * crosses colons",
    cond({"StringLike": {"aws:SourceArn": "arn:aws:svc:*:111122223333:finance/*"}}), {"aws:SourceArn": "arn:aws:svc:us-east-2:999999999999:store/abc:111122223333:finance/x"})
both("conditions", "arn-not-equals", "ref 3.2: ArnNotEquals",
     {"ArnNotEquals": {"aws:SourceArn": "arn:aws:s3:::bad-bucket"}}, {"aws:SourceArn": "arn:aws:s3:::good-bucket"}, {"aws:SourceArn": "arn:aws:s3:::bad-bucket"})
both("conditions", "null-true-means-absent", "ref 3.3: Null true holds when the key is absent",
     {"Null": {"aws:TokenIssueTime": "true"}}, {}, {"aws:TokenIssueTime": "2025-06-15T12:00:00Z"})
both("conditions", "null-false-means-present", "ref 3.3 + 7.14: Null false = temporary credentials",
     {"Null": {"aws:TokenIssueTime": "false"}}, {"aws:TokenIssueTime": "2025-06-15T12:00:00Z"}, {})
# ---- missing keys -------------------------------------------------------------------------------
add("missing-keys", "positive-absent-false", "ImplicitDeny", "ref 3.3: a positive operator on a missing key is false",
    cond({"StringEquals": {"aws:PrincipalTag/team": "red"}}), {})
add("missing-keys", "negated-absent-true", "Allowed", "ref 3.3 + 7.8: a negated operator on a missing key is true",
    cond({"StringNotEquals": {"aws:PrincipalTag/team": "red"}}), {})
add("missing-keys", "if-exists-absent-true", "Allowed", "ref 3.3 + 7.9: IfExists makes a missing key true",
    cond({"StringEqualsIfExists": {"aws:PrincipalTag/team": "red"}}), {})
add("missing-keys", "if-exists-present-evaluates", "ImplicitDeny", "ref 3.3: IfExists with the key present evaluates normally",
    cond({"StringEqualsIfExists": {"aws:PrincipalTag/team": "red"}}), {"aws:PrincipalTag/team": "blue"})
add("missing-keys", "numeric-if-exists", "Allowed", "ref 3.3: IfExists on any family", cond({"NumericLessThanIfExists": {"s3:max-keys": "10"}}), {})
add("missing-keys", "deny-not-equals-if-exists-still-denies", "ExplicitDeny", "ref 3.3: Deny + StringNotEqualsIfExists denies when the key is missing",
    [{"Version": V, "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}, {"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-abc123"}}}]}], {})
add("missing-keys", "deny-bool-false-misses-long-term-keys", "Allowed", "ref 7.13: Deny + Bool MFA false does not block long-term keys (key absent)",
    [{"Version": V, "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}, {"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}]}], {})
add("missing-keys", "deny-bool-if-exists-false-blocks", "ExplicitDeny", "ref 7.13: BoolIfExists false does block long-term keys",
    [{"Version": V, "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}, {"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}]}], {})
# ---- set operators ---------------------------------------------------------------------------
TAGS = {"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env"]}}
add("sets", "for-all-values-subset", "Allowed", "E12: every requested tag key is allowed", cond(TAGS, action="iam:CreateRole"), {"aws:TagKeys": ["team", "env"]}, action="iam:CreateRole", resource=f"arn:aws:iam::{A}:role/x")
add("sets", "for-all-values-extra-key", "ImplicitDeny", "E12: a tag key outside the list fails", cond(TAGS, action="iam:CreateRole"), {"aws:TagKeys": ["team", "owner"]}, action="iam:CreateRole", resource=f"arn:aws:iam::{A}:role/x")
add("sets", "for-all-values-missing-is-vacuous", "Allowed", "E12 + ref 7.10: ForAllValues on a missing key is true", cond(TAGS, action="iam:CreateRole"), {}, action="iam:CreateRole", resource=f"arn:aws:iam::{A}:role/x")
add("sets", "for-all-values-empty-set", "Allowed", "ref 3.3: an empty set behaves like a missing key for ForAllValues", cond(TAGS, action="iam:CreateRole"), {"aws:TagKeys": []}, action="iam:CreateRole", resource=f"arn:aws:iam::{A}:role/x")
add("sets", "for-any-value-match", "Allowed", "ref 3.4: ForAnyValue needs one match", cond({"ForAnyValue:StringEquals": {"aws:TagKeys": ["owner"]}}), {"aws:TagKeys": ["team", "owner"]})
add("sets", "for-any-value-missing-false", "ImplicitDeny", "ref 3.3 + 7.10: ForAnyValue on a missing key is false", cond({"ForAnyValue:StringEquals": {"aws:TagKeys": ["owner"]}}), {})
add("sets", "for-any-value-deny-never-fires-without-tags", "Allowed", "E12 mirror trap: Deny + ForAnyValue never fires when no tags are passed",
    [{"Version": V, "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}, {"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"ForAnyValue:StringEquals": {"aws:TagKeys": ["owner"]}}}]}], {})
add("sets", "for-all-values-not-equals", "ImplicitDeny", "ref 3.4: ForAllValues:StringNotEquals = no value equals any listed", cond({"ForAllValues:StringNotEquals": {"aws:TagKeys": ["secret"]}}), {"aws:TagKeys": ["team", "secret"]})
add("sets", "for-any-value-string-like", "Allowed", "ref 3.4: ForAnyValue:StringLike", cond({"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": "o-abc123/r-ab12/ou-ab12-11111111/*"}}), {"aws:PrincipalOrgPaths": ["o-abc123/r-ab12/ou-ab12-11111111/ou-ab12-22222222/"]})
add("sets", "for-all-values-on-single-valued-key-missing", "Allowed", "ref 3.4 + 7.38: ForAllValues on a single-valued key passes when it is missing (the trap)",
    cond({"ForAllValues:StringEquals": {"aws:PrincipalTag/team": "red"}}), {})
# ---- policy variables --------------------------------------------------------------------------
HOME = {"Version": V, "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:username}/*"}]}
add("variables", "username-in-resource", "Allowed", "ref 3.5: ${aws:username} in Resource", [HOME], resource="arn:aws:s3:::home/alice/notes.txt")
add("variables", "username-other-user", "ImplicitDeny", "ref 3.5: another user's prefix does not match", [HOME], resource="arn:aws:s3:::home/bob/notes.txt")
add("variables", "version-2008-literal", "ImplicitDeny", "ref 3.5 + 7.17: without Version 2012-10-17 ${...} is literal",
    [{"Version": "2008-10-17", "Statement": HOME["Statement"]}], resource="arn:aws:s3:::home/alice/notes.txt")
add("variables", "version-2008-literal-matches-literal", "Allowed", "ref 3.5: under 2008-10-17 the text ${aws:username} matches itself",
    [{"Version": "2008-10-17", "Statement": HOME["Statement"]}], resource="arn:aws:s3:::home/${aws:username}/notes.txt")
add("variables", "principal-tag-in-condition", "Allowed", "ref 3.5: a principal tag as a condition value",
    cond({"StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}}), {"aws:ResourceTag/team": "red", "aws:PrincipalTag/team": "red"})
add("variables", "principal-tag-mismatch", "ImplicitDeny", "ref 3.5: the resource belongs to another team",
    cond({"StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}}), {"aws:ResourceTag/team": "blue", "aws:PrincipalTag/team": "red"})
add("variables", "unresolved-positive-false", "ImplicitDeny", "ref 3.3: an unresolvable variable equals nothing",
    cond({"StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}}), {"aws:ResourceTag/team": "red"})
add("variables", "unresolved-negated-true", "Allowed", "ref 7.19: an unresolvable variable makes a negated condition true",
    cond({"StringNotEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}}), {"aws:ResourceTag/team": "red"},
    x_peer="the peer makes it false (its README, departure 2)")
add("variables", "default-value", "Allowed", "ref 3.5: ${key, 'default'} supplies a fallback",
    cond({"StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team, 'shared'}"}}), {"aws:ResourceTag/team": "shared"})
add("variables", "unresolved-in-resource", "ImplicitDeny", "ref 2.4 + 7.19: an unresolvable variable in Resource matches nothing",
    [{"Version": V, "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:PrincipalTag/team}/*"}]}], resource="arn:aws:s3:::home/red/x")
add("variables", "escapes", "Allowed", "ref 3.5: ${*}, ${?} and ${$} are literal characters",
    cond({"StringLike": {"s3:prefix": "a${*}b${?}c${$}*"}}), {"s3:prefix": "a*b?c$rest"})
add("variables", "escape-is-not-wildcard", "ImplicitDeny", "ref 3.5: ${*} does not match other text",
    cond({"StringLike": {"s3:prefix": "a${*}b"}}), {"s3:prefix": "axxb"})
# ---- action and resource matching -------------------------------------------------------------
def act(patterns, key="Action", resource="*"):
    return [{"Version": V, "Statement": [{"Effect": "Allow", key: patterns, "Resource": resource}]}]


add("matching", "action-case-insensitive", "Allowed", "ref 2.3: action names are case-insensitive", act("S3:getobject"))
add("matching", "action-star", "Allowed", "ref 2.3: * matches every action", act("*"))
add("matching", "action-prefix-wildcard", "Allowed", "ref 2.3: s3:Get*", act("s3:Get*"))
add("matching", "action-question-mark", "Allowed", "ref 2.3: ? matches one character", act("s3:GetObjec?"))
add("matching", "action-question-mark-one-only", "ImplicitDeny", "ref 2.3: ? matches exactly one character", act("s3:GetObj?"))
add("matching", "action-other-service", "ImplicitDeny", "ref 2.3: another service", act("s3express:GetObject"))
add("matching", "not-action-grants-everything-else", "Allowed", "E11(a): Allow + NotAction grants every other action of every service",
    act("iam:*", key="NotAction"), action="organizations:LeaveOrganization", resource="*")
add("matching", "not-action-excludes-listed", "ImplicitDeny", "ref 2.3: NotAction does not cover the listed actions", act("s3:*", key="NotAction"))
add("matching", "not-action-with-resource-wildcard-only-action", "ImplicitDeny", "E11(e): NotAction with a bucket resource does not grant ListAllMyBuckets",
    act("s3:DeleteBucket", key="NotAction", resource="arn:aws:s3:::*"), action="s3:ListAllMyBuckets", resource="*")
add("matching", "wildcard-only-action-needs-star", "ImplicitDeny", "ref 2.4 + 7.15: arn:aws:s3:::* does not cover the * pseudo-resource",
    act("s3:ListAllMyBuckets", resource="arn:aws:s3:::*"), action="s3:ListAllMyBuckets", resource="*")
add("matching", "wildcard-only-action-with-star", "Allowed", "ref 7.15: Resource * covers wildcard-only actions",
    act("s3:ListAllMyBuckets"), action="s3:ListAllMyBuckets", resource="*")
add("matching", "resource-case-sensitive", "ImplicitDeny", "ref 2.4: the resource part is case-sensitive", act("s3:GetObject", resource="arn:aws:s3:::DATA/*"))
add("matching", "resource-star-crosses-slashes", "Allowed", "ref 2.4: * in the resource part covers / and :", act("s3:GetObject", resource="arn:aws:s3:::data/*/report.csv"),
    resource="arn:aws:s3:::data/2025/06/report.csv")
add("matching", "resource-region-wildcard-stays-in-field", "ImplicitDeny", "ref 2.4: a wildcard in the region field never crosses a colon",
    act("logs:GetLogEvents", resource="arn:aws:logs:*:log-group:app"), action="logs:GetLogEvents", resource=f"arn:aws:logs:eu-west-1:{A}:log-group:app")
add("matching", "resource-log-group-colon", "Allowed", "ref 2.4: log-group:app:* covers its streams",
    act("logs:GetLogEvents", resource=f"arn:aws:logs:eu-west-1:{A}:log-group:app:*"), action="logs:GetLogEvents", resource=f"arn:aws:logs:eu-west-1:{A}:log-group:app:log-stream:web")
add("matching", "not-resource-excludes", "ImplicitDeny", "ref 2.4: NotResource excludes the listed resources",
    [{"Version": V, "Statement": [{"Effect": "Allow", "Action": "s3:*", "NotResource": "arn:aws:s3:::data/*"}]}])
add("matching", "not-resource-allows-others", "Allowed", "E11(c): Allow + NotResource grants everything else",
    [{"Version": V, "Statement": [{"Effect": "Allow", "Action": "*", "NotResource": "arn:aws:s3:::hr/*"}]}], action="iam:PutUserPolicy", resource=USER)
add("matching", "deny-not-resource-spares-listed", "Allowed", "E11(d): Deny + NotResource denies every other resource but not the listed one",
    [{"Version": V, "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}, {"Effect": "Deny", "Action": "s3:*", "NotResource": ["arn:aws:s3:::data/*"]}]}])
add("matching", "deny-not-resource-hits-others", "ExplicitDeny", "E11(d): ... and denies the others",
    [{"Version": V, "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}, {"Effect": "Deny", "Action": "s3:*", "NotResource": ["arn:aws:s3:::hr/pay/*"]}]}])
# ---- seed use cases ---------------------------------------------------------------------------
DEPLOY_TRUST = {"Version": V, "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{A}:root"}, "Action": "sts:AssumeRole",
                "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}, "ArnLike": {"aws:PrincipalArn": f"arn:aws:iam::{A}:user/ops/*"}}}]}
OPS = f"arn:aws:iam::{A}:user/ops/alice"
ASSUME_DEPLOY = [{"Version": V, "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": f"arn:aws:iam::{B}:role/Deploy"}]}]
add("use-cases", "devops-deploy-with-mfa", "Allowed", "E1: ops user with MFA assumes the prod Deploy role", ASSUME_DEPLOY,
    {"aws:MultiFactorAuthPresent": "true"}, principal=OPS, action="sts:AssumeRole", resource=f"arn:aws:iam::{B}:role/Deploy", owner=B, rbp=DEPLOY_TRUST)
add("use-cases", "devops-deploy-without-mfa", "ImplicitDeny", "E1 + E9: without MFA the key is absent and Bool fails", ASSUME_DEPLOY,
    {}, principal=OPS, action="sts:AssumeRole", resource=f"arn:aws:iam::{B}:role/Deploy", owner=B, rbp=DEPLOY_TRUST)
add("use-cases", "devops-deploy-wrong-path", "ImplicitDeny", "E1: a user outside /ops/ fails the ArnLike condition", ASSUME_DEPLOY,
    {"aws:MultiFactorAuthPresent": "true"}, principal=f"arn:aws:iam::{A}:user/dev/bob", action="sts:AssumeRole", resource=f"arn:aws:iam::{B}:role/Deploy", owner=B, rbp=DEPLOY_TRUST)
add("use-cases", "mfa-bool-if-exists-trap", "Allowed", "E9: BoolIfExists true lets a no-MFA long-term-key call through (the trap)", ASSUME_DEPLOY,
    {}, principal=OPS, action="sts:AssumeRole", resource=f"arn:aws:iam::{B}:role/Deploy", owner=B,
    rbp={"Version": V, "Statement": [{"Effect": "Allow", "Principal": {"AWS": A}, "Action": "sts:AssumeRole", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}}]})
MSP_TRUST = {"Version": V, "Statement": [{"Effect": "Allow", "Principal": {"AWS": "444444444444"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "cust-7Q2"}}}]}
MSP_ID = [{"Version": V, "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::*:role/SecurityAudit-MSP"}]}]
for eid, exp, tag in (("cust-7Q2", "Allowed", "right"), ("CUST-7Q2", "ImplicitDeny", "wrong-case"), (None, "ImplicitDeny", "missing")):
    add("use-cases", f"msp-external-id-{tag}", exp, "E3: the MSP role needs the exact ExternalId", MSP_ID, {"sts:ExternalId": eid} if eid else {},
        principal="arn:aws:sts::444444444444:assumed-role/Auditor/job", action="sts:AssumeRole", resource=f"arn:aws:iam::{B}:role/SecurityAudit-MSP", owner=B, rbp=MSP_TRUST)
GH = f"arn:aws:iam::{B}:oidc-provider/token.actions.githubusercontent.com"
GH_TRUST = {"Version": V, "Statement": [{"Effect": "Allow", "Principal": {"Federated": GH}, "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}, "StringLike": {"token.actions.githubusercontent.com:sub": "repo:acme/app:ref:refs/heads/main"}}}]}
for sub, exp, tag in (("repo:acme/app:ref:refs/heads/main", "Allowed", "main"), ("repo:acme/app:pull_request", "ImplicitDeny", "pull-request"), ("repo:evil/app:ref:refs/heads/main", "ImplicitDeny", "other-repo")):
    add("use-cases", f"github-oidc-{tag}", exp, "E4: only acme/app's main branch may assume the deploy role", [],
        {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": sub},
        principal=GH, action="sts:AssumeRoleWithWebIdentity", resource=f"arn:aws:iam::{B}:role/GhDeploy", owner=B, rbp=GH_TRUST)
add("use-cases", "github-oidc-wrong-action-in-trust", "ImplicitDeny", "E4: a trust listing sts:AssumeRole never matches a web-identity call", [],
    {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:acme/app:ref:refs/heads/main"},
    principal=GH, action="sts:AssumeRoleWithWebIdentity", resource=f"arn:aws:iam::{B}:role/GhDeploy", owner=B,
    rbp={"Version": V, "Statement": [{**GH_TRUST["Statement"][0], "Action": "sts:AssumeRole"}]})
LC = "arn:aws:sts::333333333333:assumed-role/LogCollector/run"
add("use-cases", "security-log-collector-assumes-reader", "Allowed", "E2: the security account's collector assumes LogReader (via-entity trust, cross-account)",
    [{"Version": V, "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::*:role/LogReader"}]}], {},
    principal=LC, action="sts:AssumeRole", resource=f"arn:aws:iam::{B}:role/LogReader", owner=B,
    rbp={"Version": V, "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::333333333333:role/LogCollector"}, "Action": "sts:AssumeRole"}]})
add("use-cases", "security-log-reader-reads", "Allowed", "E2: the LogReader session reads logs in its account",
    [{"Version": V, "Statement": [{"Effect": "Allow", "Action": ["logs:FilterLogEvents", "logs:GetLogEvents"], "Resource": "*"}]}], {},
    principal=f"arn:aws:sts::{B}:assumed-role/LogReader/run", action="logs:FilterLogEvents", resource=f"arn:aws:logs:eu-west-1:{B}:log-group:/app/web", owner=B)
add("use-cases", "explicit-deny-over-allow-http", "ExplicitDeny", "E10: the bucket policy denies insecure transport", [{"Version": V, "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}],
    {"aws:SecureTransport": "false"}, resource="arn:aws:s3:::fin/q1.csv",
    rbp={"Version": V, "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::fin", "arn:aws:s3:::fin/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]})
add("use-cases", "explicit-deny-over-allow-https", "Allowed", "E10: over HTTPS the deny does not apply", [{"Version": V, "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}],
    {"aws:SecureTransport": "true"}, resource="arn:aws:s3:::fin/q1.csv",
    rbp={"Version": V, "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::fin", "arn:aws:s3:::fin/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]})
ADMIN = [{"Version": V, "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}]
for action, res, exp in (("iam:CreateUser", f"arn:aws:iam::{A}:user/x", "ImplicitDeny"), ("s3:PutObject", "arn:aws:s3:::team/a.txt", "Allowed")):
    c = {"id": f"k-boundary-caps-admin-{action.split(':')[0]}", "principal": f"arn:aws:sts::{A}:assumed-role/TeamAdmin/s", "action": action, "resource": res,
         "resourceAccount": A, "context": {}, "identityPolicies": ADMIN, "resourcePolicy": None,
         "permissionBoundary": {"Version": V, "Statement": [{"Effect": "Allow", "Action": ["s3:*", "cloudwatch:*", "ec2:*"], "Resource": "*"}]},
         "sessionPolicy": None, "scps": [], "rcps": [], "expect": exp, "why": "E7: a permissions boundary caps AdministratorAccess"}
    CASES.append(("use-cases", c))


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
