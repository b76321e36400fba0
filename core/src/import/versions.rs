//! The non-default versions of a customer managed policy (`PolicyVersionList` of
//! `get-account-authorization-details`), into the model's `otherVersions`: what
//! `iam:SetDefaultPolicyVersion` can make the default (docs/escalation.md).

use super::builder::Builder;
use super::read::{idx, key, Ctx};
use crate::json::JsonValue;
use serde_json::{Map, Value};

/// The versions of the policy `p` (at `path`) other than the default one, whose document was
/// read at `default_doc`; each one's origin is recorded under the policy `name` of `account`.
pub(super) fn other_versions(
    b: &mut Builder,
    cx: &mut Ctx,
    p: &JsonValue,
    path: &str,
    default_doc: &str,
    account: &str,
    name: &str,
) -> Vec<Value> {
    let vpath = key(path, "PolicyVersionList");
    let mut out = Vec::new();
    for (j, v) in cx.array(p, "PolicyVersionList", path).iter().enumerate() {
        let at = idx(&vpath, j);
        let doc_path = key(&at, "Document");
        if doc_path == default_doc || !cx.is_object(v, &at, "a policy version") {
            continue;
        }
        let Some(id) = cx.string(v, "VersionId", &at) else {
            continue;
        };
        let Some(document) = v.get("Document") else {
            cx.string(v, "Document", &at);
            continue;
        };
        let Some(doc) = cx.policy(document, &doc_path) else {
            continue;
        };
        b.origin(
            account,
            "policies",
            name,
            &format!("/otherVersions/{}/document", out.len()),
            &format!("{}#{doc_path}", cx.file),
        );
        let mut obj = Map::new();
        obj.insert("versionId".into(), Value::String(id));
        obj.insert("document".into(), doc);
        out.push(Value::Object(obj));
    }
    out
}
