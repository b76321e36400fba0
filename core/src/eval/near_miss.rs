//! Near misses: Allow statements that matched the request's action, resource and principal but
//! whose conditions failed. A denial names them with what each condition expected and what the
//! request had ("the trust policy requires sts:ExternalId = cust-7Q2; the request had wrong-id"),
//! which is what a user needs to fix a denial. Recorded only on the traced path.

use super::trace::PolicyType;
use crate::compile::{CompiledCondition, CompiledPolicy, CompiledStatement};
use crate::context::Context;
use serde::Serialize;

/// One condition that did not hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FailedCondition {
    /// The operator as written (`StringEquals`, `ForAnyValue:StringLike`, `BoolIfExists`).
    pub operator: String,
    /// The key as written.
    pub key: String,
    /// The policy's values, as written.
    pub expected: Vec<String>,
    /// The request's values for the key; `None` when the request did not carry it.
    pub actual: Option<Vec<String>>,
}

impl FailedCondition {
    pub(super) fn new(c: &CompiledCondition, ctx: &Context) -> Self {
        let actual = ctx
            .get(&c.key)
            .filter(|v| v.is_present())
            .map(|v| v.as_slice().iter().map(|x| x.raw.clone()).collect());
        FailedCondition {
            operator: c.operator.name(),
            key: c.key_display.to_string(),
            expected: c.values_text.iter().map(|v| v.to_string()).collect(),
            actual,
        }
    }

    /// "sts:ExternalId = cust-7Q2; the request had wrong-id" (the operator's name when it is not
    /// a plain equality or `Like` test: "aws:SourceIp IpAddress 10.0.0.0/8; …").
    pub fn sentence(&self) -> String {
        let expected = match self.expected.as_slice() {
            [one] => one.clone(),
            many => format!("one of {}", many.join(", ")),
        };
        let had = match &self.actual {
            None => format!("the request had no {}", self.key),
            Some(values) => format!("the request had {}", values.join(", ")),
        };
        let test = match self.operator.as_str() {
            "StringEquals" | "ArnEquals" | "Bool" | "NumericEquals" | "DateEquals" => "=",
            "StringEqualsIgnoreCase" => "= (any case)",
            "StringLike" | "ArnLike" => "like",
            other => other,
        };
        format!("{} {test} {expected}; {had}", self.key)
    }
}

/// An Allow statement that applied but for its conditions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NearMiss {
    /// The type of the policy.
    pub policy_type: PolicyType,
    /// The policy's label, as in [`super::StatementHit`].
    pub policy: String,
    /// JSON pointer of the statement in its input.
    pub path: String,
    /// The statement's index in its policy.
    pub statement: usize,
    /// The statement's `Sid`, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// Every condition of the statement that did not hold.
    pub failed: Vec<FailedCondition>,
    /// Byte offsets of the statement in its input text.
    pub start: u32,
    /// Byte offset past the statement's end.
    pub end: u32,
    /// Whether the policy is a role's trust policy (a resource policy of `sts:AssumeRole*`).
    #[serde(skip)]
    pub trust: bool,
}

impl NearMiss {
    pub(super) fn new(policy: &CompiledPolicy, st: &CompiledStatement) -> Self {
        NearMiss {
            policy_type: PolicyType::of(policy.source.kind),
            policy: policy.source.label.clone(),
            path: st.path.clone(),
            statement: st.index,
            sid: st.sid.as_deref().map(str::to_owned),
            failed: Vec::new(),
            start: st.span.start,
            end: st.span.end,
            trust: policy.source.kind == crate::policy::PolicyKind::Trust,
        }
    }

    /// "the trust policy's statement `Msp` requires sts:ExternalId = cust-7Q2; the request had
    /// wrong-id".
    pub fn sentence(&self) -> String {
        let owner = if self.trust {
            "the trust policy"
        } else {
            self.policy_type.describe()
        };
        let statement = match &self.sid {
            Some(sid) => format!("statement `{sid}`"),
            None => format!("statement {}", self.statement),
        };
        let failed: Vec<String> = self.failed.iter().map(FailedCondition::sentence).collect();
        format!("{owner}'s {statement} requires {}", failed.join("; and "))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    fn trace(context: Value, extra_deny: bool) -> Value {
        let mut statements = vec![
            json!({"Sid": "FromOffice", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
            "Condition": {"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.168.0.0/16"]}, "Bool": {"aws:SecureTransport": "true"}}}),
        ];
        if extra_deny {
            statements.push(
                json!({"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*",
                "Condition": {"StringEquals": {"aws:RequestedRegion": "ap-south-1"}}}),
            );
        }
        let scenario = json!({
            "principal": "arn:aws:iam::111111111111:user/alice", "action": "s3:GetObject",
            "resource": "arn:aws:s3:::b/k", "resourceAccount": "111111111111", "context": context,
            "identityPolicies": [{"Version": "2012-10-17", "Statement": statements}]
        });
        crate::api::decide_json(&scenario.to_string(), true)["trace"].clone()
    }

    #[test]
    fn a_denial_names_every_failed_condition_with_expected_and_actual_values() {
        let t = trace(
            json!({"aws:SourceIp": "203.0.113.9", "aws:RequestedRegion": "eu-west-1"}),
            true,
        );
        assert_eq!(t["decision"], "ImplicitDeny");
        let misses = t["nearMisses"].as_array().unwrap();
        // Only the Allow statement: the Deny whose condition failed explains nothing.
        assert_eq!(misses.len(), 1, "{t}");
        assert_eq!(misses[0]["sid"], "FromOffice");
        assert_eq!(
            misses[0]["failed"],
            json!([
                {"operator": "IpAddress", "key": "aws:SourceIp", "expected": ["10.0.0.0/8", "192.168.0.0/16"], "actual": ["203.0.113.9"]},
                {"operator": "Bool", "key": "aws:SecureTransport", "expected": ["true"], "actual": null}
            ])
        );
        let miss: super::NearMiss = super::NearMiss {
            policy_type: super::PolicyType::Identity,
            policy: String::new(),
            path: String::new(),
            statement: 0,
            sid: Some("FromOffice".into()),
            failed: serde_json::from_value::<Vec<FailedConditionRead>>(misses[0]["failed"].clone())
                .unwrap()
                .into_iter()
                .map(FailedConditionRead::into_failed)
                .collect(),
            start: 0,
            end: 0,
            trust: false,
        };
        assert_eq!(
            miss.sentence(),
            "an identity-based policy's statement `FromOffice` requires aws:SourceIp IpAddress one of 10.0.0.0/8, 192.168.0.0/16; the request had 203.0.113.9; and aws:SecureTransport = true; the request had no aws:SecureTransport"
        );
    }

    #[test]
    fn an_allowed_request_has_no_near_misses() {
        let t = trace(
            json!({"aws:SourceIp": "10.1.2.3", "aws:SecureTransport": "true"}),
            false,
        );
        assert_eq!(t["decision"], "Allowed");
        assert!(t.get("nearMisses").is_none(), "{t}");
    }

    #[derive(serde::Deserialize)]
    struct FailedConditionRead {
        operator: String,
        key: String,
        expected: Vec<String>,
        actual: Option<Vec<String>>,
    }

    impl FailedConditionRead {
        fn into_failed(self) -> super::FailedCondition {
            super::FailedCondition {
                operator: self.operator,
                key: self.key,
                expected: self.expected,
                actual: self.actual,
            }
        }
    }
}
