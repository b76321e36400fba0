//! The question corpus (tests/questions/) through the `iamsim` binary: every question that flags
//! can express is asked with `--format json`, and the printed answer must equal the JSON API's
//! answer exactly, with the exit code of its outcome (0 allowed / found, 1 denied / none, 2 error).
//! Errors must print the API error's code, message and hint.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed test"
)]

#[path = "../../tests/tests/questions/corpus.rs"]
mod corpus;

use corpus::{ask, corpus, corpus_dir, Entry};
use serde_json::{Map, Value};
use std::process::Command;

/// Entries where the CLI is known to differ from the library (`file/name`, the difference): the
/// runner expects the difference and fails when it is gone, so that the mark is removed.
/// Questions whose CLI answer is known to differ from the library's (none today; an entry here
/// fails once the difference goes away).
const KNOWN_CLI_DIFFERENCES: [(&str, &str); 0] = [];

/// The flags of an entry's question, or why flags cannot say it (a JSON type error, an unknown
/// field: questions about the JSON shape itself).
fn flags(e: &Entry) -> Result<Vec<String>, String> {
    let q = e
        .question
        .as_object()
        .ok_or("the question is not an object")?;
    let mut args: Vec<String> = Vec::new();
    let s = |k: &str| -> Result<Option<String>, String> {
        match q.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(v)) => Ok(Some(v.clone())),
            Some(other) => Err(format!("`{k}` is {other}, not a string")),
        }
    };
    let need = |k: &str| -> Result<String, String> { s(k)?.ok_or(format!("no `{k}`")) };
    let known: &[&str] = match e.ask.as_str() {
        "check" => &[
            "principal",
            "action",
            "resource",
            "mfa",
            "context",
            "explain",
            "unknown",
        ],
        "whoCan" => &[
            "action", "resource", "mfa", "context", "maxDepth", "edges", "unknown",
        ],
        "paths" => &[
            "principal",
            "webIdentity",
            "saml",
            "to",
            "mfa",
            "context",
            "maxDepth",
            "edges",
        ],
        "assume" => &[
            "principal",
            "role",
            "externalId",
            "mfa",
            "durationSeconds",
            "sessionName",
            "sessionTags",
            "transitiveTagKeys",
            "sourceIdentity",
            "context",
            "webIdentity",
            "saml",
        ],
        other => return Err(format!("unknown ask {other}")),
    };
    if let Some(k) = q.keys().find(|k| !known.contains(&k.as_str())) {
        return Err(format!("unknown field `{k}`"));
    }
    match e.ask.as_str() {
        "check" => {
            args.extend([
                "check".into(),
                need("principal")?,
                need("action")?,
                need("resource")?,
            ]);
            if q.get("explain") == Some(&Value::Bool(true)) {
                args.push("--explain".into());
            }
        }
        "whoCan" => args.extend(["who-can".into(), need("action")?, need("resource")?]),
        "paths" => {
            args.push("paths".into());
            caller(&mut args, q, &need)?;
            if let Some(to) = q.get("to").filter(|t| !t.is_null()) {
                let to = to.as_object().ok_or("`to` is not an object")?;
                let get = |k: &str| to.get(k).and_then(Value::as_str).map(str::to_owned);
                args.push("--to".into());
                args.push(get("action").ok_or("`to` without action")?);
                args.push(get("resource").ok_or("`to` without resource")?);
            }
        }
        "assume" => {
            args.push("assume".into());
            caller(&mut args, q, &need)?;
            args.push(need("role")?);
            for (field, flag) in [
                ("externalId", "--external-id"),
                ("sessionName", "--session-name"),
                ("sourceIdentity", "--source-identity"),
            ] {
                if let Some(v) = s(field)? {
                    args.extend([flag.into(), v]);
                }
            }
            if let Some(d) = q.get("durationSeconds") {
                let d = d
                    .as_u64()
                    .ok_or("`durationSeconds` is not a whole number")?;
                args.extend(["--duration".into(), d.to_string()]);
            }
            if let Some(tags) = q.get("sessionTags") {
                let pairs = pairs(tags, "sessionTags")?;
                if pairs.iter().any(|p| p.contains(',')) {
                    return Err("a session tag with a comma".into());
                }
                if !pairs.is_empty() {
                    args.extend(["--session-tags".into(), pairs.join(",")]);
                }
            }
            if let Some(keys) = q.get("transitiveTagKeys") {
                let keys: Vec<&str> = keys
                    .as_array()
                    .ok_or("`transitiveTagKeys` is not an array")?
                    .iter()
                    .map(|k| k.as_str().ok_or("a transitive key is not a string"))
                    .collect::<Result<_, _>>()?;
                if !keys.is_empty() {
                    args.extend(["--transitive-tag-keys".into(), keys.join(",")]);
                }
            }
        }
        _ => unreachable!(),
    }
    match q.get("mfa") {
        None => {}
        Some(Value::Bool(true)) => args.push("--mfa".into()),
        Some(Value::Bool(false)) => {}
        Some(other) => return Err(format!("`mfa` is {other}")),
    }
    if let Some(d) = q.get("maxDepth") {
        let d = d.as_u64().ok_or("`maxDepth` is not a whole number")?;
        args.extend(["--max-depth".into(), d.to_string()]);
    }
    if let Some(e) = q.get("edges") {
        let e = e.as_str().ok_or("`edges` is not a string")?;
        args.extend(["--edges".into(), e.to_owned()]);
    }
    if let Some(u) = q.get("unknown") {
        for key in u.as_array().ok_or("`unknown` is not an array")? {
            let key = key.as_str().ok_or("an unknown key is not a string")?;
            args.extend(["--unknown".into(), key.to_owned()]);
        }
    }
    if let Some(c) = q.get("context").filter(|c| !c.is_null()) {
        let c = c.as_object().ok_or("`context` is not an object")?;
        for (k, v) in c {
            match v {
                Value::String(v) => args.extend(["--context".into(), format!("{k}={v}")]),
                // A key given twice is multi-valued; one value given once is a single value.
                Value::Array(vs) if vs.len() >= 2 => {
                    for v in vs {
                        let v = v.as_str().ok_or("a context value is not a string")?;
                        args.extend(["--context".into(), format!("{k}={v}")]);
                    }
                }
                other => return Err(format!("context `{k}` is {other}")),
            }
        }
    }
    if let Some(m) = &e.model_path {
        args.extend([
            "--model".into(),
            corpus_dir().join(m).to_string_lossy().into_owned(),
        ]);
    }
    args.extend(["--format".into(), "json".into()]);
    Ok(args)
}

/// The caller of an assume or paths question: `PRINCIPAL`, or the federated flags.
fn caller(
    args: &mut Vec<String>,
    q: &serde_json::Map<String, Value>,
    need: &dyn Fn(&str) -> Result<String, String>,
) -> Result<(), String> {
    match (q.get("webIdentity"), q.get("saml")) {
        (Some(w), None) if !q.contains_key("principal") => {
            federated(args, w, "--web-identity", "claims", "--claim")
        }
        (None, Some(s)) if !q.contains_key("principal") => {
            federated(args, s, "--saml", "attributes", "--attribute")
        }
        (None, None) => {
            args.push(need("principal")?);
            Ok(())
        }
        _ => Err("two callers".into()),
    }
}

/// `--web-identity P --claim k=v …` or `--saml P --attribute k=v …`.
fn federated(
    args: &mut Vec<String>,
    caller: &Value,
    flag: &str,
    field: &str,
    pair_flag: &str,
) -> Result<(), String> {
    let provider = caller
        .get("provider")
        .and_then(Value::as_str)
        .ok_or("no provider")?;
    args.extend([flag.into(), provider.into()]);
    if let Some(values) = caller.get(field) {
        for p in pairs(values, field)? {
            args.extend([pair_flag.into(), p]);
        }
    }
    Ok(())
}

/// `{"k": "v"}` → `["k=v"]`.
fn pairs(v: &Value, field: &str) -> Result<Vec<String>, String> {
    let map: &Map<String, Value> = v.as_object().ok_or(format!("`{field}` is not an object"))?;
    map.iter()
        .map(|(k, v)| {
            v.as_str()
                .map(|v| format!("{k}={v}"))
                .ok_or(format!("`{field}/{k}` is not a string"))
        })
        .collect()
}

/// The exit code the answer means.
fn expected_exit(ask: &str, answer: &Value) -> i32 {
    let found = match ask {
        // With unknown keys: allowed for some of their values.
        "check" if answer.get("condition").is_some() => {
            answer["condition"]["outcome"] != Value::String("Denied".into())
        }
        "check" | "assume" => answer["allowed"] == Value::Bool(true),
        "whoCan" => answer["principals"]
            .as_array()
            .is_some_and(|p| !p.is_empty()),
        "paths" => answer["paths"].as_array().is_some_and(|p| !p.is_empty()),
        _ => false,
    };
    if found {
        0
    } else {
        1
    }
}

/// Asks one entry through the binary; `Err` describes a difference.
fn run(e: &Entry, args: &[String]) -> Result<(), String> {
    let output = Command::new(env!("CARGO_BIN_EXE_iamsim"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .map_err(|err| err.to_string())?;
    let code = output.status.code().unwrap_or(-1);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let library = ask(e);
    if let Some(error) = library.get("error") {
        let code_name = error["code"].as_str().unwrap_or_default();
        let message = error["message"].as_str().unwrap_or_default();
        let head = format!("error[{code_name}]: {message}");
        if code != 2 || !stderr.contains(&head) || !stdout.trim().is_empty() {
            return Err(format!(
                "expected exit 2 and `{head}` on stderr, got exit {code}\nstdout: {stdout}\nstderr: {stderr}"
            ));
        }
        if let Some(hint) = error["hint"].as_str() {
            if !stderr.contains(hint) {
                return Err(format!("stderr lacks the hint `{hint}`: {stderr}"));
            }
        }
        return Ok(());
    }
    let answer = &library["result"];
    let printed: Value = serde_json::from_str(stdout.trim())
        .map_err(|err| format!("stdout is not JSON ({err}): {stdout}\nstderr: {stderr}"))?;
    if &printed != answer {
        return Err(format!(
            "the CLI printed\n  {printed}\nthe library answered\n  {answer}"
        ));
    }
    let want = expected_exit(&e.ask, answer);
    if code != want {
        return Err(format!("exit {code}, expected {want}; stderr: {stderr}"));
    }
    Ok(())
}

#[test]
fn the_cli_gives_the_library_answers() {
    let entries = corpus();
    let mut jobs = Vec::new();
    let mut skipped = Vec::new();
    for e in &entries {
        match flags(e) {
            Ok(args) => jobs.push((e, args)),
            Err(why) => skipped.push((e, why)),
        }
    }
    // Only questions about the JSON shape itself may be skipped, and they must be errors.
    for (e, why) in &skipped {
        let code = ask(e)["error"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(
            [
                "wrong-type",
                "unknown-field",
                "missing-field",
                "invalid-question"
            ]
            .contains(&code.as_str()),
            "{}/{}: flags cannot ask it ({why}), yet the library answers {code:?}",
            e.file,
            e.name
        );
    }
    assert!(
        jobs.len() >= entries.len() * 9 / 10,
        "only {} of {} questions could be asked with flags",
        jobs.len(),
        entries.len()
    );
    let failures: Vec<String> = std::thread::scope(|scope| {
        let workers: Vec<_> = jobs
            .chunks(jobs.len().div_ceil(2).max(1))
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .filter_map(|(e, args)| {
                            let id = format!("{}/{}", e.file, e.name);
                            let known = KNOWN_CLI_DIFFERENCES.iter().find(|(k, _)| *k == id);
                            match (run(e, args), known) {
                                (Ok(()), None) => None,
                                (Err(why), None) => {
                                    Some(format!("{id} (iamsim {}): {why}", args.join(" ")))
                                }
                                (Err(_), Some((_, what))) => {
                                    eprintln!("{id}: known CLI difference: {what}");
                                    None
                                }
                                (Ok(()), Some(_)) => Some(format!(
                                    "{id}: listed in KNOWN_CLI_DIFFERENCES but the CLI now agrees: remove it"
                                )),
                            }
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
