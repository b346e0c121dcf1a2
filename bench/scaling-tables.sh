#!/usr/bin/env bash
# The sizing tables of docs/scaling.md, from the calibrated simulation (bench/simulate.sh); each row prints the
# command that made it. Extra arguments go to every run (e.g. --seed 2, --task-overhead-s 0.8).
#
#   bench/scaling-tables.sh [SIMULATION OPTIONS...]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python3 - "$ROOT" "$@" <<'PY'
import json, subprocess, sys
root, extra = sys.argv[1], sys.argv[2:]
sim = [f"{root}/bench/simulate.sh"]

def run(args):
    return subprocess.run(sim + args + extra, check=False, capture_output=True, text=True).stdout

def made_by(commands):
    print("\nMade by:\n\n```sh\n" + "\n".join(commands) + "\n```\n")

def minutes(s):
    return "never" if not isinstance(s, (int, float)) else f"{s / 60:.1f} min" if s < 7200 else f"{s / 3600:.2f} h"

day = ["--source-hours-per-day", "1000", "--window-hours", "26", "--warmup-hours", "2", "--target-p95-s", "1800"]
print("### Workers to publish 1,000 hours of 1080p uploads a day within 30 minutes (p95)\n")
print("| pool | dispatch | plan | pods needed | p95 to published | p99 | p95 to first playable | utilisation | worker-hours per asset-hour |")
print("|---|---|---|---:|---:|---:|---:|---:|---:|")
commands = []
for pool in ("cpu", "gpu"):
    for dispatch in ("share-group", "consumer-group"):
        for plan in ("--no-chunking", "--chunking"):
            args = ["size", *day, "--pool", pool, "--dispatch", dispatch, plan]
            out = run(args).strip().splitlines()[-1]
            commands.append("bench/simulate.sh " + " ".join(args + extra))
            if "none meets" in out or "no pool" in out:
                print(f"| {pool} | {dispatch} | {plan[2:]} | none: {out.split(': ', 1)[1]} | | | | | |")
                continue
            # "cpu pods needed: 75 (p95 upload -> published 26.9 min, p99 28.6 min, first playable p95 26.5 min; utilisation 99%; worker-hours per asset-hour 1.84)"
            n = out.split("needed: ")[1].split(" ")[0]
            inner = out.split("(", 1)[1].rstrip(")")
            parts = [p.strip() for p in inner.replace(";", ",").split(",")]
            get = lambda prefix: next(p[len(prefix):].strip() for p in parts if p.startswith(prefix))
            print(f"| {pool} | {dispatch} | {plan[2:]} | {n} | {get('p95 upload -> published')} | {get('p99')} | "
                  f"{get('first playable p95')} | {get('utilisation')} | {get('worker-hours per asset-hour')} |")
made_by(commands)

print("### One 2-hour 2160p upload, time to published\n")
print("| pool | pods | whole rungs: to first playable | to published | chunked: to first playable | to published | chunked: utilisation |")
print("|---|---:|---:|---:|---:|---:|---:|")
commands = []
for pool in ("cpu", "gpu"):
    for pods in (8, 32, 128):
        cells = []
        for plan in ("--no-chunking", "--chunking"):
            args = ["run", "--trace", "bench/data/trace-2h-2160p.tsv", f"--{pool}-pods", str(pods), "--dispatch", "share-group", plan, "--json"]
            if pool == "gpu":
                args[5:5] = ["--cpu-pods", "0"]
            commands.append("bench/simulate.sh " + " ".join(args + extra))
            d = json.loads(run(args))
            cells += [minutes(d["toPlayable"]["max"]), minutes(d["toPublished"]["max"])]
            util = next(iter(d["pools"].values()))["utilisation"]
        print(f"| {pool} | {pods} | {cells[0]} | {cells[1]} | {cells[2]} | {cells[3]} | {100 * util:.0f}% |")
made_by(commands)

print("### Dispatch under stragglers and crashes: the 2-hour 2160p upload, chunked, 32 CPU pods\n")
print("| dispatch | faults | to published | crashes | speculative copies | wasted pod-hours | utilisation |")
print("|---|---|---:|---:|---:|---:|---:|")
commands = []
faults = ["--straggler-fraction", "0.05", "--straggler-factor", "4", "--failure-probability", "0.01"]
for dispatch in (["consumer-group", "--partitions", "32"], ["share-group"]):
    for label, f in (("none", []), ("5% stragglers x4, 1% crashes", faults), ("the same, speculative copies", faults + ["--speculate"])):
        args = ["run", "--trace", "bench/data/trace-2h-2160p.tsv", "--cpu-pods", "32", "--chunking", "--dispatch", *dispatch, *f, "--json"]
        commands.append("bench/simulate.sh " + " ".join(args + extra))
        d = json.loads(run(args))
        print(f"| {' '.join(dispatch)} | {label} | {minutes(d['toPublished']['max'])} | {d['crashes']} | {d['speculativeCopies']} |"
              f" {d['wastedPodHours']:.2f} | {100 * d['pools']['cpu']['utilisation']:.0f}% |")
made_by(commands)
PY
