//! The global `aws:` condition keys and their types.
//!
//! Hand-written from AWS's "AWS global condition context keys" page (IAM User Guide,
//! reference_policies_condition-keys): the SAR data only lists the three tag keys, so the rest
//! cannot be generated. The value type follows each key's "Data type" on that page; keys the page
//! calls multivalued are `ArrayOf*`, every other key is single-valued. Tag keys are one key per
//! tag, each single-valued.

use super::condition_keys::key_template_matches;
use super::types::ConditionKeyType::{self, *};
use super::wildcard::cmp_ignore_ascii_case;

/// One global condition key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GlobalConditionKey {
    /// The key as AWS spells it; tag keys are templates (`aws:PrincipalTag/${TagKey}`).
    pub name: &'static str,
    /// The value type; `ArrayOf*` means multivalued.
    pub key_type: ConditionKeyType,
}

const fn key(name: &'static str, key_type: ConditionKeyType) -> GlobalConditionKey {
    GlobalConditionKey { name, key_type }
}

/// Every global `aws:` key, grouped as on the AWS page.
pub(crate) const GLOBAL_CONDITION_KEYS: &[GlobalConditionKey] = &[
    // Properties of the principal.
    key("aws:PrincipalArn", Arn),
    key("aws:PrincipalAccount", String),
    key("aws:PrincipalOrgPaths", ArrayOfString),
    key("aws:PrincipalOrgID", String),
    key("aws:PrincipalTag/${TagKey}", String),
    key("aws:PrincipalIsAWSService", Bool),
    key("aws:PrincipalServiceName", String),
    key("aws:PrincipalServiceNamesList", ArrayOfString),
    key("aws:PrincipalType", String),
    key("aws:userid", String),
    key("aws:username", String),
    // Properties of a role session.
    key("aws:AssumedRoot", Bool),
    key("aws:FederatedProvider", String),
    key("aws:TokenIssueTime", Date),
    key("aws:MultiFactorAuthAge", Numeric),
    key("aws:MultiFactorAuthPresent", Bool),
    key("aws:ChatbotSourceArn", Arn),
    key("aws:Ec2InstanceSourceVpc", String),
    key("aws:Ec2InstanceSourcePrivateIPv4", IpAddress),
    key("aws:SourceIdentity", String),
    // Properties of the network.
    key("aws:SourceIp", IpAddress),
    key("aws:SourceVpc", String),
    key("aws:SourceVpcArn", Arn),
    key("aws:SourceVpce", String),
    key("aws:VpceAccount", String),
    key("aws:VpceOrgID", String),
    key("aws:VpceOrgPaths", ArrayOfString),
    key("aws:VpcSourceIp", IpAddress),
    // Properties of the resource.
    key("aws:ResourceAccount", String),
    key("aws:ResourceOrgID", String),
    key("aws:ResourceOrgPaths", ArrayOfString),
    key("aws:ResourceTag/${TagKey}", String),
    // Properties of the request.
    key("aws:CalledVia", ArrayOfString),
    key("aws:CalledViaFirst", String),
    key("aws:CalledViaLast", String),
    key("aws:ViaAWSService", Bool),
    key("aws:CurrentTime", Date),
    // The page lists Date and Numeric for this key: numeric operators take it as epoch seconds.
    key("aws:EpochTime", Date),
    key("aws:referer", String),
    key("aws:RequestedRegion", String),
    key("aws:RequestTag/${TagKey}", String),
    key("aws:TagKeys", ArrayOfString),
    key("aws:SecureTransport", Bool),
    key("aws:SourceAccount", String),
    key("aws:SourceArn", Arn),
    key("aws:SourceOrgID", String),
    key("aws:SourceOrgPaths", ArrayOfString),
    key("aws:UserAgent", String),
];

/// The global key `key` names, ignoring ASCII case; tag keys match their template
/// (`aws:PrincipalTag/team` → `aws:PrincipalTag/${TagKey}`).
pub(crate) fn global_condition_key(key: &str) -> Option<&'static GlobalConditionKey> {
    // Every global key is an `aws:` key (pinned by a test): a service's key skips both scans,
    // which lint runs for every condition of every policy.
    if !key.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("aws:")) {
        return None;
    }
    GLOBAL_CONDITION_KEYS
        .iter()
        .find(|g| cmp_ignore_ascii_case(g.name, key).is_eq())
        .or_else(|| {
            GLOBAL_CONDITION_KEYS
                .iter()
                .find(|g| g.name.contains("${") && key_template_matches(g.name, key))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_global_key_is_an_aws_key() {
        for g in GLOBAL_CONDITION_KEYS {
            assert!(g.name.starts_with("aws:"), "{}", g.name);
        }
        assert!(global_condition_key("AWS:SourceIp").is_some());
        assert!(global_condition_key("s3:prefix").is_none());
        assert!(global_condition_key("aw").is_none());
    }

    #[test]
    fn reference_section_3_6_keys_are_all_present_with_their_types() {
        let expected = [
            ("aws:CurrentTime", Date),
            ("aws:EpochTime", Date),
            ("aws:SecureTransport", Bool),
            ("aws:RequestedRegion", String),
            ("aws:SourceIp", IpAddress),
            ("aws:SourceVpc", String),
            ("aws:SourceVpce", String),
            ("aws:VpcSourceIp", IpAddress),
            ("aws:PrincipalArn", Arn),
            ("aws:PrincipalAccount", String),
            ("aws:PrincipalType", String),
            ("aws:userid", String),
            ("aws:username", String),
            ("aws:PrincipalOrgID", String),
            ("aws:PrincipalOrgPaths", ArrayOfString),
            ("aws:PrincipalTag/team", String),
            ("aws:PrincipalIsAWSService", Bool),
            ("aws:PrincipalServiceName", String),
            ("aws:PrincipalServiceNamesList", ArrayOfString),
            ("aws:SourceArn", Arn),
            ("aws:SourceAccount", String),
            ("aws:SourceOrgID", String),
            ("aws:ViaAWSService", Bool),
            ("aws:CalledVia", ArrayOfString),
            ("aws:CalledViaFirst", String),
            ("aws:CalledViaLast", String),
            ("aws:TokenIssueTime", Date),
            ("aws:MultiFactorAuthPresent", Bool),
            ("aws:MultiFactorAuthAge", Numeric),
            ("aws:SourceIdentity", String),
            ("aws:FederatedProvider", String),
            ("aws:RequestTag/env", String),
            ("aws:TagKeys", ArrayOfString),
            ("aws:ResourceTag/env", String),
            ("aws:ResourceAccount", String),
            ("aws:ResourceOrgID", String),
            ("aws:ResourceOrgPaths", ArrayOfString),
        ];
        for (name, key_type) in expected {
            let found = global_condition_key(name).unwrap_or_else(|| panic!("{name} missing"));
            assert_eq!(found.key_type, key_type, "{name}");
        }
    }

    #[test]
    fn multivalued_keys_are_exactly_the_documented_ones() {
        let multi: Vec<&str> = GLOBAL_CONDITION_KEYS
            .iter()
            .filter(|k| k.key_type.is_multi_valued())
            .map(|k| k.name)
            .collect();
        assert_eq!(
            multi,
            [
                "aws:PrincipalOrgPaths",
                "aws:PrincipalServiceNamesList",
                "aws:VpceOrgPaths",
                "aws:ResourceOrgPaths",
                "aws:CalledVia",
                "aws:TagKeys",
                "aws:SourceOrgPaths",
            ]
        );
        assert!(!global_condition_key("aws:RequestTag/a")
            .unwrap()
            .key_type
            .is_multi_valued());
    }

    #[test]
    fn lookup_ignores_case_and_rejects_unknown_keys() {
        assert_eq!(
            global_condition_key("AWS:SOURCEIP").map(|k| k.name),
            Some("aws:SourceIp")
        );
        assert!(global_condition_key("aws:SourceIpAddress").is_none());
        assert!(global_condition_key("aws:PrincipalTag/").is_none());
    }

    #[test]
    fn names_are_unique_ignoring_case() {
        for (i, a) in GLOBAL_CONDITION_KEYS.iter().enumerate() {
            for b in GLOBAL_CONDITION_KEYS.iter().skip(i + 1) {
                assert!(!cmp_ignore_ascii_case(a.name, b.name).is_eq(), "{}", a.name);
            }
        }
    }
}
