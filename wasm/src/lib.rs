//! wasm-bindgen bindings over `iamsim_core::api`.
//!
//! Every export takes and returns strings: the JSON text in, the JSON text of the result out.
//! Strings cross the boundary in one copy each way, need no serde glue in the module, and keep the
//! .wasm small; the JS wrapper (`wasm/js/api.mjs`) parses the result and turns error results into
//! thrown `IamsimError`s. Adding an entry point is one function here plus one line in that wrapper.
//!
//! The model questions and `diff` keep the last few models they loaded (`cache.rs`): asking again
//! about the same text does not load it again.
//!
//! None of these functions panics on any input (core's contract). The release profile aborts on
//! panic, so a panic would surface in JS as a `RuntimeError` trap, which the wrapper catches.

use iamsim_core::api;
use iamsim_core::model::EXAMPLE_ORG;
use serde_json::json;
use wasm_bindgen::prelude::wasm_bindgen;

mod cache;
mod import;

/// `decide_json`: one scenario (docs/scenario.md) → `{id, decision, trace?}` or `{id, error}`.
#[wasm_bindgen(js_name = decideJson)]
pub fn decide_json(scenario_json: &str, explain: bool) -> String {
    api::decide_json(scenario_json, explain).to_string()
}

/// `validate_json`: one policy document of a kind → `{valid, diagnostics}`.
#[wasm_bindgen(js_name = validateJson)]
pub fn validate_json(policy_json: &str, kind: &str) -> String {
    api::validate_json(policy_json, kind).to_string()
}

/// `paths_json`: chains of assumption from a principal of a model (`model_json` empty: the
/// embedded example organization) → `{result}` or `{error}`.
#[wasm_bindgen(js_name = pathsJson)]
pub fn paths_json(model_json: &str, query_json: &str) -> String {
    ask(model_json, |m| api::paths_json_in(m.model(), query_json))
}

/// `who_can_json`: every identity of a model that can perform an action on a resource.
#[wasm_bindgen(js_name = whoCanJson)]
pub fn who_can_json(model_json: &str, query_json: &str) -> String {
    ask(model_json, |m| api::who_can_json_in(m.model(), query_json))
}

/// `check_json`: the decision of one request by an identity of a model, with what was assumed.
#[wasm_bindgen(js_name = checkJson)]
pub fn check_json(model_json: &str, query_json: &str) -> String {
    ask(model_json, |m| {
        api::check_json_in(m.model(), m.text(), query_json)
    })
}

/// `assume_json`: simulate one role assumption in a model.
#[wasm_bindgen(js_name = assumeJson)]
pub fn assume_json(model_json: &str, query_json: &str) -> String {
    ask(model_json, |m| api::assume_json_in(m.model(), query_json))
}

/// `diff_json`: the requests whose outcome changes between two models (docs/diff.md); an empty
/// model text is the embedded example organization, as for the questions.
#[wasm_bindgen(js_name = diffJson)]
pub fn diff_json(before_json: &str, after_json: &str, query_json: &str) -> String {
    api::diff_json_loading(query_json, |side| {
        let text = if side == "before" {
            before_json
        } else {
            after_json
        };
        cache::loaded(non_empty(text).unwrap_or(EXAMPLE_ORG))
    })
    .to_string()
}

/// The text of the embedded example organization (the model used when a query names none), so
/// that pages and tools can show and edit exactly what the engine answers about.
#[wasm_bindgen(js_name = exampleModel)]
pub fn example_model() -> String {
    EXAMPLE_ORG.to_owned()
}

/// `load_model_json`: loads a model (docs/model.md) without asking anything → `{result:
/// {accounts: [{id, name}], warnings}}` or `{error}` located in the model text.
#[wasm_bindgen(js_name = loadModelJson)]
pub fn load_model_json(model_json: &str) -> String {
    let text = non_empty(model_json).unwrap_or(EXAMPLE_ORG);
    // Loaded into the cache: a page checks a model, then asks about it.
    match cache::loaded(text) {
        Ok(m) => {
            let lines = iamsim_core::diag::LineIndex::new(text);
            let accounts: Vec<_> = m
                .model()
                .accounts
                .iter()
                .map(|a| json!({"id": a.id, "name": a.name}))
                .collect();
            let warnings: Vec<_> = m
                .model()
                .warnings
                .iter()
                .map(|d| d.locate(&lines))
                .collect();
            json!({"result": {"accounts": accounts, "warnings": warnings}}).to_string()
        }
        Err(e) => e.to_string(),
    }
}

/// `import_json`: `iamsim import` over files in memory (`{files: [{path, text}]}`) → `{result:
/// {text, skipped, files}}` or `{error}` located in its file (`file`, line, column, path).
#[wasm_bindgen(js_name = importJson)]
pub fn import_json(input_json: &str) -> String {
    import::import_json(input_json).to_string()
}

/// `install_managed_policies_json`: installs every AWS managed policy from the text of the
/// package's `aws-managed-policies.txt` (once per instance) → `{result}` or `{error}`.
#[wasm_bindgen(js_name = installManagedPoliciesJson)]
pub fn install_managed_policies_json(text: &str) -> String {
    // Models loaded before approximate the policies installed now.
    cache::clear();
    api::install_managed_policies_json(text).to_string()
}

/// `managed_policies_json`: which AWS managed policies models get → `{full, count, …}`.
#[wasm_bindgen(js_name = managedPoliciesJson)]
pub fn managed_policies_json() -> String {
    api::managed_policies_json().to_string()
}

/// Answers with the model of `model_json` (empty: the example), loaded or from the cache.
fn ask(model_json: &str, answer: impl FnOnce(&api::LoadedModel) -> serde_json::Value) -> String {
    match cache::loaded(non_empty(model_json).unwrap_or(EXAMPLE_ORG)) {
        Ok(m) => answer(&m),
        Err(e) => e,
    }
    .to_string()
}

fn non_empty(text: &str) -> Option<&str> {
    (!text.trim().is_empty()).then_some(text)
}

/// The engine's version.
#[wasm_bindgen]
pub fn version() -> String {
    api::version().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_are_json_text() {
        let out: serde_json::Value = serde_json::from_str(&decide_json("{", false)).unwrap();
        assert!(out.get("error").is_some(), "{out}");
        let out: serde_json::Value =
            serde_json::from_str(&validate_json("{}", "identity")).unwrap();
        assert!(out.get("diagnostics").is_some(), "{out}");
        assert_eq!(version(), env!("CARGO_PKG_VERSION"));
    }

    /// A model text is loaded once however many questions and diffs ask about it; a text that
    /// does not load is answered with its error and not kept; at most a few texts are kept, and
    /// the answers are the same whether the model came from the cache or not.
    #[test]
    fn models_are_loaded_once_per_text_and_answers_do_not_depend_on_the_cache() {
        cache::clear();
        let question = r#"{"action":"s3:GetObject","resource":"arn:aws:s3:::example-data-lake/reports/q3.csv"}"#;
        let fresh = api::who_can_json(None, question).to_string();
        assert_eq!(who_can_json("", question), fresh);
        assert_eq!(cache::len(), 1);
        let first = cache::loaded(EXAMPLE_ORG).unwrap();
        assert_eq!(who_can_json(EXAMPLE_ORG, question), fresh);
        let again = cache::loaded(EXAMPLE_ORG).unwrap();
        assert!(std::rc::Rc::ptr_eq(&first, &again));
        assert_eq!(cache::len(), 1);

        let bad = who_can_json("{\"accounts\": 3}", question);
        assert!(bad.contains("\"error\""), "{bad}");
        assert_eq!(cache::len(), 1);

        // Diff of the example against itself: one text, no change.
        let diff: serde_json::Value =
            serde_json::from_str(&diff_json("", EXAMPLE_ORG, "{}")).unwrap();
        assert_eq!(
            diff.pointer("/result/changed")
                .and_then(serde_json::Value::as_u64),
            Some(0),
            "{diff}"
        );
        assert_eq!(cache::len(), 1);

        for n in 0..6 {
            let text = EXAMPLE_ORG.replacen('{', &format!("{{\"_note{n}\": 1, "), 1);
            let _ = load_model_json(&text);
        }
        assert!(cache::len() <= 4, "{}", cache::len());
        let _ = install_managed_policies_json("");
        assert_eq!(cache::len(), 0);
    }
}
