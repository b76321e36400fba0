//! Typed questions, and reading them from JSON with located errors (code, JSON path, span).
//!
//! The JSON shapes are the JSON API's and the wasm package's (docs/questions.md); the CLI builds
//! the same types from its flags.

use crate::context::{Context, ContextValue, ContextValues};
use crate::diag::Diagnostic;
use crate::json::{JsonKind, JsonValue};
use crate::model::read::{key, Reader};
use crate::query::assume::{AssumeCaller, AssumeQuestion};

/// The longest chain of role hops searched when the question does not say.
pub const DEFAULT_MAX_DEPTH: usize = 5;

/// What the question states about every request: MFA and context keys.
#[derive(Debug, Clone, Default)]
pub struct Given {
    /// Users sign in with MFA (counts only for users with an MFA device).
    pub mfa: bool,
    /// Context keys given by the question; they win over anything iamsim would assume.
    pub context: Context,
}

/// "Can this principal do this action on this resource?"
#[derive(Debug, Clone)]
pub struct CheckQuestion {
    /// The caller, named as in every question (name, `account:kind/name` or ARN).
    pub principal: String,
    /// The action (`service:Action`).
    pub action: String,
    /// A resource ARN, `*`, or for `sts:AssumeRole*` a role named as a principal.
    pub resource: String,
    /// MFA and the context keys the question gives.
    pub given: Given,
    /// Include every policy type's verdict and the statements that applied.
    pub explain: bool,
    /// Context keys left unknown (`*`: every key the request does not fix): the answer then
    /// carries the condition under which the request is allowed (docs/conditional.md).
    pub unknown: Vec<String>,
}

const EDGES_HINT: &str =
    "\"all\" follows role assumption and escalation techniques; \"assume\" role assumption only";

/// Which hops a search follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EdgeMode {
    /// Role assumption and the escalation techniques iamsim decides (docs/escalation.md).
    #[default]
    All,
    /// Role assumption only.
    Assume,
}

impl EdgeMode {
    /// `all` or `assume`; anything else is an `invalid-value` error (every front end says the
    /// same).
    pub fn parse(text: &str) -> Result<EdgeMode, Diagnostic> {
        match text {
            "all" => Ok(EdgeMode::All),
            "assume" => Ok(EdgeMode::Assume),
            other => Err(Diagnostic {
                severity: crate::diag::Severity::Error,
                code: "invalid-value",
                message: format!("`edges` must be \"all\" or \"assume\", found \"{other}\""),
                hint: Some(EDGES_HINT.into()),
                path: "/edges".into(),
                span: None,
            }),
        }
    }

    /// The name as written in questions and answers.
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeMode::All => "all",
            EdgeMode::Assume => "assume",
        }
    }
}

/// "Who can do this action on this resource, directly or through a chain of roles?"
#[derive(Debug, Clone)]
pub struct WhoCanQuestion {
    /// The action (`service:Action`).
    pub action: String,
    /// The resource ARN.
    pub resource: String,
    /// MFA and the context keys the question gives.
    pub given: Given,
    /// The longest chain of hops searched.
    pub max_depth: usize,
    /// The hops followed: assumption and escalation (default), or assumption only.
    pub edges: EdgeMode,
    /// Context keys left unknown (`*`: every key the request does not fix): each identity then
    /// comes with the condition on them under which it can (docs/conditional.md).
    pub unknown: Vec<String>,
}

/// "Which roles can this principal reach (and then do this)?"
#[derive(Debug, Clone)]
pub struct PathsQuestion {
    /// Where the paths start: an identity of the model, or a web-identity or SAML sign-in (the
    /// roles it can sign in to are the first hops).
    pub from: super::AssumeCaller,
    /// An action and resource the reached principals must be able to use; `None`: every role reached.
    pub to: Option<(String, String)>,
    /// MFA and the context keys the question gives.
    pub given: Given,
    /// The longest chain of hops searched.
    pub max_depth: usize,
    /// The hops followed: assumption and escalation (default), or assumption only.
    pub edges: EdgeMode,
}

/// A search depth over the limit: an error, never a silent cut (every front end says the same).
pub fn max_depth_error(limit: usize) -> Diagnostic {
    Diagnostic {
        severity: crate::diag::Severity::Error,
        code: "limit-exceeded",
        message: format!("`maxDepth` must be a whole number of hops up to {limit}"),
        hint: Some(
            "longer chains than ten hops do not occur in practice (the CLI raises the limit with --max-path-depth)"
                .into(),
        ),
        path: "/maxDepth".into(),
        span: None,
    }
}

/// Reads questions from one JSON text, collecting located errors.
pub(crate) struct QuestionReader {
    pub r: Reader,
    max_depth_limit: usize,
}

/// The fields of a check question.
pub(crate) const CHECK_FIELDS: [&str; 7] = [
    "principal",
    "action",
    "resource",
    "mfa",
    "context",
    "explain",
    "unknown",
];
const WHO_CAN: [&str; 7] = [
    "action", "resource", "mfa", "context", "maxDepth", "edges", "unknown",
];
const PATHS: [&str; 8] = [
    "principal",
    "webIdentity",
    "saml",
    "to",
    "mfa",
    "context",
    "maxDepth",
    "edges",
];
const TO: [&str; 2] = ["action", "resource"];
pub(crate) const ASSUME: [&str; 12] = [
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
];
const DIFF: [&str; 5] = ["requests", "mfa", "context", "maxDepth", "edges"];
const DIFF_REQUEST: [&str; 5] = ["principal", "action", "resource", "context", "mfa"];
const WEB_IDENTITY: [&str; 2] = ["provider", "claims"];
const SAML: [&str; 2] = ["provider", "attributes"];

impl QuestionReader {
    pub fn new(limits: &crate::limits::Limits) -> Self {
        QuestionReader {
            r: Reader::default(),
            max_depth_limit: limits.path_depth,
        }
    }

    /// Errors, or the value read.
    pub fn finish<T>(self, value: Option<T>) -> Result<T, Vec<Diagnostic>> {
        match value {
            Some(v) if self.r.diags.is_empty() => Ok(v),
            _ if self.r.diags.is_empty() => Err(vec![Diagnostic::error(
                "invalid-question",
                "the question could not be read",
                "",
                crate::json::Span::new(0, 0),
            )]),
            _ => Err(self.r.diags),
        }
    }

    pub fn check(&mut self, v: &JsonValue, allowed: &[&str]) -> Option<CheckQuestion> {
        self.r.object(v, "", "the question", allowed)?;
        let principal = self.required(v, "principal", "");
        let action = self.required(v, "action", "");
        let resource = self.required(v, "resource", "");
        let given = self.given(v);
        let explain = self.boolean(v, "explain", "");
        let unknown = self.unknown(v);
        Some(CheckQuestion {
            principal: principal?,
            action: action?,
            resource: resource?,
            given: given?,
            explain: explain?,
            unknown: unknown?,
        })
    }

    /// `unknown`: an array of context key names, `"*"` for every key the request does not fix.
    pub(crate) fn unknown(&mut self, v: &JsonValue) -> Option<Vec<String>> {
        let Some(u) = v.get("unknown") else {
            return Some(Vec::new());
        };
        let Some(items) = u.as_array() else {
            self.r.error_hint(
                "wrong-type",
                format!("`unknown` must be an array of context keys, found {}", u.kind_name()),
                "/unknown".to_owned(),
                u,
                "write \"unknown\": [\"aws:SourceIp\"], or [\"*\"] for every key the request does not fix",
            );
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            match &item.kind {
                JsonKind::String(s) if !s.is_empty() => out.push(s.to_string()),
                JsonKind::String(_) => {
                    self.r.error_hint(
                        "invalid-value",
                        "`unknown` items must be context key names, found an empty string",
                        format!("/unknown/{i}"),
                        item,
                        "write a key such as \"aws:SourceIp\", or \"*\"",
                    );
                    ok = false;
                }
                _ => {
                    self.r.error_hint(
                        "wrong-type",
                        format!(
                            "`unknown` items must be context key names, found {}",
                            item.kind_name()
                        ),
                        format!("/unknown/{i}"),
                        item,
                        "write a key such as \"aws:SourceIp\", or \"*\"",
                    );
                    ok = false;
                }
            }
        }
        ok.then_some(out)
    }

    pub fn who_can(&mut self, v: &JsonValue) -> Option<WhoCanQuestion> {
        self.r.object(v, "", "the question", &WHO_CAN)?;
        let action = self.required(v, "action", "");
        let resource = self.required(v, "resource", "");
        let given = self.given(v);
        let max_depth = self.max_depth(v);
        let edges = self.edges(v);
        let unknown = self.unknown(v);
        Some(WhoCanQuestion {
            action: action?,
            resource: resource?,
            given: given?,
            max_depth: max_depth?,
            edges: edges?,
            unknown: unknown?,
        })
    }

    pub fn paths(&mut self, v: &JsonValue) -> Option<PathsQuestion> {
        self.r.object(v, "", "the question", &PATHS)?;
        let from = self.caller(v);
        let to = match v.get("to") {
            None => Some(None),
            Some(t) if matches!(t.kind, JsonKind::Null) => Some(None),
            Some(t) => self.r.object(t, "/to", "`to`", &TO).and_then(|_| {
                let action = self.required(t, "action", "/to");
                let resource = self.required(t, "resource", "/to");
                Some(Some((action?, resource?)))
            }),
        };
        let given = self.given(v);
        let max_depth = self.max_depth(v);
        let edges = self.edges(v);
        Some(PathsQuestion {
            from: from?,
            to: to?,
            given: given?,
            max_depth: max_depth?,
            edges: edges?,
        })
    }

    pub fn assume(&mut self, v: &JsonValue) -> Option<AssumeQuestion> {
        self.r.object(v, "", "the question", &ASSUME)?;
        self.assume_body(v)
    }

    /// An assume question whose object was checked by the caller (access-test files allow a few
    /// more fields).
    pub(crate) fn assume_body(&mut self, v: &JsonValue) -> Option<AssumeQuestion> {
        let caller = self.caller(v);
        self.assume_fields(v, caller?)
    }

    /// The caller of an assume or paths question: exactly one of `principal`, `webIdentity`
    /// (provider and claims) or `saml` (provider and attributes).
    fn caller(&mut self, v: &JsonValue) -> Option<AssumeCaller> {
        match (v.get("webIdentity"), v.get("saml"), v.get("principal")) {
            (Some(w), None, None) => self
                .federated(w, "/webIdentity", &WEB_IDENTITY, "claims")
                .map(|(provider, claims)| AssumeCaller::WebIdentity { provider, claims }),
            (None, Some(s), None) => {
                self.federated(s, "/saml", &SAML, "attributes")
                    .map(|(provider, attributes)| AssumeCaller::Saml {
                        provider,
                        attributes,
                    })
            }
            (None, None, Some(_)) => self
                .required(v, "principal", "")
                .map(AssumeCaller::Identity),
            _ => {
                self.r.error_hint(
                    "invalid-question",
                    "give exactly one caller: `principal`, `webIdentity` or `saml`",
                    String::new(),
                    v,
                    "a web-identity or SAML caller has no principal of its own",
                );
                None
            }
        }
    }

    /// The fields of an assume question besides its caller.
    pub(crate) fn assume_fields(
        &mut self,
        v: &JsonValue,
        caller: AssumeCaller,
    ) -> Option<AssumeQuestion> {
        let role = self.required(v, "role", "");
        let given = self.given(v);
        let external_id = self.optional(v, "externalId");
        let session_name = self.optional(v, "sessionName");
        let source_identity = self.optional(v, "sourceIdentity");
        let duration_seconds = match v.get("durationSeconds") {
            None => Some(None),
            Some(d) => {
                match &d.kind {
                    JsonKind::Number(n) => match n.parse::<u32>() {
                        Ok(n) => Some(Some(n)),
                        Err(_) => {
                            self.r.error_hint("wrong-type", format!("`durationSeconds` must be a whole number of seconds, found {n}"), "/durationSeconds".to_owned(), d, "AWS accepts 900 up to the role's MaxSessionDuration (at most 43200)");
                            None
                        }
                    },
                    _ => {
                        self.r.error_hint(
                            "wrong-type",
                            format!(
                                "`durationSeconds` must be a number, found {}",
                                d.kind_name()
                            ),
                            "/durationSeconds".to_owned(),
                            d,
                            "write \"durationSeconds\": 3600",
                        );
                        None
                    }
                }
            }
        };
        let session_tags = match v.get("sessionTags") {
            None => Some(Vec::new()),
            Some(_) => {
                let before = self.r.diags.len();
                let tags = self.r.tags_field(v, "sessionTags", "");
                (self.r.diags.len() == before).then_some(tags)
            }
        };
        let transitive_tag_keys = {
            let before = self.r.diags.len();
            let keys: Vec<String> = self
                .r
                .strings(v, "transitiveTagKeys", "")
                .into_iter()
                .map(|(k, _)| k)
                .collect();
            (self.r.diags.len() == before).then_some(keys)
        };
        Some(AssumeQuestion {
            caller,
            role: role?,
            given: given?,
            external_id: external_id?,
            duration_seconds: duration_seconds?,
            session_name: session_name?.unwrap_or_else(|| "iamsim".to_owned()),
            session_tags: session_tags?,
            transitive_tag_keys: transitive_tag_keys?,
            source_identity: source_identity?,
        })
    }

    /// A diff question: `(requests or None for "every action × resource the models name", the
    /// facts every request carries, max depth)`. A request's own `context` adds to the question's.
    pub fn diff(
        &mut self,
        v: &JsonValue,
    ) -> Option<(
        Option<Vec<crate::diff::DiffRequest>>,
        Given,
        usize,
        EdgeMode,
    )> {
        self.r.object(v, "", "the question", &DIFF)?;
        let given = self.given(v)?;
        let max_depth = self.max_depth(v)?;
        let edges = self.edges(v)?;
        let requests = match v.get("requests") {
            None => None,
            Some(items) => {
                let Some(items) = items.as_array() else {
                    self.r.error(
                        "wrong-type",
                        format!(
                            "`requests` must be an array of request objects, found {}",
                            items.kind_name()
                        ),
                        "/requests".to_owned(),
                        items,
                    );
                    return None;
                };
                Some(self.diff_requests(items, "/requests", &given))
            }
        };
        Some((requests, given, max_depth, edges))
    }

    /// Diff requests at `prefix/0`, `prefix/1` …; `given` applies to each unless it says otherwise.
    pub(crate) fn diff_requests(
        &mut self,
        items: &[JsonValue],
        prefix: &str,
        given: &Given,
    ) -> Vec<crate::diff::DiffRequest> {
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let path = format!("{prefix}/{i}");
            if self
                .r
                .object(item, &path, "a request", &DIFF_REQUEST)
                .is_none()
            {
                continue;
            }
            let action = self.required(item, "action", &path);
            let resource = self.required(item, "resource", &path);
            let principal = match item.get("principal") {
                None => Some(None),
                Some(p) => self
                    .r
                    .string(p, &format!("{path}/principal"), "`principal`")
                    .map(Some),
            };
            let mfa = match item.get("mfa") {
                None => Some(given.mfa),
                Some(_) => self.boolean(item, "mfa", &path),
            };
            let own = self.context_at(item, &format!("{path}/context"));
            let (Some(action), Some(resource), Some(principal), Some(mfa), Some(own)) =
                (action, resource, principal, mfa, own)
            else {
                continue;
            };
            let mut context = given.context.clone();
            for entry in own.entries() {
                context.insert(&entry.key, entry.values.clone());
            }
            out.push(crate::diff::DiffRequest {
                probe: crate::diff::Probe { action, resource },
                principal,
                mfa,
                context,
            });
        }
        out
    }

    /// `{"provider", "claims"|"attributes": {key: value}}`.
    fn federated(
        &mut self,
        v: &JsonValue,
        path: &str,
        allowed: &[&str],
        pairs: &str,
    ) -> Option<(String, Vec<(String, String)>)> {
        self.r.object(
            v,
            path,
            &format!("`{}`", path.trim_start_matches('/')),
            allowed,
        )?;
        let provider = self.required(v, "provider", path);
        let before = self.r.diags.len();
        let values = self.r.tags_field(v, pairs, path);
        let ok = self.r.diags.len() == before;
        Some((provider?, values)).filter(|_| ok)
    }

    /// A required string field.
    pub fn required(&mut self, v: &JsonValue, field: &str, path: &str) -> Option<String> {
        match v.get(field) {
            Some(f) => self.r.string(f, &key(path, field), &format!("`{field}`")),
            None => {
                self.r.error_hint(
                    "missing-field",
                    format!("the question needs `{field}`"),
                    path.to_owned(),
                    v,
                    format!("add \"{field}\": \"…\""),
                );
                None
            }
        }
    }

    /// An optional string field (absent or null: `None`).
    pub fn optional(&mut self, v: &JsonValue, field: &str) -> Option<Option<String>> {
        match v.get(field) {
            None => Some(None),
            Some(f) if matches!(f.kind, JsonKind::Null) => Some(None),
            Some(f) => self
                .r
                .string(f, &key("", field), &format!("`{field}`"))
                .map(Some),
        }
    }

    /// An optional boolean field (absent: false). `"true"` as a string is an error: the field is
    /// a JSON boolean, and reading anything else as false would fail open.
    pub fn boolean(&mut self, v: &JsonValue, field: &str, path: &str) -> Option<bool> {
        match v.get(field).map(|f| (f, &f.kind)) {
            None => Some(false),
            Some((_, JsonKind::Bool(b))) => Some(*b),
            Some((f, _)) => {
                self.r.error_hint(
                    "wrong-type",
                    format!("`{field}` must be true or false, found {}", f.kind_name()),
                    key(path, field),
                    f,
                    format!("write \"{field}\": true (a JSON boolean, without quotes)"),
                );
                None
            }
        }
    }

    /// `mfa` and `context`.
    pub fn given(&mut self, v: &JsonValue) -> Option<Given> {
        let mfa = self.boolean(v, "mfa", "");
        let context = self.context(v);
        Some(Given {
            mfa: mfa?,
            context: context?,
        })
    }

    /// `context`: an object of strings or arrays of strings. Context values are strings in AWS's
    /// request context; a JSON number or boolean is refused rather than guessed at.
    pub fn context(&mut self, v: &JsonValue) -> Option<Context> {
        self.context_at(v, "/context")
    }

    /// The `context` member of `v`, whose JSON path is `cpath`.
    fn context_at(&mut self, v: &JsonValue, cpath: &str) -> Option<Context> {
        let Some(c) = v.get("context") else {
            return Some(Context::new());
        };
        if matches!(c.kind, JsonKind::Null) {
            return Some(Context::new());
        }
        let members = self.r.object(c, cpath, "`context`", &[]);
        // Every name is a key: drop `object`'s unknown-field reports, keep the others.
        let prefix = format!("{cpath}/");
        self.r
            .diags
            .retain(|d| !(d.code == "unknown-field" && d.path.starts_with(&prefix)));
        let members = members?;
        let mut context = Context::with_capacity(members.len() + 8);
        let mut ok = true;
        for (i, (k, value)) in members.iter().enumerate() {
            let kpath = key(cpath, &k.text);
            if members
                .iter()
                .take(i)
                .any(|(o, _)| o.text.eq_ignore_ascii_case(&k.text) && o.text != k.text)
            {
                self.r.error_hint(
                    "duplicate-key",
                    format!("context key `{}` appears more than once", k.text),
                    kpath,
                    value,
                    "context keys are case-insensitive",
                );
                ok = false;
                continue;
            }
            match &value.kind {
                JsonKind::String(s) => context.set(&k.text, s.to_string()),
                JsonKind::Array(items) => {
                    let mut values = Vec::with_capacity(items.len());
                    for (j, item) in items.iter().enumerate() {
                        match &item.kind {
                            JsonKind::String(s) => values.push(ContextValue::new(s.to_string())),
                            _ => {
                                self.context_type_error(&format!("{kpath}/{j}"), item, &k.text);
                                ok = false;
                            }
                        }
                    }
                    context.insert(&k.text, ContextValues::Multi(values));
                }
                _ => {
                    self.context_type_error(&kpath, value, &k.text);
                    ok = false;
                }
            }
        }
        ok.then_some(context)
    }

    fn context_type_error(&mut self, path: &str, value: &JsonValue, name: &str) {
        self.r.error_hint(
            "wrong-type",
            format!(
                "context key `{name}` must hold a string or an array of strings, found {}",
                value.kind_name()
            ),
            path.to_owned(),
            value,
            "context values are strings: write \"true\", \"300\", \"10.0.0.1\"",
        );
    }

    /// `edges`: `"all"` (assumption and escalation, the default) or `"assume"`.
    pub fn edges(&mut self, v: &JsonValue) -> Option<EdgeMode> {
        let Some(e) = v.get("edges") else {
            return Some(EdgeMode::All);
        };
        let parsed = match e.as_str() {
            Some(text) => EdgeMode::parse(text),
            None => EdgeMode::parse("").map_err(|mut d| {
                d.message = format!(
                    "`edges` must be \"all\" or \"assume\", found {}",
                    e.kind_name()
                );
                d
            }),
        };
        match parsed {
            Ok(mode) => Some(mode),
            Err(mut d) => {
                d.span = Some(e.span);
                self.r.diags.push(d);
                None
            }
        }
    }

    /// `maxDepth`: a whole number of hops up to the configured limit.
    pub fn max_depth(&mut self, v: &JsonValue) -> Option<usize> {
        let Some(d) = v.get("maxDepth") else {
            return Some(DEFAULT_MAX_DEPTH);
        };
        let limit = self.max_depth_limit;
        let n = match &d.kind {
            JsonKind::Number(n) => n.parse::<usize>().ok().filter(|n| *n <= limit),
            _ => None,
        };
        if n.is_none() {
            let mut e = max_depth_error(limit);
            e.span = Some(d.span);
            self.r.diags.push(e);
        }
        n
    }
}

/// Reads a file of diff requests: one JSON array, or JSON Lines (one request object a line),
/// with every error located in `text`.
pub fn read_diff_requests(
    text: &str,
    given: &Given,
    limits: &crate::limits::Limits,
) -> Result<Vec<crate::diff::DiffRequest>, Vec<Diagnostic>> {
    let mut reader = QuestionReader::new(limits);
    let mut out = Vec::new();
    if text.trim_start().starts_with('[') {
        let value = crate::json::parse(text, limits.json())
            .map_err(|e| vec![Diagnostic::from_json_error(&e, "")])?;
        match value.as_array() {
            Some(items) => out = reader.diff_requests(items, "", given),
            None => reader.r.error(
                "wrong-type",
                "the requests must be one JSON array or one object a line",
                String::new(),
                &value,
            ),
        }
        return reader.finish(Some(out));
    }
    let mut offset = 0usize;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        if line.trim().is_empty() {
            continue;
        }
        let before = reader.r.diags.len();
        match crate::json::parse(line, limits.json()) {
            Ok(value) => out.extend(reader.diff_requests(std::slice::from_ref(&value), "", given)),
            Err(e) => reader.r.diags.push(Diagnostic::from_json_error(&e, "")),
        }
        // Spans are relative to the line: make them relative to the file.
        for d in reader.r.diags.iter_mut().skip(before) {
            if let Some(span) = &mut d.span {
                *span =
                    crate::json::Span::new(span.start as usize + start, span.end as usize + start);
            }
            if let Some(rest) = d.path.strip_prefix("/0") {
                d.path = rest.to_owned();
            }
        }
    }
    reader.finish(Some(out))
}
