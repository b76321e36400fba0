//! Dangling trust: trust and resource policies that name principals of the model's accounts that
//! the model does not have (deleted, renamed, or never created), or the unique id AWS leaves in a
//! policy when the principal it named is deleted.

use super::documents::{Document, Owner};
use super::principals::{account_of, aws_principals};
use crate::diag::Diagnostic;
use crate::lint::rules::DANGLING_PRINCIPAL;
use crate::model::Model;

/// Unique-id prefixes of IAM principals (users, roles, groups) as AWS shows them in a policy
/// whose principal was deleted.
const UNIQUE_ID_PREFIXES: [&str; 3] = ["AIDA", "AROA", "AGPA"];

fn is_unique_id(text: &str) -> bool {
    UNIQUE_ID_PREFIXES.iter().any(|p| text.starts_with(p))
        && text.len() >= 16
        && text
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// The IAM role or user ARN a principal value stands for (a session ARN stands for its role),
/// when it names one.
fn identity_arn(text: &str) -> Option<String> {
    let rest = text.strip_prefix("arn:aws:")?;
    let (service, rest) = rest.split_once("::")?;
    let (account, resource) = rest.split_once(':')?;
    match service {
        "iam" if resource.starts_with("role/") || resource.starts_with("user/") => {
            Some(text.to_owned())
        }
        "sts" => {
            let role = resource.strip_prefix("assumed-role/")?.split('/').next()?;
            Some(format!("arn:aws:iam::{account}:role/{role}"))
        }
        _ => None,
    }
}

/// Adds `dangling-principal` findings for the trust and resource policies among `docs`.
pub fn check(model: &Model, docs: &[Document], out: &mut Vec<Diagnostic>) {
    for doc in docs {
        if doc.owner == Owner::Other {
            continue;
        }
        for p in aws_principals(doc.value) {
            let path = format!("{}/Statement/{}/Principal", doc.path, p.statement);
            if is_unique_id(p.text) {
                out.push(
                    DANGLING_PRINCIPAL
                        .at(
                            format!("`{}` is the unique id of a deleted IAM principal: AWS puts it in place of the ARN when the principal it named is deleted", p.text),
                            path,
                            p.span,
                        )
                        .with_hint(DANGLING_PRINCIPAL.help),
                );
                continue;
            }
            let Some(account) = account_of(p.text) else {
                continue;
            };
            if !model.accounts.iter().any(|a| a.id == account) {
                // Another organization's principal: not ours to know (see external-access).
                continue;
            }
            let Some(arn) = identity_arn(p.text) else {
                continue;
            };
            let from_session = p.text.starts_with("arn:aws:sts:");
            let exists = model.world.identity_index(&arn).is_some()
                || model
                    .world
                    .identities
                    .iter()
                    .any(|i| same_identity(&i.arn, &arn, from_session));
            if !exists {
                out.push(
                    DANGLING_PRINCIPAL
                        .at(
                            format!("`{}` names a principal that account {account} does not have in the model", p.text),
                            path,
                            p.span,
                        )
                        .with_hint(DANGLING_PRINCIPAL.help),
                );
            }
        }
    }
}

/// IAM names are unique case-insensitively. A session ARN names its role without the role's
/// path, so for a session only the account and the name must agree.
fn same_identity(model_arn: &str, named: &str, from_session: bool) -> bool {
    if model_arn.eq_ignore_ascii_case(named) {
        return true;
    }
    let account = |a: &str| a.split(':').nth(4).map(str::to_owned);
    let role_name = |a: &str| {
        a.split(':')
            .nth(5)
            .filter(|r| r.starts_with("role/"))
            .and_then(|r| r.rsplit('/').next())
            .map(str::to_ascii_lowercase)
    };
    from_session
        && account(model_arn) == account(named)
        && role_name(model_arn).is_some()
        && role_name(model_arn) == role_name(named)
}
