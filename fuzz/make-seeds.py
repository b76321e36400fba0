#!/usr/bin/env python3
"""Builds the seed corpora of the fuzz targets that read whole folders or models from the
repository's fixtures (run from anywhere; writes into fuzz/seeds/)."""
import pathlib

root = pathlib.Path(__file__).resolve().parent.parent
seeds = root / "fuzz" / "seeds"

# model_load: the example organization and the example diff models, whole.
model_dir = seeds / "model_load"
model_dir.mkdir(parents=True, exist_ok=True)
for src in [root / "core/data/example-org.json", *sorted((root / "examples").glob("**/*.json"))]:
    text = src.read_text()
    if '"accounts"' in text:
        (model_dir / src.name).write_text(text)

# import_folder: the place index of import_folder.rs PLACES, then the file's text.
PLACES = [
    "iam/111111111111.json", "iam/222222222222.json", "org/describe-organization.json",
    "org/roots.json", "org/ous/r-ab12.json", "org/accounts/r-ab12.json",
    "org/policies/p-abcd1234.json", "org/targets/p-abcd1234.json",
    "resources/111111111111/s3/bucket.json",
    "resources/111111111111/kms/eu-west-1/1234abcd-12ab-34cd-56ef-1234567890ab.json",
    "resources/111111111111/sqs/eu-west-1/queue.json",
    "resources/111111111111/lambda/eu-west-1/fn.json", "terraform/plan.json",
    "cloudformation/111111111111/stack.json", "org/ous/ou-ab12-11111111.json",
    "resources/111111111111/secretsmanager/eu-west-1/app/db.json",
    "iam/111111111111/saml-providers.json", "iam/111111111111/virtual-mfa-devices.json",
    "iam/111111111111/mfa-devices/alice.json",
    "iam/111111111111/oidc-providers/token.actions.githubusercontent.com.json",
    "cloudformation/111111111111/eu-west-1/stack.yaml",
]


def place_of(rel: str) -> int:
    top = rel.split("/")[0]
    parts = rel.split("/")
    if top == "iam":
        if len(parts) == 2:
            return 0
        name = parts[-1]
        if parts[2] == "mfa-devices":
            return 18
        if parts[2] == "oidc-providers":
            return 19
        return {"saml-providers.json": 16, "virtual-mfa-devices.json": 17}.get(name, 0)
    if top == "org":
        name = {"describe-organization.json": 2, "roots.json": 3}.get(parts[-1])
        if name is not None:
            return name
        return {"ous": 4, "accounts": 5, "policies": 6, "targets": 7}.get(parts[1], 6)
    if top == "resources":
        return {"s3": 8, "kms": 9, "sqs": 10, "lambda": 11, "secretsmanager": 15}.get(parts[2], 8)
    if top == "terraform":
        return 12
    if rel.endswith((".yaml", ".yml")):
        return 20
    return 13


imp = seeds / "import_folder"
imp.mkdir(parents=True, exist_ok=True)
fixtures = root / "tests" / "import"
groups = {}
for f in sorted(p for p in fixtures.glob("**/*") if p.suffix in (".json", ".yaml", ".yml")):
    rel = f.relative_to(fixtures).as_posix()
    groups.setdefault(rel.split("/")[0], []).append((rel, f.read_bytes()))
for top, files in groups.items():
    for i, (rel, data) in enumerate(files):
        (imp / f"{top}-{i}").write_bytes(bytes([place_of(rel)]) + data)
    blob = b"\0".join(bytes([place_of(rel)]) + data for rel, data in files)
    (imp / f"{top}-all").write_bytes(blob)
