//! A customer managed policy's non-default versions (`otherVersions`): what
//! `iam:SetDefaultPolicyVersion` can make its default (docs/escalation.md). Each is compiled and
//! checked like the default `document`, at its own place in the model.

use super::{idx, key, Loader};
use crate::json::JsonValue;
use crate::policy::PolicyKind;

const VERSION: [&str; 2] = ["versionId", "document"];

impl Loader<'_> {
    /// Reads the `otherVersions` of the customer managed policy `arn` (the object `p` at `pp`).
    pub(super) fn other_versions(&mut self, p: &JsonValue, pp: &str, arn: &str) {
        let vpath = key(pp, "otherVersions");
        let mut ids: Vec<String> = Vec::new();
        for (i, v) in self.r.array(p, "otherVersions", pp).iter().enumerate() {
            let at = idx(&vpath, i);
            if self
                .r
                .object(v, &at, "a policy version", &VERSION)
                .is_none()
            {
                continue;
            }
            let Some(version) = self.r.opt_string(v, "versionId", &at) else {
                // A value of the wrong type is reported by `opt_string`.
                if v.get("versionId").is_some() {
                    continue;
                }
                self.r.error(
                    "missing-field",
                    "a policy version needs its `versionId` (`v1`, `v2` …)",
                    at.clone(),
                    v,
                );
                continue;
            };
            if ids.contains(&version) {
                self.r.error(
                    "duplicate-name",
                    format!("version `{version}` of `{arn}` is listed twice"),
                    key(&at, "versionId"),
                    v,
                );
                continue;
            }
            ids.push(version.clone());
            let Some(doc) = v.get("document") else {
                self.r.error(
                    "missing-field",
                    format!("version `{version}` of `{arn}` has no `document`"),
                    at.clone(),
                    v,
                );
                continue;
            };
            if let Some(c) = self.compile(
                doc,
                &key(&at, "document"),
                PolicyKind::Identity,
                format!("{arn} version {version}"),
            ) {
                self.iam.add_version(arn, &version, c);
            }
        }
    }
}
