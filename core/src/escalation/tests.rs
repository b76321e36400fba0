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
