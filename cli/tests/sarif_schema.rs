//! `--format sarif` output validated against the SARIF 2.1.0 schema subset in
//! tests/lint/sarif-2.1.0-subset.schema.json, with a small JSON Schema (draft-04 keywords) checker.

// Inside a cfg(test) module so that helpers, like tests, may unwrap (clippy.toml).
#[cfg(test)]
mod sarif {
    use assert_cmd::Command;
    use serde_json::Value;
    use std::path::PathBuf;

    fn repo() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
    }

    /// Checks `v` against `schema`; errors name the JSON pointer of the offending value.
    fn check(root: &Value, schema: &Value, v: &Value, at: &str, errors: &mut Vec<String>) {
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            let name = r.strip_prefix("#/definitions/").expect("local $ref");
            let target = &root["definitions"][name];
            assert!(!target.is_null(), "dangling $ref {r}");
            return check(root, target, v, at, errors);
        }
        if let Some(t) = schema.get("type").and_then(Value::as_str) {
            let ok = match t {
                "object" => v.is_object(),
                "array" => v.is_array(),
                "string" => v.is_string(),
                "integer" => v.is_i64() || v.is_u64(),
                "number" => v.is_number(),
                "boolean" => v.is_boolean(),
                other => panic!("type {other} not supported"),
            };
            if !ok {
                errors.push(format!("{at}: expected {t}, found {v}"));
                return;
            }
        }
        if let Some(options) = schema.get("enum").and_then(Value::as_array) {
            if !options.contains(v) {
                errors.push(format!("{at}: {v} is not one of {options:?}"));
            }
        }
        if let Some(min) = schema.get("minimum").and_then(Value::as_f64) {
            if v.as_f64().is_some_and(|n| n < min) {
                errors.push(format!("{at}: {v} is below {min}"));
            }
        }
        if let Some(any) = schema.get("anyOf").and_then(Value::as_array) {
            let passes = any.iter().any(|s| {
                let mut e = Vec::new();
                check(root, s, v, at, &mut e);
                e.is_empty()
            });
            if !passes {
                errors.push(format!("{at}: matches none of anyOf"));
            }
        }
        if let (Some(obj), true) = (
            v.as_object(),
            schema.get("type") == Some(&Value::from("object")) || schema.get("required").is_some(),
        ) {
            for req in schema
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let name = req.as_str().unwrap();
                if !obj.contains_key(name) {
                    errors.push(format!("{at}: missing required `{name}`"));
                }
            }
            let props = schema.get("properties").and_then(Value::as_object);
            for (k, child) in obj {
                let path = format!("{at}/{k}");
                match props.and_then(|p| p.get(k)) {
                    Some(s) => check(root, s, child, &path, errors),
                    None => match schema.get("additionalProperties") {
                        Some(Value::Bool(false)) => {
                            errors.push(format!("{at}: `{k}` is not allowed"))
                        }
                        Some(s @ Value::Object(_)) => check(root, s, child, &path, errors),
                        _ => {}
                    },
                }
            }
        }
        if let (Some(items), Some(s)) = (v.as_array(), schema.get("items")) {
            if let Some(min) = schema.get("minItems").and_then(Value::as_u64) {
                if (items.len() as u64) < min {
                    errors.push(format!("{at}: fewer than {min} items"));
                }
            }
            for (i, item) in items.iter().enumerate() {
                check(root, s, item, &format!("{at}/{i}"), errors);
            }
        }
    }

    fn schema() -> Value {
        let text =
            std::fs::read_to_string(repo().join("tests/lint/sarif-2.1.0-subset.schema.json"))
                .unwrap();
        serde_json::from_str(&text).unwrap()
    }

    fn errors_of(v: &Value) -> Vec<String> {
        let s = schema();
        let mut errors = Vec::new();
        check(&s, &s, v, "", &mut errors);
        errors
    }

    #[test]
    fn sarif_output_conforms_to_the_schema() {
        let corpus = repo().join("tests/lint");
        let mut files: Vec<String> = Vec::new();
        for name in [
            "trust-whole-account.json",
            "unknown-action.json",
            "missing-sid.json",
        ] {
            // The corpus files wrap policies; validating them as identity policies yields grammar
            // errors, lint findings and several rules: a good mix for the schema check.
            files.push(corpus.join(name).display().to_string());
        }
        let out = Command::cargo_bin("iamsim")
            .unwrap()
            .args(["validate", "--format", "sarif"])
            .args(&files)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(errors_of(&sarif), Vec::<String>::new());
        let run = &sarif["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        let results = run["results"].as_array().unwrap();
        assert!(results.len() >= 3, "{results:?}");
        for r in results {
            let index = r["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[index]["id"], r["ruleId"]);
            let region = &r["locations"][0]["physicalLocation"]["region"];
            assert!(region["startLine"].as_u64().unwrap() >= 1);
            assert!(
                r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
                    .as_str()
                    .unwrap()
                    .starts_with('/')
            );
        }
    }

    #[test]
    fn account_wide_sarif_conforms_and_names_the_account_rules() {
        let model = repo().join("tests/lint/public-access.json");
        // The corpus file wraps two models: lint the failing one, written to its own file.
        let file: Value = serde_json::from_str(&std::fs::read_to_string(model).unwrap()).unwrap();
        let dir = std::env::temp_dir().join(format!("iamsim-sarif-model-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("model.json");
        std::fs::write(&path, serde_json::to_string_pretty(&file["fail"]).unwrap()).unwrap();
        let out = Command::cargo_bin("iamsim")
            .unwrap()
            .args([
                "validate",
                "--format",
                "sarif",
                "--fail-on",
                "security-warning",
                "--model",
            ])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(errors_of(&sarif), Vec::<String>::new());
        let run = &sarif["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        let external = run["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["ruleId"] == "public-access")
            .unwrap();
        let rule = &rules[external["ruleIndex"].as_u64().unwrap() as usize];
        assert_eq!(rule["id"], "public-access");
        assert!(rule["shortDescription"]["text"]
            .as_str()
            .unwrap()
            .contains("any AWS account"));
        assert_eq!(external["properties"]["policyKind"], "model");
    }

    #[test]
    fn the_checker_rejects_what_the_schema_forbids() {
        let bad: Value = serde_json::json!({
            "version": "2.0.0",
            "runs": [{"tool": {"driver": {}}, "results": [{"level": "fatal", "message": {},
                "locations": [{"physicalLocation": {"region": {"startLine": 0}}}], "extra": 1}]}]
        });
        let errors = errors_of(&bad);
        for expected in [
            "/version: \"2.0.0\" is not one of",
            "/runs/0/tool/driver: missing required `name`",
            "/runs/0/results/0/level: \"fatal\"",
            "/runs/0/results/0/message: matches none of anyOf",
            "/runs/0/results/0/locations/0/physicalLocation: matches none of anyOf",
            "/runs/0/results/0/locations/0/physicalLocation/region/startLine: 0 is below 1",
            "/runs/0/results/0: `extra` is not allowed",
        ] {
            assert!(
                errors.iter().any(|e| e.starts_with(expected)),
                "{expected} not in {errors:#?}"
            );
        }
    }
}
