#!/usr/bin/env python3
"""Writes the batch throughput inputs used in README.md and docs/performance.md, from the scenario
corpus (deterministic: fixed seeds).

  scripts/gen-batch-lines.py OUT_DIR
    OUT_DIR/b2k.jsonl    20,000 corpus scenarios of 1.2-3.5 KB           (about 1.2 KB a line)
    OUT_DIR/b2kb.jsonl   20,000 corpus scenarios grown to about 2 KB with more identity policies
    OUT_DIR/reqs.jsonl   200,000 request lines against the embedded example organization
"""
import glob
import json
import os
import random
import sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
out = sys.argv[1] if len(sys.argv) > 1 else "/tmp"
scenarios = []
for f in sorted(glob.glob(os.path.join(root, "tests/scenarios/**/*.json"), recursive=True)):
    try:
        d = json.load(open(f))
    except (ValueError, OSError):
        continue
    if isinstance(d, dict) and d.get("identityPolicies"):
        scenarios.append(d)
compact = lambda d: json.dumps(d, separators=(",", ":"))

random.seed(1)
lines = [compact(d) for d in scenarios]
big = [l for l in lines if 1200 < len(l) < 3500]
open(os.path.join(out, "b2k.jsonl"), "w").write("\n".join(random.choice(big) for _ in range(20000)) + "\n")

random.seed(7)
grown = []
while len(grown) < 20000:
    d = json.loads(json.dumps(random.choice(scenarios)))
    d.pop("expect", None)
    d.pop("why", None)
    while len(compact(d)) < 1900:
        d["identityPolicies"] = d["identityPolicies"] + random.choice(scenarios)["identityPolicies"]
    grown.append(compact(d))
open(os.path.join(out, "b2kb.jsonl"), "w").write("\n".join(grown) + "\n")

random.seed(1)
reqs = []
for i in range(200000):
    reqs.append(json.dumps({
        "id": i,
        "principal": random.choice(["dave", "alice"]),
        "action": random.choice(["s3:GetObject", "s3:PutObject", "ecs:UpdateService"]),
        "resource": random.choice(["arn:aws:s3:::acme-data-lake/report.csv",
                                   "arn:aws:ecs:eu-west-1:222222222222:service/prod/web"]),
        "context": {"aws:SourceIp": "203.0.113.9"},
    }))
open(os.path.join(out, "reqs.jsonl"), "w").write("\n".join(reqs) + "\n")
