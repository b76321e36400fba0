//! Importers: turn the JSON that AWS tools print into an account model (docs/import.md).
//!
//! Every importer is a pure function from `(relative path, text)` pairs to an [`ImportResult`]: the
//! model as a `serde_json::Value` that [`crate::model::load_model`] reads, what was left out and
//! why, and located errors for malformed input. No file I/O happens here; the CLI reads the folder.
//!
//! The folder layout (`iamsim import DIR`, see [`import_folder`]):
//!
//! ```text
//! iam/<anything>.json                       aws iam get-account-authorization-details (one per account)
//! iam/<account-id>/…                        identity providers and MFA devices (see `identity.rs`)
//! org/describe-organization.json            aws organizations describe-organization
//! org/roots.json                            aws organizations list-roots
//! org/ous/<parent-id>.json                  aws organizations list-organizational-units-for-parent
//! org/accounts/<parent-id>.json             aws organizations list-accounts-for-parent
//! org/policies/<policy-id>.json             aws organizations describe-policy
//! org/targets/<policy-id>.json              aws organizations list-targets-for-policy
//! resources/<account-id>/<service>/…        resource policies (see [`resources`])
//! terraform/<name>.json                     terraform show -json plan.out (see [`terraform`]; the
//!                                           account comes from an aws_caller_identity data source)
//! cloudformation/<account-id>/[<region>/]<name>.json|yaml   a CloudFormation template (see [`cloudformation`])
//! compute/<account-id>/[<region>/]<command>.json   compute that runs as a role (see `compute.rs`)
//! ```

mod builder;
pub mod cloudformation;
mod compute;
mod duplicates;
mod iam;
mod identity;
mod org;
mod origins;
mod read;
pub mod resources;
pub mod terraform;
mod versions;

use crate::diag::Diagnostic;

pub use cloudformation::import_cloudformation_template;
pub use cloudformation::CfnOptions;
pub use iam::import_authorization_details;
pub use org::import_organization;
pub use origins::SourceMapping;
pub use resources::import_resources;
pub use terraform::import_terraform_plan;

/// What an import produced.
#[derive(Debug, Clone)]
pub struct ImportResult {
    /// The account model (`{"organization": …, "accounts": …}`).
    pub model: serde_json::Value,
    /// Items read but deliberately left out of the model.
    pub skipped: Vec<Skipped>,
    /// Malformed input, located in its file.
    pub errors: Vec<ImportError>,
    /// Where parts of the model were read ([`ImportResult::locate_in_sources`]).
    pub sources: Vec<SourceMapping>,
}

/// An item left out of the model, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    /// What was left out, e.g. `policy arn:aws:iam::aws:policy/ReadOnlyAccess`.
    pub what: String,
    /// The file and JSON pointer it was read from (`iam/111.json#/Policies/3`).
    pub location: String,
    /// Why it was left out.
    pub reason: String,
}

/// A diagnostic in one of the imported files: its span and JSON path refer to `file`'s text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// The imported file, as named in the input folder.
    pub file: String,
    /// The problem, located in that file's text.
    pub diagnostic: Diagnostic,
}

/// Imports a whole folder laid out as described in the module documentation. Files outside the
/// layout are reported in `skipped`.
pub fn import_folder(files: &[(&str, &str)]) -> ImportResult {
    import_folder_with(files, &CfnOptions::default())
}

/// [`import_folder`], with the parameters, account and region CloudFormation templates are
/// evaluated with (a template's folder names its account and region over these).
pub(crate) fn import_folder_with(files: &[(&str, &str)], cfn: &CfnOptions) -> ImportResult {
    import_folder_side(files, cfn, terraform::PlanSide::Planned)
}

/// `import_folder_with`, taking `side` of every Terraform plan (the prior side gives the model
/// before apply, for `iamsim diff` against the planned side).
pub fn import_folder_side(
    files: &[(&str, &str)],
    cfn: &CfnOptions,
    side: terraform::PlanSide,
) -> ImportResult {
    let mut b = builder::Builder::default();
    let mut org_files = Vec::new();
    let mut compute_files = Vec::new();
    // Account snapshots first, then the partial views that attach to what they define: a plan or
    // template may attach a policy to a role that only the snapshot has. Within a folder, the
    // given order (the CLI sorts by path) decides which file keeps a name defined twice.
    let rank = |path: &str| {
        let path = path.trim_start_matches("./");
        [
            "iam/",
            "org/",
            "resources/",
            "terraform/",
            "cloudformation/",
            "compute/",
        ]
        .iter()
        .position(|p| path.starts_with(p))
        .unwrap_or(6)
    };
    let mut ordered: Vec<&(&str, &str)> = files.iter().collect();
    ordered.sort_by_key(|(path, _)| rank(path));
    for &&(path, text) in &ordered {
        let path = path.trim_start_matches("./");
        if let Some(rest) = path.strip_prefix("iam/") {
            if let Some((account, inner)) = rest
                .split_once('/')
                .filter(|(a, _)| crate::arn::is_account_id(a))
            {
                identity::import_file(&mut b, account, inner, path, text);
                continue;
            }
            if rest.ends_with(".json") {
                iam::import_file(&mut b, path, text);
                continue;
            }
        } else if let Some(rest) = path.strip_prefix("org/") {
            org_files.push((rest, path, text));
            continue;
        } else if let Some(rest) = path.strip_prefix("compute/") {
            compute_files.push((rest, path, text));
            continue;
        } else if let Some(rest) = path.strip_prefix("resources/") {
            resources::import_file(&mut b, rest, path, text);
            continue;
        } else if let Some(rest) = path.strip_prefix("cloudformation/") {
            if rest.ends_with(".json") || cloudformation::is_yaml(rest) {
                match cloudformation::placement(rest, cfn) {
                    Ok(options) => cloudformation::import_file(&mut b, path, text, &options),
                    Err(reason) => b.skip(format!("file {path}"), path.to_owned(), reason),
                }
                continue;
            }
        } else if let Some(rest) = path.strip_prefix("terraform/") {
            if rest.ends_with(".json") {
                terraform::import_file(&mut b, path, text, None, side);
                continue;
            }
        }
        b.skip(
            format!("file {path}"),
            path.to_owned(),
            "not part of the import layout (iam/, org/, resources/, terraform/, cloudformation/, compute/)",
        );
    }
    if !org_files.is_empty() {
        org::import_files(&mut b, &org_files);
    }
    if !compute_files.is_empty() {
        compute::import_files(&mut b, &compute_files);
    }
    b.finish()
}

#[cfg(test)]
mod compute_tests;
#[cfg(test)]
mod tests;
