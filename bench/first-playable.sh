#!/usr/bin/env bash
# Benchmark: first playable against the whole ladder (issue 15, goal 4). Generates the grainy 20 s 1080p30 clip of
# bench/startup.sh (testsrc2 under light grain, CRF 16, a tone) and publishes it with `vw-media run --json`, RUNS
# times per configuration, alternating, each on a new data folder:
#
#   whole rungs   live publishing off (vw.publish.live=false, vw.worker.live-segments=false): the first playable
#                 manifest is version 1, once the lowest rung and the audio are encoded (vw.worker.first-rung-first)
#   live          the defaults: the live version (HLS EVENT playlists) as soon as the first segments are stored;
#                 the other rungs encode alongside the lowest one, behind it in CPU priority (vw.worker.overlap-encodes)
#   live, one run after the other   live, and vw.worker.overlap-encodes=false: the other rungs start when the
#                 lowest rung and the audio are done
#   live, one FFmpeg   live, and vw.worker.first-rung-first=false: every rung in one FFmpeg run (one decode)
#
# Prints, per configuration, the medians of upload → first playable manifest, → first version (HLS and DASH), →
# whole ladder published, and first playable as a share of the whole ladder, with the runs behind them.
#
#   bench/first-playable.sh [RUNS]     (default 2)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/bin/lib/ensure-tools.sh"
. "$ROOT/bench/lib/grainy-clip.sh"
vw_ensure_tools
command -v python3 >/dev/null 2>&1 || vw_apt_install python3
RUNS="${1:-2}"
WORK="$(mktemp -d /tmp/vw-first-playable.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

vw_grainy_clip "$WORK/clip.mp4"
vw_bench_jar "$ROOT" "$WORK"

python3 - "$ROOT" "$WORK" "$RUNS" <<'PY'
import json, statistics, subprocess, sys
root, work, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
configs = [
    ("whole rungs", ["-s", "vw.publish.live=false", "-s", "vw.worker.live-segments=false"]),
    ("live", []),
    ("live, one run after the other", ["-s", "vw.worker.overlap-encodes=false"]),
    ("live, one FFmpeg", ["-s", "vw.worker.first-rung-first=false"]),
]
seen = {name: [] for name, _ in configs}
for i in range(runs):
    for name, settings in configs:
        folder = f"{work}/{name.replace(' ', '-').replace(',', '')}-{i}"
        out = subprocess.run([f"{root}/bin/vw-media", "run", "--json", "--data-dir", folder, *settings,
                              f"{work}/clip.mp4"], check=True, capture_output=True, text=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        assert r["status"] == "PUBLISHED", r
        row = (r["firstPlayableMs"] / 1000, r.get("firstVersionMs", r["firstPlayableMs"]) / 1000, r["elapsedMs"] / 1000)
        seen[name].append(row)
        print(f"run {i + 1}, {name}: first playable {row[0]:.1f} s, first version {row[1]:.1f} s, whole {row[2]:.1f} s",
              file=sys.stderr)

print("| configuration | upload → first playable | → first version (HLS + DASH) | → whole ladder | first playable / whole "
      "| runs (first playable / whole, s) |")
print("|---|---:|---:|---:|---:|---|")
for name, _ in configs:
    rows = seen[name]
    first, version, whole = (statistics.median(r[k] for r in rows) for k in range(3))
    each = ", ".join(f"{r[0]:.1f} / {r[2]:.1f}" for r in rows)
    print(f"| {name} | {first:.1f} s | {version:.1f} s | {whole:.1f} s | {100 * first / whole:.0f} % | {each} |")
PY
