//! CloudFormation templates (JSON or YAML): the IAM entities, policies, bucket and key policies and
//! identity providers a stack would create.
//!
//! Intrinsic functions are evaluated with the parameters, pseudo parameters and import values the
//! caller gives ([`CfnOptions`]); parameter `Default`s fill the rest. A value known only once the
//! stack exists (a generated name, a key id, `AWS::StackName` …) is never guessed: the resource,
//! or the part of it that needs the value, is reported by logical id and JSON pointer in
//! `skipped`. A template CloudFormation would reject (a `Ref` to nothing, a malformed `Fn::Join`
//! …) is a located error.

mod conditions;
mod entities;
mod eval;
mod iam;
mod names;
mod refs;
mod resources;
mod sub;
mod template;
mod yaml;

use super::builder::Builder;
use super::read::{parse, Ctx};
use super::ImportResult;
use crate::arn::is_account_id;
use crate::diag::Diagnostic;
use crate::json::Span;
use std::collections::BTreeMap;
use template::Template;

/// What the template's parameters, pseudo parameters and imports resolve to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CfnOptions {
    /// `AWS::AccountId`: the account the stack is deployed in.
    pub account: Option<String>,
    /// `AWS::Region` (and, from it, `AWS::Partition` and `AWS::URLSuffix`).
    pub region: Option<String>,
    /// Parameter values by name (`--parameter Key=Value`); they win over `Default`s.
    pub parameters: BTreeMap<String, String>,
    /// `Fn::ImportValue` exports by name (`--import-value Name=Value`).
    pub import_values: BTreeMap<String, String>,
    /// Physical ids of resources by logical id (`--physical-id Key=1234abcd-…`): what `Ref`
    /// returns for a deployed resource whose id CloudFormation generated (a KMS key id).
    pub physical_ids: BTreeMap<String, String>,
}

/// Imports one template (YAML when `file` ends in `.yaml` or `.yml`, else JSON). The account is `options.account`; without it the template cannot be
/// placed in a model (an error).
pub fn import_cloudformation_template(
    file: &str,
    text: &str,
    options: &CfnOptions,
) -> ImportResult {
    let mut b = Builder::default();
    import_file(&mut b, file, text, options);
    b.finish()
}

pub(super) fn import_file(b: &mut Builder, file: &str, text: &str, options: &CfnOptions) {
    let Some(account) = options.account.as_deref() else {
        b.error(
            file,
            Diagnostic::error(
                "import-no-account",
                "the account the stack is deployed in is not known",
                "",
                Span::default(),
            )
            .with_hint("put the template under cloudformation/<account-id>/ or pass --account-id"),
        );
        return;
    };
    if !is_account_id(account) {
        b.error(
            file,
            Diagnostic::error(
                "invalid-account-id",
                format!("`{account}` is not a 12-digit account id"),
                "",
                Span::default(),
            ),
        );
        return;
    }
    if is_yaml(file) {
        let json = match yaml::to_json(text) {
            Ok(j) => j,
            Err(d) => return b.error(file, d),
        };
        let first = b.errors.len();
        import_json(b, file, &json, account, options);
        // Spans point into the JSON form, not the file: the JSON pointer locates the error.
        for e in b.errors.iter_mut().skip(first) {
            e.diagnostic.span = None;
        }
    } else {
        import_json(b, file, text, account, options);
    }
}

/// YAML templates end in `.yaml` or `.yml`; the others are read as JSON.
pub(super) fn is_yaml(file: &str) -> bool {
    file.ends_with(".yaml") || file.ends_with(".yml")
}

fn import_json(b: &mut Builder, file: &str, text: &str, account: &str, options: &CfnOptions) {
    let Some(root) = parse(file, text, &mut b.errors) else {
        return;
    };
    let mut cx = Ctx::new(file);
    if let Some(template) = Template::read(&mut cx, &root) {
        let stack = eval::Stack::new(&template, account, options);
        entities::Importer::new(b, &mut cx, &stack).run();
    }
    b.errors.append(&mut cx.errors);
}

/// Where a template of the folder layout sits: `<account-id>/[<region>/]<name>.json` under
/// `cloudformation/`, or `<name>.json` directly in it (then the options name the account).
pub(super) fn placement(rel: &str, defaults: &CfnOptions) -> Result<CfnOptions, String> {
    let parts: Vec<&str> = rel.split('/').collect();
    let mut options = defaults.clone();
    match parts.as_slice() {
        [_name] => {}
        [account, _name] | [account, _, _name] if !is_account_id(account) => {
            return Err(format!(
                "`{account}` is not a 12-digit account id (cloudformation/<account-id>/[<region>/]<name>.json)"
            ));
        }
        [account, _name] => options.account = Some((*account).to_owned()),
        [account, region, _name] => {
            options.account = Some((*account).to_owned());
            options.region = Some((*region).to_owned());
        }
        _ => {
            return Err(
                "not in the layout cloudformation/<account-id>/[<region>/]<name>.json".to_owned(),
            )
        }
    }
    Ok(options)
}

#[cfg(test)]
mod tests;
