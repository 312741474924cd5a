#!/usr/bin/env python3
"""`ces score` says on standard error when a sum adds amounts in several currencies.

    check_currency_note.py --ces build/ces

The note is the engine's (Dataset::currency_mix, ScoreTable warnings), so the command
line prints it as `ces: warning: …` and its --summary-json lists it under "warnings", as
ces.summary().warnings does in the page. Read in one part and in several (--threads,
tiny parts forced), the lines are the same; one currency throughout gets no note.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

MODEL = {
    "ces_model": 1, "name": "Payments",
    "data": {"shape": "events", "customer": "customer", "time": "created", "event": "type"},
    "activities": [
        {"name": "Spend", "events": ["charge.succeeded"], "measure": "sum", "column": "amount", "weight": 1},
        {"name": "Charges", "events": ["charge.succeeded"], "measure": "count", "weight": 1},
    ],
    "scale": {"method": "raw"},
}
NOTE = ("ces: warning: activity Spend: column amount mixes 3 currencies (USD, EUR, GBP in column currency), "
        "added as they are, unconverted; convert them first, or score one currency at a time")


def payments(codes):
    rows = ["customer,created,type,amount,currency"]
    for day in range(1, 29):
        for i, code in enumerate(codes):
            rows.append(f"cus_{i}_{day % 5},2025-02-{day:02d}T10:0{i}:00Z,charge.succeeded,{10 * day + i},{code}")
    return "\n".join(rows) + "\n"


def score(ces, work, data, threads):
    model, path, summary = (os.path.join(work, n) for n in ("model.json", "data.csv", "summary.json"))
    with open(model, "w") as f:
        json.dump(MODEL, f)
    with open(path, "w") as f:
        f.write(data)
    env = dict(os.environ, CES_MIN_PART_BYTES="1", CES_THREADS_REPORT="1")
    p = subprocess.run([ces, "score", "--model", model, "--threads", str(threads), "--summary-json", summary,
                        "-o", os.path.join(work, "out.csv"), path], capture_output=True, env=env)
    err = [l for l in p.stderr.decode("utf-8").splitlines() if not l.startswith("ces: threads: ")]
    with open(summary) as f:
        return p.returncode, err, json.load(f)["warnings"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ces", required=True)
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="ces-money-")
    failures = []
    mixed = payments(["usd", "eur", "gbp"])
    for threads in (1, 3):
        code, err, warnings = score(a.ces, work, mixed, threads)
        if code != 0:
            failures.append(f"--threads {threads}: exit {code}")
        if err.count(NOTE) != 1:
            failures.append(f"--threads {threads}: standard error lacks the note once:\n  " + "\n  ".join(err))
        if warnings.count(NOTE[len("ces: warning: "):]) != 1:
            failures.append(f"--threads {threads}: --summary-json warnings lack the note: {warnings}")
    code, err, warnings = score(a.ces, work, payments(["usd", "USD", " usd"]), 1)
    if any("currencies" in l for l in err) or any("currencies" in w for w in warnings):
        failures.append("one currency written three ways got a note:\n  " + "\n  ".join(err))
    for f in failures:
        print("FAIL:", f)
    print(f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
