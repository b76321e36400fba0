//! The compute that runs as a role (the model's `compute`, docs/model.md) from its CLI outputs,
//! for the existing-PassRole escalation techniques (docs/escalation.md).
//!
//! Paths, relative to `compute/` (the CLI output of each command, as is):
//!
//! ```text
//! <account-id>/iam-list-instance-profiles.json                        aws iam list-instance-profiles
//! <account-id>/<region>/lambda-list-functions.json                    aws lambda list-functions
//! <account-id>/<region>/ec2-describe-instances.json                   aws ec2 describe-instances
//! <account-id>/<region>/ec2-describe-launch-template-versions.json    aws ec2 describe-launch-template-versions --versions '$Default'
//! <account-id>/<region>/codebuild-batch-get-projects[-N].json         aws codebuild batch-get-projects --names … (100 a call)
//! <account-id>/<region>/cloudformation-describe-stacks.json           aws cloudformation describe-stacks
//! <account-id>/<region>/glue-get-dev-endpoints.json                   aws glue get-dev-endpoints
//! <account-id>/<region>/glue-get-jobs.json                            aws glue get-jobs
//! <account-id>/<region>/sagemaker/<notebook>.json                     aws sagemaker describe-notebook-instance --notebook-instance-name <notebook>
//! <account-id>/<region>/apprunner/<service>.json                      aws apprunner describe-service --service-arn <arn>
//! ```
//!
//! An EC2 instance or launch template names an instance profile; the role is the profile's, from
//! `iam-list-instance-profiles.json` of the account (read first). Compute without a role (an
//! instance without a profile, a stack without a service role, which runs with its caller's
//! credentials) is listed in `skipped`.

use super::builder::Builder;
use super::read::{idx, key, parse, Ctx};
use crate::arn::{is_account_id, Arn};
use crate::json::{JsonKind, JsonValue};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Imports the `compute/` files (`rel`: the path below `compute/`, `file`: the whole path).
pub(super) fn import_files(b: &mut Builder, files: &[(&str, &str, &str)]) {
    // Instance profiles first: instances and launch templates name them.
    let mut profiles: HashMap<String, String> = HashMap::new();
    let (first, rest): (Vec<_>, Vec<_>) = files
        .iter()
        .partition(|(rel, _, _)| rel.ends_with("/iam-list-instance-profiles.json"));
    for &(rel, file, text) in first.into_iter().chain(rest) {
        import_file(b, &mut profiles, rel, file, text);
    }
}

const LAYOUT: &str = "compute/<account-id>/[<region>/]<command>.json (docs/import.md)";

fn import_file(
    b: &mut Builder,
    profiles: &mut HashMap<String, String>,
    rel: &str,
    file: &str,
    text: &str,
) {
    let parts: Vec<&str> = rel.split('/').collect();
    let account = parts.first().copied().unwrap_or_default();
    if !is_account_id(account) || !rel.ends_with(".json") {
        b.skip(
            format!("file {file}"),
            file.to_owned(),
            format!("not in the layout {LAYOUT}"),
        );
        return;
    }
    let command = match parts.as_slice() {
        [_, "iam-list-instance-profiles.json"] => Command::Profiles,
        [_, region, name] => match Command::of(name) {
            Some(c) => c.with_region(region),
            None => return skip_unknown(b, file),
        },
        [_, region, "sagemaker", _] => Command::Notebook(region.to_string()),
        [_, region, "apprunner", _] => Command::AppRunner(region.to_string()),
        _ => return skip_unknown(b, file),
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
            region: command.region(),
            file,
            profiles,
        };
        r.command(&command, &root);
    }
    b.errors.append(&mut cx.errors);
}

fn skip_unknown(b: &mut Builder, file: &str) {
    b.skip(
        format!("file {file}"),
        file.to_owned(),
        format!("not a command output of the layout {LAYOUT}"),
    );
}

/// The command whose output a file holds, with the region of its folder.
enum Command {
    Profiles,
    Lambda(String),
    Instances(String),
    LaunchTemplates(String),
    CodeBuild(String),
    Stacks(String),
    DevEndpoints(String),
    GlueJobs(String),
    Notebook(String),
    AppRunner(String),
}

impl Command {
    /// The command by file name, with an empty region (set by [`Command::with_region`]).
    fn of(name: &str) -> Option<Command> {
        let none = String::new();
        // batch-get-projects takes 100 names a call: `-1`, `-2` … for the further batches.
        if name
            .strip_prefix("codebuild-batch-get-projects")
            .and_then(|r| r.strip_suffix(".json"))
            .is_some_and(|n| {
                n.is_empty()
                    || n.strip_prefix('-')
                        .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
            })
        {
            return Some(Command::CodeBuild(none));
        }
        Some(match name {
            "lambda-list-functions.json" => Command::Lambda(none),
            "ec2-describe-instances.json" => Command::Instances(none),
            "ec2-describe-launch-template-versions.json" => Command::LaunchTemplates(none),
            "cloudformation-describe-stacks.json" => Command::Stacks(none),
            "glue-get-dev-endpoints.json" => Command::DevEndpoints(none),
            "glue-get-jobs.json" => Command::GlueJobs(none),
            _ => return None,
        })
    }

    /// The region of the file's folder (none for the account-wide instance profiles).
    fn region(&self) -> &str {
        match self {
            Command::Profiles => "",
            Command::Lambda(r)
            | Command::Instances(r)
            | Command::LaunchTemplates(r)
            | Command::CodeBuild(r)
            | Command::Stacks(r)
            | Command::DevEndpoints(r)
            | Command::GlueJobs(r)
            | Command::Notebook(r)
            | Command::AppRunner(r) => r,
        }
    }

    fn with_region(self, region: &str) -> Command {
        let r = region.to_owned();
        match self {
            Command::Lambda(_) => Command::Lambda(r),
            Command::Instances(_) => Command::Instances(r),
            Command::LaunchTemplates(_) => Command::LaunchTemplates(r),
            Command::CodeBuild(_) => Command::CodeBuild(r),
            Command::Stacks(_) => Command::Stacks(r),
            Command::DevEndpoints(_) => Command::DevEndpoints(r),
            Command::GlueJobs(_) => Command::GlueJobs(r),
            other => other,
        }
    }
}

/// What one entry of an output gives.
struct Entry<'v, 'a> {
    kind: &'static str,
    arn: String,
    /// The role, as the output gives it (an ARN; a name for Glue jobs).
    role: Option<String>,
    /// The instance profile (EC2), resolved to its role.
    profile: Option<String>,
    tags: Map<String, Value>,
    /// Where the entry is in the file.
    path: String,
    at: &'v JsonValue<'a>,
}

struct Reader<'r, 'f> {
    b: &'r mut Builder,
    cx: &'r mut Ctx<'f>,
    account: &'r str,
    /// The region of the file's folder: every ARN read must be in it.
    region: &'r str,
    file: &'r str,
    profiles: &'r mut HashMap<String, String>,
}

impl Reader<'_, '_> {
    fn command(&mut self, command: &Command, root: &JsonValue) {
        match command {
            Command::Profiles => self.profiles(root),
            Command::Lambda(region) => self.list(root, "Functions", |r, f, p| {
                Some(Entry {
                    kind: "lambda-function",
                    arn: r.arn_or(f, "FunctionArn", p, |r| {
                        r.cx.string(f, "FunctionName", p)
                            .map(|n| format!("arn:aws:lambda:{region}:{}:function:{n}", r.account))
                    })?,
                    role: r.cx.string(f, "Role", p),
                    profile: None,
                    tags: Map::new(),
                    path: p.to_owned(),
                    at: f,
                })
            }),
            Command::Instances(region) => {
                let rpath = "/Reservations";
                let reservations = self.cx.array(root, "Reservations", "");
                for (i, res) in reservations.iter().enumerate() {
                    let p = idx(rpath, i);
                    if !self.cx.is_object(res, &p, "a reservation") {
                        continue;
                    }
                    self.list_at(res, "Instances", &p, |r, inst, ip| {
                        let id = r.cx.string(inst, "InstanceId", ip)?;
                        Some(Entry {
                            kind: "ec2-instance",
                            arn: format!("arn:aws:ec2:{region}:{}:instance/{id}", r.account),
                            role: None,
                            profile: r.profile_of(inst, "IamInstanceProfile", ip),
                            tags: r.cx.tags(inst, "Tags", ip),
                            path: ip.to_owned(),
                            at: inst,
                        })
                    });
                }
            }
            Command::LaunchTemplates(region) => {
                self.list(root, "LaunchTemplateVersions", |r, v, p| {
                    let id = r.cx.string(v, "LaunchTemplateId", p)?;
                    let data_path = key(p, "LaunchTemplateData");
                    let profile = match v.get("LaunchTemplateData") {
                        Some(d) if r.cx.is_object(d, &data_path, "`LaunchTemplateData`") => {
                            r.profile_of(d, "IamInstanceProfile", &data_path)
                        }
                        _ => None,
                    };
                    Some(Entry {
                        kind: "ec2-launch-template",
                        arn: format!("arn:aws:ec2:{region}:{}:launch-template/{id}", r.account),
                        role: None,
                        profile,
                        tags: Map::new(),
                        path: p.to_owned(),
                        at: v,
                    })
                })
            }
            Command::CodeBuild(region) => self.list(root, "projects", |r, pr, p| {
                Some(Entry {
                    kind: "codebuild-project",
                    arn: r.arn_or(pr, "arn", p, |r| {
                        r.cx.string(pr, "name", p).map(|n| {
                            format!("arn:aws:codebuild:{region}:{}:project/{n}", r.account)
                        })
                    })?,
                    role: r.cx.string(pr, "serviceRole", p),
                    profile: None,
                    // CodeBuild's tags are `{"key", "value"}`.
                    tags: lower_tags(r.cx, pr, p),
                    path: p.to_owned(),
                    at: pr,
                })
            }),
            Command::Stacks(_) => self.list(root, "Stacks", |r, s, p| {
                Some(Entry {
                    kind: "cloudformation-stack",
                    arn: r.cx.string(s, "StackId", p)?,
                    role: r.cx.opt_string(s, "RoleARN", p),
                    profile: None,
                    tags: r.cx.tags(s, "Tags", p),
                    path: p.to_owned(),
                    at: s,
                })
            }),
            Command::DevEndpoints(region) => self.list(root, "DevEndpoints", |r, e, p| {
                let name = r.cx.string(e, "EndpointName", p)?;
                Some(Entry {
                    kind: "glue-dev-endpoint",
                    arn: format!("arn:aws:glue:{region}:{}:devEndpoint/{name}", r.account),
                    role: r.cx.string(e, "RoleArn", p),
                    profile: None,
                    tags: Map::new(),
                    path: p.to_owned(),
                    at: e,
                })
            }),
            Command::GlueJobs(region) => self.list(root, "Jobs", |r, j, p| {
                let name = r.cx.string(j, "Name", p)?;
                Some(Entry {
                    kind: "glue-job",
                    arn: format!("arn:aws:glue:{region}:{}:job/{name}", r.account),
                    role: r.cx.string(j, "Role", p),
                    profile: None,
                    tags: Map::new(),
                    path: p.to_owned(),
                    at: j,
                })
            }),
            Command::Notebook(_) => {
                let arn = self.cx.string(root, "NotebookInstanceArn", "");
                let role = self.cx.string(root, "RoleArn", "");
                if let Some(arn) = arn {
                    self.add(Entry {
                        kind: "sagemaker-notebook",
                        arn,
                        role,
                        profile: None,
                        tags: Map::new(),
                        path: String::new(),
                        at: root,
                    });
                }
            }
            Command::AppRunner(_) => {
                let Some(service) = root.get("Service") else {
                    self.cx.string(root, "Service", "");
                    return;
                };
                if !self.cx.is_object(service, "/Service", "`Service`") {
                    return;
                }
                let arn = self.cx.string(service, "ServiceArn", "/Service");
                let role = match service.get("InstanceConfiguration") {
                    Some(c)
                        if self.cx.is_object(
                            c,
                            "/Service/InstanceConfiguration",
                            "`InstanceConfiguration`",
                        ) =>
                    {
                        self.cx
                            .opt_string(c, "InstanceRoleArn", "/Service/InstanceConfiguration")
                    }
                    _ => None,
                };
                if let Some(arn) = arn {
                    self.add(Entry {
                        kind: "apprunner-service",
                        arn,
                        role,
                        profile: None,
                        tags: Map::new(),
                        path: "/Service".to_owned(),
                        at: service,
                    });
                }
            }
        }
    }

    /// The ARN field `field` when the output has it, else the one `build` makes.
    fn arn_or(
        &mut self,
        v: &JsonValue,
        field: &str,
        path: &str,
        build: impl FnOnce(&mut Self) -> Option<String>,
    ) -> Option<String> {
        match v.get(field).filter(|f| !matches!(f.kind, JsonKind::Null)) {
            Some(_) => self.cx.opt_string(v, field, path),
            None => build(self),
        }
    }

    /// Every entry of the array `field` of the output.
    fn list<'v, 'a>(
        &mut self,
        root: &'v JsonValue<'a>,
        field: &str,
        entry: impl FnMut(&mut Self, &'v JsonValue<'a>, &str) -> Option<Entry<'v, 'a>>,
    ) {
        self.list_at(root, field, "", entry);
    }

    fn list_at<'v, 'a>(
        &mut self,
        parent: &'v JsonValue<'a>,
        field: &str,
        path: &str,
        mut entry: impl FnMut(&mut Self, &'v JsonValue<'a>, &str) -> Option<Entry<'v, 'a>>,
    ) {
        let lpath = key(path, field);
        if parent.get(field).is_none() {
            self.cx.string(parent, field, path);
            return;
        }
        for (i, item) in self.cx.array(parent, field, path).iter().enumerate() {
            let p = idx(&lpath, i);
            if !self.cx.is_object(item, &p, "an entry") {
                continue;
            }
            if let Some(e) = entry(self, item, &p) {
                self.add(e);
            }
        }
    }

    /// The instance profile `field` of `v` (`{"Arn": …}` or `{"Name": …}`), as an ARN.
    fn profile_of(&mut self, v: &JsonValue, field: &str, path: &str) -> Option<String> {
        let p = v.get(field).filter(|f| !matches!(f.kind, JsonKind::Null))?;
        let ppath = key(path, field);
        if !self.cx.is_object(p, &ppath, "an instance profile") {
            return None;
        }
        if let Some(arn) = self.cx.opt_string(p, "Arn", &ppath) {
            return Some(arn);
        }
        let name = self.cx.string(p, "Name", &ppath)?;
        Some(format!(
            "arn:aws:iam::{}:instance-profile/{name}",
            self.account
        ))
    }

    /// `iam list-instance-profiles`: each profile's role (a profile holds at most one).
    fn profiles(&mut self, root: &JsonValue) {
        let items = self.cx.array(root, "InstanceProfiles", "");
        for (i, p) in items.iter().enumerate() {
            let path = idx("/InstanceProfiles", i);
            if !self.cx.is_object(p, &path, "an instance profile") {
                continue;
            }
            let Some(arn) = self.cx.string(p, "Arn", &path) else {
                continue;
            };
            let roles = self.cx.array(p, "Roles", &path);
            for (j, role) in roles.iter().enumerate() {
                let rp = idx(&key(&path, "Roles"), j);
                if self.cx.is_object(role, &rp, "a role") {
                    if let Some(r) = self.cx.string(role, "Arn", &rp) {
                        // Names of instance profiles ignore case, as IAM names do; the path of
                        // a profile named by `Name` alone is unknown, so both forms are kept.
                        if let Some(name) = arn.rsplit('/').next() {
                            self.profiles.insert(
                                format!(
                                    "arn:aws:iam::{}:instance-profile/{}",
                                    self.account,
                                    name.to_ascii_lowercase()
                                ),
                                r.clone(),
                            );
                        }
                        self.profiles.insert(arn.to_ascii_lowercase(), r);
                    }
                }
            }
        }
    }

    /// Adds an entry to the account's compute, or says why it is left out.
    fn add(&mut self, e: Entry) {
        let location = format!("{}#{}", self.file, e.path);
        if !in_account(&e.arn, self.account) {
            self.cx.error(
                "import-mixed-accounts",
                format!(
                    "`{}` is not in account {}, under which the file sits",
                    e.arn, self.account
                ),
                e.path.clone(),
                e.at,
            );
            return;
        }
        let region = Arn::parse(&e.arn).map(|a| a.region.to_owned());
        if region.as_deref() != Some(self.region) {
            self.cx.error(
                "import-wrong-region",
                format!(
                    "`{}` is not in region {}, the folder the file sits in",
                    e.arn, self.region
                ),
                e.path.clone(),
                e.at,
            );
            return;
        }
        let role = match (&e.role, &e.profile) {
            (Some(role), _) if role.starts_with("arn:") => Some(role.clone()),
            // Glue takes a role's name (of the job's account) or its ARN.
            (Some(name), _) => Some(format!("arn:aws:iam::{}:role/{name}", self.account)),
            (None, Some(profile)) => {
                let lower = profile.to_ascii_lowercase();
                let found = self.profiles.get(&lower).cloned().or_else(|| {
                    let name = lower.rsplit('/').next()?;
                    self.profiles
                        .get(&format!(
                            "arn:aws:iam::{}:instance-profile/{name}",
                            self.account
                        ))
                        .cloned()
                });
                if found.is_none() {
                    self.b.skip(
                        format!("compute {}", e.arn),
                        location,
                        format!("its instance profile `{profile}` is in no iam-list-instance-profiles.json of account {} (or holds no role)", self.account),
                    );
                    return;
                }
                found
            }
            (None, None) => None,
        };
        let Some(role) = role else {
            self.b.skip(
                format!("compute {}", e.arn),
                location,
                "it runs as no role of its own (no instance profile, no service role)",
            );
            return;
        };
        if !in_account(&role, self.account) {
            self.cx.error(
                "import-mixed-accounts",
                format!(
                    "the role `{role}` of `{}` is not in account {}",
                    e.arn, self.account
                ),
                e.path.clone(),
                e.at,
            );
            return;
        }
        let mut obj = Map::new();
        obj.insert("type".into(), Value::String(e.kind.into()));
        obj.insert("arn".into(), Value::String(e.arn.clone()));
        obj.insert("role".into(), Value::String(role));
        if let Some(p) = e.profile {
            obj.insert("instanceProfile".into(), Value::String(p));
        }
        if !e.tags.is_empty() {
            obj.insert("tags".into(), Value::Object(e.tags));
        }
        self.b
            .origin(self.account, "compute", &e.arn, "", &location);
        let account = self.account.to_owned();
        if !Builder::insert_new_exact(
            &mut self.b.account(&account).compute,
            e.arn.clone(),
            Value::Object(obj),
        ) {
            self.b.skip(
                format!("compute {}", e.arn),
                location,
                "already imported from an earlier file",
            );
        }
    }
}

fn in_account(arn: &str, account: &str) -> bool {
    Arn::parse(arn).is_some_and(|a| a.account == account)
}

/// CodeBuild's tag list (`[{"key": …, "value": …}]`).
fn lower_tags(cx: &mut Ctx, v: &JsonValue, path: &str) -> Map<String, Value> {
    let tpath = key(path, "tags");
    let mut out = Map::new();
    for (i, t) in cx.array(v, "tags", path).iter().enumerate() {
        let p = idx(&tpath, i);
        let k = cx.string(t, "key", &p);
        let val = cx.string(t, "value", &p);
        if let (Some(k), Some(val)) = (k, val) {
            out.insert(k, Value::String(val));
        }
    }
    out
}
