//! The sections of a template that evaluation needs, read with located errors.

use crate::import::read::{key, Ctx};
use crate::json::{JsonKind, JsonValue};
use std::collections::BTreeMap;

/// What `Ref` to a parameter returns: one string, or a list for `List<…>` and
/// `CommaDelimitedList` parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ParamShape {
    String,
    List,
    /// `AWS::SSM::Parameter::Value<…>`: the given value names an SSM parameter whose value
    /// CloudFormation reads at deployment.
    Ssm,
}

pub(super) struct Parameter<'v, 'a> {
    pub shape: ParamShape,
    pub default: Option<&'v JsonValue<'a>>,
    pub allowed: Option<&'v JsonValue<'a>>,
    /// `/Parameters/<name>`.
    pub path: String,
}

pub(super) struct Resource<'v, 'a> {
    pub logical_id: String,
    pub kind: String,
    pub properties: Option<&'v JsonValue<'a>>,
    /// The name of the condition that decides whether the stack creates the resource.
    pub condition: Option<String>,
    /// `/Resources/<logical id>`.
    pub path: String,
}

impl Resource<'_, '_> {
    /// How reports name the resource: `AWS::IAM::Role DeployRole`.
    pub fn what(&self) -> String {
        format!("{} {}", self.kind, self.logical_id)
    }
}

pub(super) struct Template<'v, 'a> {
    pub parameters: BTreeMap<String, Parameter<'v, 'a>>,
    pub mappings: Option<&'v JsonValue<'a>>,
    pub conditions: BTreeMap<String, &'v JsonValue<'a>>,
    /// In template order.
    pub resources: Vec<Resource<'v, 'a>>,
}

impl<'v, 'a> Template<'v, 'a> {
    /// Reads the sections; `None` when the template is not an object with a `Resources` object.
    pub fn read(cx: &mut Ctx, root: &'v JsonValue<'a>) -> Option<Self> {
        if !cx.is_object(root, "", "a CloudFormation template") {
            return None;
        }
        let mut t = Template {
            parameters: BTreeMap::new(),
            mappings: None,
            conditions: BTreeMap::new(),
            resources: Vec::new(),
        };
        for (name, p) in section(cx, root, "Parameters") {
            let pp = key("/Parameters", &name);
            if !cx.is_object(p, &pp, "a parameter") {
                continue;
            }
            let Some(kind) = cx.string(p, "Type", &pp) else {
                continue;
            };
            let shape = if kind.starts_with("AWS::SSM::Parameter::Value<") {
                ParamShape::Ssm
            } else if kind == "CommaDelimitedList" || kind.starts_with("List<") {
                ParamShape::List
            } else {
                ParamShape::String
            };
            let default = p.get("Default");
            let allowed = p.get("AllowedValues");
            t.parameters.insert(
                name,
                Parameter {
                    shape,
                    default,
                    allowed,
                    path: pp,
                },
            );
        }
        t.mappings = root.get("Mappings");
        for (name, c) in section(cx, root, "Conditions") {
            t.conditions.insert(name, c);
        }
        if root.get("Resources").is_none() {
            cx.error(
                "import-missing-field",
                "a template needs a `Resources` section".into(),
                String::new(),
                root,
            );
            return None;
        }
        for (id, r) in section(cx, root, "Resources") {
            let rp = key("/Resources", &id);
            if !cx.is_object(r, &rp, "a resource") {
                continue;
            }
            let Some(kind) = cx.string(r, "Type", &rp) else {
                continue;
            };
            let properties = match r.get("Properties") {
                Some(p) if cx.is_object(p, &key(&rp, "Properties"), "`Properties`") => Some(p),
                _ => None,
            };
            let condition = cx.opt_string(r, "Condition", &rp);
            if let Some(c) = &condition {
                if !t.conditions.contains_key(c) {
                    if let Some(at) = r.get("Condition") {
                        cx.error(
                            "cfn-unknown-condition",
                            format!("the template defines no condition `{c}`"),
                            key(&rp, "Condition"),
                            at,
                        );
                    }
                    continue;
                }
            }
            t.resources.push(Resource {
                logical_id: id,
                kind,
                properties,
                condition,
                path: rp,
            });
        }
        Some(t)
    }

    pub fn resource(&self, logical_id: &str) -> Option<&Resource<'v, 'a>> {
        self.resources.iter().find(|r| r.logical_id == logical_id)
    }
}

/// The members of a top-level section (absent: none; not an object: an error).
fn section<'v, 'a>(
    cx: &mut Ctx,
    root: &'v JsonValue<'a>,
    name: &str,
) -> Vec<(String, &'v JsonValue<'a>)> {
    match root.get(name) {
        None => Vec::new(),
        Some(JsonValue {
            kind: JsonKind::Object(members),
            ..
        }) => members
            .iter()
            .map(|(k, v)| (k.text.to_string(), v))
            .collect(),
        Some(other) => {
            cx.error(
                "import-wrong-type",
                format!("`{name}` must be an object, found {}", other.kind_name()),
                key("", name),
                other,
            );
            Vec::new()
        }
    }
}
