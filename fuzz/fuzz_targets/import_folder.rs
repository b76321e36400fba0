//! Any bytes as a folder of AWS CLI / Organizations / Terraform / CloudFormation outputs: the
//! importers never panic, and the model they produce never makes the loader panic.
//!
//! Input: files separated by NUL bytes; each file's first byte picks its place in the import
//! layout (docs/import.md), the rest is its text. `make-seeds.py` builds seeds this way from the
//! fixtures in tests/import/.
#![no_main]
use iamsim_core::import::import_folder;
use iamsim_core::model::load_model;
use libfuzzer_sys::fuzz_target;

/// Places of the layout, indexed by a file's first byte (modulo the count).
const PLACES: [&str; 21] = [
    "iam/111111111111.json",
    "iam/222222222222.json",
    "org/describe-organization.json",
    "org/roots.json",
    "org/ous/r-ab12.json",
    "org/accounts/r-ab12.json",
    "org/policies/p-abcd1234.json",
    "org/targets/p-abcd1234.json",
    "resources/111111111111/s3/bucket.json",
    "resources/111111111111/kms/eu-west-1/1234abcd-12ab-34cd-56ef-1234567890ab.json",
    "resources/111111111111/sqs/eu-west-1/queue.json",
    "resources/111111111111/lambda/eu-west-1/fn.json",
    "terraform/plan.json",
    "cloudformation/111111111111/stack.json",
    "org/ous/ou-ab12-11111111.json",
    "resources/111111111111/secretsmanager/eu-west-1/app/db.json",
    "iam/111111111111/saml-providers.json",
    "iam/111111111111/virtual-mfa-devices.json",
    "iam/111111111111/mfa-devices/alice.json",
    "iam/111111111111/oidc-providers/token.actions.githubusercontent.com.json",
    "cloudformation/111111111111/eu-west-1/stack.yaml",
];

fuzz_target!(|data: &[u8]| {
    let mut files = Vec::new();
    for chunk in data.split(|b| *b == 0) {
        let Some((&place, text)) = chunk.split_first() else { continue };
        let Ok(text) = std::str::from_utf8(text) else { continue };
        let path = PLACES
            .get(usize::from(place) % PLACES.len())
            .copied()
            .unwrap_or("iam/0.json");
        files.push((path, text));
    }
    let result = import_folder(&files);
    let Ok(model_text) = serde_json::to_string(&result.model) else { return };
    let _ = load_model(&model_text);
});
