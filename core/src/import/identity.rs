//! Identity providers and MFA devices of an account, from the IAM CLI outputs that
//! `get-account-authorization-details` leaves out.
//!
//! Paths, relative to `iam/<account-id>/`:
//!
//! ```text
//! oidc-providers/<name>.json        aws iam get-open-id-connect-provider --open-id-connect-provider-arn <arn>
//! saml-providers.json               aws iam list-saml-providers
//! virtual-mfa-devices.json          aws iam list-virtual-mfa-devices --assignment-status Assigned
//! mfa-devices/<user-name>.json      aws iam list-mfa-devices --user-name <user-name>
//! ```

use super::builder::{Builder, MfaUser};
use super::read::{idx, key, parse, Ctx};
use crate::json::JsonValue;
use serde_json::{Map, Value};

pub(super) fn import_file(b: &mut Builder, account: &str, rel: &str, file: &str, text: &str) {
    let kind = match rel {
        "saml-providers.json" => Kind::Saml,
        "virtual-mfa-devices.json" => Kind::VirtualMfa,
        _ if rel.starts_with("oidc-providers/") => Kind::Oidc,
        _ if rel.starts_with("mfa-devices/") => Kind::Mfa,
        _ => {
            b.skip(
                format!("file {file}"),
                file.to_owned(),
                "not in the layout iam/<account-id>/{oidc-providers/<name>.json, saml-providers.json, virtual-mfa-devices.json, mfa-devices/<user>.json}",
            );
            return;
        }
    };
    let Some(root) = parse(file, text, &mut b.errors) else {
        return;
    };
    let mut cx = Ctx::new(file);
    if cx.is_object(&root, "", "the command output") {
        let mut r = Reader {
            b,
            cx: &mut cx,
            account,
        };
        match kind {
            Kind::Oidc => r.oidc(&root),
            Kind::Saml => r.saml(&root),
            Kind::VirtualMfa => r.virtual_mfa(&root),
            Kind::Mfa => r.mfa(&root),
        }
    }
    b.errors.append(&mut cx.errors);
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Oidc,
    Saml,
    VirtualMfa,
    Mfa,
}

struct Reader<'r, 'f> {
    b: &'r mut Builder,
    cx: &'r mut Ctx<'f>,
    account: &'r str,
}

impl Reader<'_, '_> {
    fn strings(&mut self, v: &JsonValue, field: &str) -> Vec<Value> {
        let fpath = key("", field);
        let mut out = Vec::new();
        for (i, s) in self.cx.array(v, field, "").iter().enumerate() {
            match s.as_str() {
                Some(x) => out.push(Value::String(x.to_owned())),
                None => self.cx.error(
                    "import-wrong-type",
                    format!("expected a string, found {}", s.kind_name()),
                    idx(&fpath, i),
                    s,
                ),
            }
        }
        out
    }

    fn oidc(&mut self, root: &JsonValue) {
        let Some(url) = self.cx.string(root, "Url", "") else {
            return;
        };
        // IAM names the provider by its URL without the scheme (its ARN's last part).
        let url = url.strip_prefix("https://").unwrap_or(&url).to_owned();
        let mut obj = Map::new();
        obj.insert("url".into(), Value::String(url.clone()));
        for (field, model) in [
            ("ClientIDList", "clientIds"),
            ("ThumbprintList", "thumbprints"),
        ] {
            let items = self.strings(root, field);
            if !items.is_empty() {
                obj.insert(model.into(), Value::Array(items));
            }
        }
        let providers = &mut self.b.account(self.account).oidc_providers;
        if !Builder::insert_new(providers, url.clone(), Value::Object(obj)) {
            self.b.skip(
                format!("OIDC provider {url}"),
                self.cx.file.to_owned(),
                "already imported from an earlier file",
            );
        }
    }

    /// The account and the part after `prefix` of an IAM ARN, checked against the folder's
    /// account.
    fn arn_name(&mut self, v: &JsonValue, path: &str, arn: &str, prefix: &str) -> Option<String> {
        let mut parts = arn.splitn(6, ':');
        let (account, resource) = (parts.nth(4), parts.next());
        if account != Some(self.account) {
            self.cx.error(
                "import-mixed-accounts",
                format!(
                    "`{arn}` is not in account {}, whose folder holds this file",
                    self.account
                ),
                path.to_owned(),
                v,
            );
            return None;
        }
        match resource.and_then(|r| r.strip_prefix(prefix)) {
            // A user's ARN may carry a path: the name is its last segment.
            Some(rest) => rest.rsplit('/').next().map(str::to_owned),
            None => {
                self.cx.error(
                    "import-wrong-type",
                    format!("`{arn}` is not an ARN of the form `…:{prefix}…`"),
                    path.to_owned(),
                    v,
                );
                None
            }
        }
    }

    fn saml(&mut self, root: &JsonValue) {
        for (i, p) in self
            .cx
            .array(root, "SAMLProviderList", "")
            .iter()
            .enumerate()
        {
            let pp = idx("/SAMLProviderList", i);
            let Some(arn) = self.cx.string(p, "Arn", &pp) else {
                continue;
            };
            let Some(name) = self.arn_name(p, &key(&pp, "Arn"), &arn, "saml-provider/") else {
                continue;
            };
            let mut obj = Map::new();
            obj.insert("name".into(), Value::String(name.clone()));
            let providers = &mut self.b.account(self.account).saml_providers;
            if !Builder::insert_new(providers, name.clone(), Value::Object(obj)) {
                self.b.skip(
                    format!("SAML provider {name}"),
                    format!("{}#{pp}", self.cx.file),
                    "already imported from an earlier file",
                );
            }
        }
    }

    fn enrolled(&mut self, user: String, path: String) {
        self.b.mfa.push(MfaUser {
            account: self.account.to_owned(),
            user,
            location: format!("{}#{path}", self.cx.file),
        });
    }

    fn virtual_mfa(&mut self, root: &JsonValue) {
        for (i, d) in self
            .cx
            .array(root, "VirtualMFADevices", "")
            .iter()
            .enumerate()
        {
            let dp = idx("/VirtualMFADevices", i);
            // An unassigned device has no `User`; the root user's has an ARN ending in `:root`.
            let Some(u) = d.get("User") else {
                continue;
            };
            let up = key(&dp, "User");
            let Some(arn) = self.cx.string(u, "Arn", &up) else {
                continue;
            };
            if arn.ends_with(":root") {
                continue;
            }
            if let Some(name) = self.arn_name(u, &key(&up, "Arn"), &arn, "user/") {
                self.enrolled(name, up);
            }
        }
    }

    fn mfa(&mut self, root: &JsonValue) {
        for (i, d) in self.cx.array(root, "MFADevices", "").iter().enumerate() {
            let dp = idx("/MFADevices", i);
            if let Some(name) = self.cx.string(d, "UserName", &dp) {
                self.enrolled(name, dp);
            }
        }
    }
}
