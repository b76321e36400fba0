//! AWS's rules for each policy kind, beyond the grammar: which elements a kind may have, the
//! shapes of actions, resources and principals, condition values readable by their operator,
//! and size limits (warnings, with the figure).

use super::ast::*;
use super::kind::PolicyKind;
use super::operator::{BaseOperator, OperatorFamily};
use crate::arn::{is_account_id, Arn};
use crate::diag::{Diagnostic, Severity};
use crate::json::child_pointer;
use crate::pattern::{has_variable_start, has_wildcard};
use crate::value;

/// Validates a parsed policy as a document of `kind`. `source` is the text the spans point into
/// (used for the size limit); `path` is the policy's JSON pointer.
pub fn validate_policy(
    policy: &Policy,
    kind: PolicyKind,
    source: Option<&str>,
    path: &str,
) -> Vec<Diagnostic> {
    let mut v = Validator {
        kind,
        diags: Vec::new(),
    };
    v.policy(policy, source, path);
    v.diags
}

struct Validator {
    kind: PolicyKind,
    diags: Vec<Diagnostic>,
}

fn join(path: &str, segment: &str) -> String {
    child_pointer(path, segment)
}

/// `text` split at its first colon (a byte scan; `str::split_once` is slower on short texts).
fn split_at_colon(text: &str) -> Option<(&str, &str)> {
    let at = text.bytes().position(|b| b == b':')?;
    Some((text.get(..at)?, text.get(at + 1..)?))
}

fn is_iam_kind(kind: PolicyKind) -> bool {
    matches!(
        kind,
        PolicyKind::Identity | PolicyKind::Boundary | PolicyKind::Session | PolicyKind::Trust
    )
}

impl Validator {
    fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn policy(&mut self, policy: &Policy, source: Option<&str>, path: &str) {
        let k = self.kind.as_str();
        match policy.version {
            PolicyVersion::Absent => self.push(
                Diagnostic::warning(
                    "missing-version",
                    "the policy has no `Version`",
                    path,
                    policy.span,
                )
                .with_hint(
                    "add \"Version\": \"2012-10-17\"; without it policy variables are literal text",
                ),
            ),
            PolicyVersion::V2008_10_17 if self.kind == PolicyKind::Rcp => {
                self.push(Diagnostic::error(
                    "rcp-version",
                    "a resource control policy must use version `2012-10-17`",
                    join(path, "Version"),
                    policy.version_span.unwrap_or(policy.span),
                ))
            }
            _ => {}
        }
        if policy.statements.is_empty() {
            self.push(
                Diagnostic::warning(
                    "empty-policy",
                    "the policy has no statements",
                    path,
                    policy.span,
                )
                .with_hint("a policy without statements allows and denies nothing"),
            );
        }
        // A document of fewer bytes than the limit cannot exceed it: count only large ones.
        let bytes = policy.span.end.saturating_sub(policy.span.start) as usize;
        if let Some(text) = source
            .filter(|_| bytes > self.kind.size_limit())
            .and_then(|s| s.get(policy.span.start as usize..policy.span.end as usize))
        {
            let size = text.chars().filter(|c| !c.is_whitespace()).count();
            let limit = self.kind.size_limit();
            if size > limit {
                self.push(Diagnostic::warning(
                    "policy-too-large",
                    format!("the {k} policy has {size} characters without whitespace; AWS's limit is {limit}"),
                    path,
                    policy.span,
                ).with_hint("split it into several policies or use wildcards"));
            }
        }
        let mut sids: Vec<&Spanned<String>> = Vec::new();
        for st in &policy.statements {
            if let Some(sid) = &st.sid {
                if is_iam_kind(self.kind) {
                    if !sid.value.chars().all(|c| c.is_ascii_alphanumeric()) {
                        self.push(Diagnostic::error(
                            "invalid-sid",
                            format!(
                                "the Sid `{}` may only contain letters and digits in an IAM policy",
                                sid.value
                            ),
                            join(&st.path, "Sid"),
                            sid.span,
                        ));
                    }
                    if sids.iter().any(|s| s.value == sid.value) {
                        self.push(
                            Diagnostic::error(
                                "duplicate-sid",
                                format!(
                                    "the Sid `{}` is used by more than one statement",
                                    sid.value
                                ),
                                join(&st.path, "Sid"),
                                sid.span,
                            )
                            .with_hint("Sids must be unique within an IAM policy"),
                        );
                    }
                }
                sids.push(sid);
            }
            self.statement(st, policy.version);
        }
    }

    fn statement(&mut self, st: &Statement, version: PolicyVersion) {
        let kind = self.kind;
        let k = kind.as_str();
        // Principal rules.
        match (&st.principal, kind.has_principal()) {
            (Some(p), false) => self.push(
                Diagnostic::error(
                    "principal-not-allowed",
                    format!(
                        "a {k} policy cannot have `{}`",
                        element(p.polarity, "Principal")
                    ),
                    join(&st.path, element(p.polarity, "Principal")),
                    p.span,
                )
                .with_hint("the principal of an identity-side policy is whoever it is attached to"),
            ),
            (None, true) => self.push(Diagnostic::error(
                "missing-principal",
                format!("a statement of a {k} policy needs a `Principal`"),
                st.path.clone(),
                st.span,
            )),
            (Some(p), true) => self.principal(st, p),
            (None, false) => {}
        }
        // Action rules.
        match &st.action {
            None => self.push(Diagnostic::error(
                "missing-action",
                "the statement has neither `Action` nor `NotAction`",
                st.path.clone(),
                st.span,
            )),
            Some(a) => {
                if kind == PolicyKind::Rcp && a.polarity == Polarity::AllExcept {
                    self.push(Diagnostic::error(
                        "not-action-in-rcp",
                        "resource control policies do not support `NotAction`",
                        join(&st.path, "NotAction"),
                        a.span,
                    ));
                }
                let elem = || join(&st.path, element(a.polarity, "Action"));
                // A single string is addressed as the element itself, an array entry by index.
                let single =
                    a.items.len() == 1 && a.items.first().is_some_and(|x| x.span == a.span);
                if a.items.is_empty() {
                    self.push(Diagnostic::warning(
                        "empty-array",
                        "the action list is empty, so the statement never applies",
                        elem(),
                        a.span,
                    ));
                }
                for (i, item) in a.items.iter().enumerate() {
                    self.action(item, &|| {
                        if single {
                            elem()
                        } else {
                            format!("{}/{i}", elem())
                        }
                    });
                }
            }
        }
        // Resource rules.
        match (&st.resource, kind) {
            (Some(r), PolicyKind::Trust) => self.push(
                Diagnostic::warning(
                    "resource-in-trust-policy",
                    "a trust policy should not have a resource element",
                    join(&st.path, element(r.polarity, "Resource")),
                    r.span,
                )
                .with_hint("the resource of a trust policy is always the role it is attached to"),
            ),
            (Some(r), _) => {
                let elem = || join(&st.path, element(r.polarity, "Resource"));
                let single =
                    r.items.len() == 1 && r.items.first().is_some_and(|x| x.span == r.span);
                if r.items.is_empty() {
                    self.push(Diagnostic::warning(
                        "empty-array",
                        "the resource list is empty, so the statement never applies",
                        elem(),
                        r.span,
                    ));
                }
                for (i, item) in r.items.iter().enumerate() {
                    self.resource(
                        item,
                        &|| {
                            if single {
                                elem()
                            } else {
                                format!("{}/{i}", elem())
                            }
                        },
                        version,
                    );
                }
            }
            (None, PolicyKind::Trust) => {}
            (None, _) => self.push(Diagnostic::error(
                "missing-resource",
                "the statement has neither `Resource` nor `NotResource`",
                st.path.clone(),
                st.span,
            )),
        }
        if kind == PolicyKind::Rcp && st.effect.value == Effect::Allow {
            self.push(Diagnostic::error(
                "allow-in-rcp",
                "resource control policies may only deny",
                join(&st.path, "Effect"),
                st.effect.span,
            ).with_hint("AWS's RCPFullAWSAccess is the only Allow; write Deny statements with conditions"));
        }
        for c in &st.conditions {
            self.condition(st, c, version);
        }
    }

    fn principal(&mut self, st: &Statement, p: &PrincipalClause) {
        let elem = join(&st.path, element(p.polarity, "Principal"));
        if p.polarity == Polarity::AllExcept {
            if st.effect.value == Effect::Allow {
                self.push(
                    Diagnostic::error(
                        "not-principal-with-allow",
                        "`NotPrincipal` cannot be used with `Allow`",
                        elem.clone(),
                        p.span,
                    )
                    .with_hint("use `Principal` with conditions on aws:PrincipalArn instead"),
                );
            }
            if matches!(self.kind, PolicyKind::Trust | PolicyKind::Rcp) {
                self.push(Diagnostic::error(
                    "not-principal-not-supported",
                    format!("a {} policy cannot use `NotPrincipal`", self.kind.as_str()),
                    elem.clone(),
                    p.span,
                ));
            }
        }
        let entries = match &p.value {
            PrincipalValue::Everyone => return,
            PrincipalValue::Map(entries) => entries,
        };
        if self.kind == PolicyKind::Rcp {
            let is_star = entries
                .iter()
                .all(|e| e.kind == PrincipalType::Aws && e.value.value == "*");
            if !is_star {
                self.push(
                    Diagnostic::warning(
                        "rcp-principal",
                        "resource control policies expect `\"Principal\": \"*\"`",
                        elem.clone(),
                        p.span,
                    )
                    .with_hint("narrow the principals with conditions such as aws:PrincipalOrgID"),
                );
            }
        }
        for entry in entries {
            let v = &entry.value;
            let epath = join(&elem, entry.kind.as_str());
            match entry.kind {
                PrincipalType::Aws => self.aws_principal(v, &|| epath.clone()),
                PrincipalType::Service => {
                    if v.value != "*" && !v.value.bytes().any(|b| b == b'.') {
                        self.push(
                            Diagnostic::warning(
                                "invalid-service-principal",
                                format!("`{}` does not look like a service principal", v.value),
                                epath,
                                v.span,
                            )
                            .with_hint("service principals look like `lambda.amazonaws.com`"),
                        );
                    }
                }
                PrincipalType::Federated => {
                    let is_provider = Arn::parse(&v.value).is_some_and(|a| {
                        a.service == "iam"
                            && (a.resource.starts_with("oidc-provider/")
                                || a.resource.starts_with("saml-provider/"))
                    });
                    if !is_provider && !v.value.bytes().any(|b| b == b'.') {
                        self.push(Diagnostic::warning(
                            "invalid-federated-principal",
                            format!(
                                "`{}` is neither an identity provider ARN nor a provider name",
                                v.value
                            ),
                            epath,
                            v.span,
                        ));
                    }
                }
                PrincipalType::CanonicalUser => {
                    if !(v.value.len() == 64 && v.value.bytes().all(|b| b.is_ascii_hexdigit()))
                        && v.value != "*"
                    {
                        self.push(Diagnostic::warning(
                            "invalid-canonical-user",
                            format!("`{}` is not a 64-character canonical user id", v.value),
                            epath,
                            v.span,
                        ));
                    }
                }
            }
        }
    }

    fn aws_principal(&mut self, v: &Spanned<String>, path: &dyn Fn() -> String) {
        let text = v.value.as_str();
        if text == "*" || is_account_id(text) {
            return;
        }
        if has_wildcard(text) {
            self.push(Diagnostic::error("wildcard-in-principal", format!("`{text}` uses a wildcard inside a principal"), path(), v.span)
                .with_hint("only the whole value `*` may be a wildcard; use `*` with an ArnLike condition on aws:PrincipalArn"));
            return;
        }
        let valid = Arn::parse(text).is_some_and(|a| {
            let typed = match a.service {
                "iam" => {
                    a.resource == "root"
                        || a.resource.starts_with("user/")
                        || a.resource.starts_with("role/")
                }
                "sts" => {
                    a.resource.starts_with("assumed-role/")
                        || a.resource.starts_with("federated-user/")
                }
                _ => false,
            };
            typed && is_account_id(a.account)
        });
        // A unique id (AIDA…, AROA…) is what IAM keeps when a named principal was deleted.
        let unique_id = text.len() >= 16
            && (text.starts_with("AIDA") || text.starts_with("AROA"))
            && text.bytes().all(|b| b.is_ascii_alphanumeric());
        if unique_id {
            self.push(Diagnostic::warning("dangling-principal-id", format!("`{text}` is a unique id: the principal it named was probably deleted"), path(), v.span)
                .with_hint("a unique id matches nothing, even if a principal with the same name is created again"));
        } else if !valid {
            self.push(Diagnostic::error("invalid-principal", format!("`{text}` is not an account id or an IAM user, role, session or root ARN"), path(), v.span)
                .with_hint("write a 12-digit account id or an ARN such as arn:aws:iam::123456789012:role/Name"));
        }
    }

    fn action(&mut self, item: &Spanned<String>, path: &dyn Fn() -> String) {
        let text = item.value.as_str();
        if text == "*" {
            return;
        }
        if has_variable_start(text) {
            self.push(Diagnostic::error(
                "variable-in-action",
                format!("`{text}` uses a policy variable; variables are not allowed in actions"),
                path(),
                item.span,
            ));
            return;
        }
        if has_whitespace(text) && split_at_colon(text).is_some() {
            // AWS stores these (ReadOnlyAccess v61 has `appconfig:ListTagsForResource `, ViewOnlyAccess
            // v1 `ec2: DescribeAccountAttributes`), so they are no error. They evaluate as written:
            // matching is a case-insensitive comparison with the action's name ("the name must match
            // an action that is supported by the service"; only case is normalised), and no action
            // name holds a space, so the entry matches no request. Trimming it would grant (or deny)
            // what AWS does not. Pinned by `whitespace_in_actions_matches_nothing`.
            let trimmed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            self.push(
                Diagnostic::warning(
                    "action-whitespace",
                    format!("`{text}` contains a space, so it matches no action (AWS compares the name as written)"),
                    path(),
                    item.span,
                )
                .with_hint(format!("write `{trimmed}`")),
            );
            return;
        }
        let Some((service, name)) = split_at_colon(text) else {
            self.push(
                Diagnostic::error(
                    "invalid-action",
                    format!("`{text}` is not of the form `service:Action`"),
                    path(),
                    item.span,
                )
                .with_hint("e.g. `s3:GetObject`, `ec2:Describe*` or `*`"),
            );
            return;
        };
        if has_wildcard(service) {
            self.push(
                Diagnostic::error(
                    "wildcard-in-service",
                    format!("`{text}` uses a wildcard in the service prefix"),
                    path(),
                    item.span,
                )
                .with_hint("wildcards are allowed only in the action name, e.g. `s3:*`"),
            );
        } else if service.is_empty()
            || !service
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            self.push(Diagnostic::error(
                "invalid-action",
                format!("`{service}` is not a service prefix"),
                path(),
                item.span,
            ));
        }
        if name.is_empty()
            || !name.chars().all(|c| {
                c.is_ascii_alphanumeric() || matches!(c, '*' | '?' | '-' | '_' | '.' | ':')
            })
        {
            self.push(Diagnostic::error(
                "invalid-action",
                format!("`{name}` is not an action name"),
                path(),
                item.span,
            ));
        }
    }

    fn resource(
        &mut self,
        item: &Spanned<String>,
        path: &dyn Fn() -> String,
        version: PolicyVersion,
    ) {
        let text = item.value.as_str();
        if text == "*" {
            return;
        }
        if has_variable_start(text) && !version.supports_variables() {
            self.push(Diagnostic::warning("variable-needs-version", format!("`{text}` looks like it uses a policy variable, but without Version 2012-10-17 it is literal text"), path(), item.span)
                .with_hint("add \"Version\": \"2012-10-17\""));
        }
        match Arn::parse(text) {
            Some(arn) => {
                let head = [arn.partition, arn.service, arn.region, arn.account];
                if version.supports_variables() && head.iter().any(|f| has_variable_start(f)) {
                    // AWS stores it (AmazonTimestreamInfluxDBServiceRolePolicy v2 has
                    // `arn:*:kms:*:${aws:PrincipalAccount}:key/*`) but replaces variables only after
                    // the fifth colon, so the field holds the literal `${…}` and matches no ARN.
                    self.push(Diagnostic::warning("variable-outside-resource-part", format!("`{text}` uses a policy variable before the resource part of the ARN, where AWS does not replace it: the entry matches no resource"), path(), item.span)
                        .with_hint("variables are replaced only after the fifth colon; use a condition on the key instead (e.g. aws:ResourceAccount)"));
                }
                if has_wildcard(arn.service) {
                    self.push(Diagnostic::warning(
                        "wildcard-in-arn-service",
                        format!("`{text}` uses a wildcard in the service field"),
                        path(),
                        item.span,
                    ));
                }
                if arn.service.is_empty() {
                    self.push(Diagnostic::error(
                        "invalid-arn",
                        format!("`{text}` has an empty service field"),
                        path(),
                        item.span,
                    ));
                }
            }
            None if text.starts_with("arn:") && text.ends_with('*') => {
                // `arn:aws:s3:*` — fewer than six fields; the final `*` covers the rest.
            }
            None => self.push(
                Diagnostic::error(
                    "invalid-arn",
                    format!("`{text}` is neither `*` nor an ARN"),
                    path(),
                    item.span,
                )
                .with_hint("an ARN has six fields: arn:partition:service:region:account:resource"),
            ),
        }
    }

    fn condition(&mut self, st: &Statement, c: &Condition, version: PolicyVersion) {
        let op = c.operator.value;
        let path = || {
            join(
                &join(&join(&st.path, "Condition"), &op.name()),
                &c.key.value,
            )
        };
        if c.values.is_empty() {
            self.push(Diagnostic::error(
                "empty-condition-values",
                format!("`{}` under `{}` has no values", c.key.value, op.name()),
                path(),
                c.key.span,
            ));
        }
        if c.key.value.is_empty() {
            self.push(Diagnostic::error(
                "empty-condition-key",
                "a condition key is empty",
                path(),
                c.key.span,
            ));
        }
        let family = op.base.family();
        for (i, v) in c.values.iter().enumerate() {
            let text = v.value.as_str();
            let vpath = || {
                if c.values.len() > 1 {
                    format!("{}/{i}", path())
                } else {
                    path()
                }
            };
            let looks_like_var = has_variable_start(text);
            let has_var =
                version.supports_variables() && op.base.supports_variables() && looks_like_var;
            let (readable, expected) = match family {
                OperatorFamily::String | OperatorFamily::Arn => (true, ""),
                OperatorFamily::Numeric => (value::Decimal::parse(text).is_some(), "a number"),
                OperatorFamily::Date => (
                    value::parse_timestamp(text).is_some(),
                    "an ISO 8601 date or epoch seconds",
                ),
                OperatorFamily::Bool | OperatorFamily::Null => {
                    (value::parse_bool(text).is_some(), "`true` or `false`")
                }
                OperatorFamily::Ip => (
                    value::parse_ip_network(text).is_some(),
                    "an IP address or CIDR",
                ),
                OperatorFamily::Binary => (value::parse_binary(text).is_some(), "base64"),
            };
            if !readable && !has_var {
                self.push(Diagnostic::error(
                    "invalid-condition-value",
                    format!(
                        "`{text}` is not {expected}, as `{}` requires",
                        op.base.name()
                    ),
                    vpath(),
                    v.span,
                ));
            }
            if looks_like_var && !version.supports_variables() && op.base.supports_variables() {
                self.push(Diagnostic::warning("variable-needs-version", format!("`{text}` looks like a policy variable, but without Version 2012-10-17 it is literal text"), vpath(), v.span)
                    .with_hint("add \"Version\": \"2012-10-17\""));
            }
            if family == OperatorFamily::Arn
                && !looks_like_var
                && text != "*"
                && Arn::parse(text).is_none()
            {
                self.push(
                    Diagnostic::warning(
                        "invalid-arn",
                        format!(
                            "`{text}` is not an ARN, so `{}` never matches it",
                            op.base.name()
                        ),
                        vpath(),
                        v.span,
                    )
                    .with_severity(Severity::Warning),
                );
            }
        }
        if op.base == BaseOperator::Null && op.qualifier != super::operator::SetQualifier::None {
            self.push(Diagnostic::warning(
                "set-qualifier-on-null",
                "`Null` does not take a set qualifier",
                path(),
                c.operator.span,
            ));
        }
    }
}

fn element(polarity: Polarity, name: &'static str) -> &'static str {
    match (polarity, name) {
        (Polarity::Listed, n) => n,
        (Polarity::AllExcept, "Principal") => "NotPrincipal",
        (Polarity::AllExcept, "Action") => "NotAction",
        (Polarity::AllExcept, "Resource") => "NotResource",
        (Polarity::AllExcept, n) => n,
    }
}

/// Whether the text holds Unicode white space (`char::is_whitespace`); a byte scan for ASCII
/// text, which every action of a real policy is (this runs for each action entry).
fn has_whitespace(text: &str) -> bool {
    if text.is_ascii() {
        // The ASCII white space characters: tab, line feed, vertical tab, form feed, carriage
        // return and space.
        text.bytes()
            .any(|b| b == b' ' || (0x09..=0x0d).contains(&b))
    } else {
        text.contains(char::is_whitespace)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::parse_policy;

    fn codes(text: &str, kind: PolicyKind) -> Vec<&'static str> {
        let parsed = parse_policy(text);
        assert!(!parsed.has_errors(), "{:?}", parsed.diagnostics);
        validate_policy(parsed.policy.as_ref().unwrap(), kind, Some(text), "")
            .iter()
            .map(|d| d.code)
            .collect()
    }

    const V: &str = r#""Version":"2012-10-17""#;

    #[test]
    fn the_white_space_scan_agrees_with_char_is_whitespace() {
        let chars = (0u32..0x3100).filter_map(char::from_u32);
        for c in chars {
            let text = format!("s3:Get{c}Object");
            assert_eq!(
                has_whitespace(&text),
                text.contains(char::is_whitespace),
                "{:?}",
                c
            );
        }
    }

    #[test]
    fn principal_rules_per_kind() {
        let with_principal = format!(
            r#"{{{V},"Statement":{{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}}}}"#
        );
        let without = format!(
            r#"{{{V},"Statement":{{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}}}"#
        );
        assert_eq!(
            codes(&with_principal, PolicyKind::Identity),
            ["principal-not-allowed"]
        );
        assert_eq!(
            codes(&with_principal, PolicyKind::Scp),
            ["principal-not-allowed"]
        );
        assert_eq!(
            codes(&with_principal, PolicyKind::Resource),
            Vec::<&str>::new()
        );
        assert_eq!(codes(&without, PolicyKind::Resource), ["missing-principal"]);
        assert_eq!(codes(&without, PolicyKind::Identity), Vec::<&str>::new());
        let not_allow = format!(
            r#"{{{V},"Statement":{{"Effect":"Allow","NotPrincipal":{{"AWS":"123456789012"}},"Action":"s3:*","Resource":"*"}}}}"#
        );
        assert_eq!(
            codes(&not_allow, PolicyKind::Resource),
            ["not-principal-with-allow"]
        );
    }

    #[test]
    fn element_shapes() {
        let p = format!(
            r#"{{{V},"Statement":[
            {{"Effect":"Allow","Action":["s*:Get","s3","s3:${{aws:username}}"],"Resource":["arn:aws:s3:::${{aws:username}}/*","bucket","arn:aws:${{x}}:::b"]}},
            {{"Effect":"Deny","Action":"*"}}]}}"#
        );
        assert_eq!(
            codes(&p, PolicyKind::Identity),
            [
                "wildcard-in-service",
                "invalid-action",
                "variable-in-action",
                "invalid-arn",
                "variable-outside-resource-part",
                "missing-resource"
            ]
        );
    }

    #[test]
    fn whitespace_in_actions_is_a_warning() {
        let p = format!(
            r#"{{{V},"Statement":{{"Effect":"Allow","Action":["lambda:ListFunctions ","ec2: DescribeAccountAttributes","amplifybackend: *","s3 GetObject"],"Resource":"*"}}}}"#
        );
        assert_eq!(
            codes(&p, PolicyKind::Identity),
            [
                "action-whitespace",
                "action-whitespace",
                "action-whitespace",
                "invalid-action"
            ]
        );
        let parsed = parse_policy(&p);
        let d = validate_policy(
            parsed.policy.as_ref().unwrap(),
            PolicyKind::Identity,
            None,
            "",
        );
        assert_eq!(d[0].severity, Severity::Warning);
        assert_eq!(
            d[1].hint.as_deref(),
            Some("write `ec2:DescribeAccountAttributes`")
        );
    }

    /// AWS stores actions with a space (AWS managed policies have them) and compares the name as
    /// written, so such an entry matches no request: an Allow grants nothing, a Deny denies
    /// nothing, a NotAction excludes nothing.
    #[test]
    fn whitespace_in_actions_matches_nothing() {
        let decide = |effect: &str, element: &str, action: &str| {
            let scenario = serde_json::json!({
                "principal": "arn:aws:iam::111111111111:user/a",
                "action": "lambda:ListFunctions",
                "resource": "*",
                "identityPolicies": [{"Version": "2012-10-17", "Statement": [
                    {"Effect": effect, element: action, "Resource": "*"},
                    {"Effect": "Allow", "Action": "lambda:List*", "Resource": "*"}
                ]}]
            });
            crate::api::decide_json(&scenario.to_string(), false)["decision"].clone()
        };
        // The second statement allows; the first one decides nothing when it matches nothing.
        assert_eq!(decide("Deny", "Action", "lambda:ListFunctions "), "Allowed");
        assert_eq!(decide("Deny", "Action", " lambda:ListFunctions"), "Allowed");
        assert_eq!(decide("Deny", "Action", "lambda: *"), "Allowed");
        assert_eq!(
            decide("Deny", "Action", "lambda:ListFunctions"),
            "ExplicitDeny"
        );
        // NotAction with a spaced entry excludes nothing: the Deny covers the action.
        assert_eq!(
            decide("Deny", "NotAction", "lambda:ListFunctions "),
            "ExplicitDeny"
        );
        let only = serde_json::json!({
            "principal": "arn:aws:iam::111111111111:user/a",
            "action": "lambda:ListFunctions",
            "resource": "*",
            "identityPolicies": [{"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": ["lambda:ListFunctions ", "lambda: ListFunctions"], "Resource": "*"}
            ]}]
        });
        assert_eq!(
            crate::api::decide_json(&only.to_string(), false)["decision"],
            "ImplicitDeny"
        );
    }

    /// AWS replaces variables only in the resource part; before it they are literal text.
    #[test]
    fn variables_before_the_resource_part_match_nothing() {
        let p = format!(
            r#"{{{V},"Statement":{{"Effect":"Allow","Action":"kms:Decrypt","Resource":"arn:*:kms:*:${{aws:PrincipalAccount}}:key/*"}}}}"#
        );
        assert_eq!(
            codes(&p, PolicyKind::Identity),
            ["variable-outside-resource-part"]
        );
        let scenario = serde_json::json!({
            "principal": "arn:aws:iam::111111111111:user/a",
            "action": "kms:Decrypt",
            "resource": "arn:aws:kms:eu-west-1:111111111111:key/k",
            "identityPolicies": [serde_json::from_str::<serde_json::Value>(&p).unwrap()]
        });
        assert_eq!(
            crate::api::decide_json(&scenario.to_string(), false)["decision"],
            "ImplicitDeny"
        );
    }

    #[test]
    fn aws_principals() {
        let p = format!(
            r#"{{{V},"Statement":{{"Effect":"Allow","Principal":{{"AWS":["arn:aws:iam::*:root","arn:aws:iam::123456789012:user/a","arn:aws:iam::123456789012:group/g","AIDAJQABLZS4A3QDU576Q"]}},"Action":"s3:*","Resource":"*"}}}}"#
        );
        assert_eq!(
            codes(&p, PolicyKind::Resource),
            [
                "wildcard-in-principal",
                "invalid-principal",
                "dangling-principal-id"
            ]
        );
    }

    #[test]
    fn condition_values_by_family() {
        let p = format!(
            r#"{{{V},"Statement":{{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{{
            "NumericLessThan":{{"a":"12abc"}},"DateGreaterThan":{{"b":"tomorrow"}},"Bool":{{"c":"yes"}},
            "IpAddress":{{"d":"10.0.0.0/40"}},"BinaryEquals":{{"e":"!!"}},"StringEquals":{{"f":[]}},
            "NumericEquals":{{"g":5}},"DateEquals":{{"h":"2020-01-01T00:00:00Z"}}}}}}}}"#
        );
        assert_eq!(
            codes(&p, PolicyKind::Identity),
            [
                "invalid-condition-value",
                "invalid-condition-value",
                "invalid-condition-value",
                "invalid-condition-value",
                "invalid-condition-value",
                "empty-condition-values"
            ]
        );
    }

    #[test]
    fn rcp_and_sid_rules() {
        let p = format!(
            r#"{{{V},"Statement":[{{"Sid":"A b","Effect":"Allow","Principal":{{"AWS":"123456789012"}},"NotAction":"s3:*","Resource":"*"}}]}}"#
        );
        assert_eq!(
            codes(&p, PolicyKind::Rcp),
            ["rcp-principal", "not-action-in-rcp", "allow-in-rcp"]
        );
        let sids = format!(
            r#"{{{V},"Statement":[{{"Sid":"A","Effect":"Allow","Action":"s3:*","Resource":"*"}},{{"Sid":"A","Effect":"Allow","Action":"s3:*","Resource":"*"}}]}}"#
        );
        assert_eq!(codes(&sids, PolicyKind::Identity), ["duplicate-sid"]);
        assert_eq!(codes(&sids, PolicyKind::Scp), Vec::<&str>::new());
    }

    #[test]
    fn version_and_size() {
        assert_eq!(
            codes(
                r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::${aws:username}"}}"#,
                PolicyKind::Identity
            ),
            ["missing-version", "variable-needs-version"]
        );
        let many: Vec<String> = (0..400)
            .map(|i| format!(r#""s3:GetObjectVersion{i}""#))
            .collect();
        let big = format!(
            r#"{{{V},"Statement":{{"Effect":"Allow","Action":[{}],"Resource":"*"}}}}"#,
            many.join(",")
        );
        assert_eq!(codes(&big, PolicyKind::Identity), ["policy-too-large"]);
        let d = validate_policy(
            parse_policy(&big).policy.as_ref().unwrap(),
            PolicyKind::Identity,
            Some(&big),
            "",
        );
        assert!(d[0].message.contains("6144"), "{}", d[0].message);
    }
}
