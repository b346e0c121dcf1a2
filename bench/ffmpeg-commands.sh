#!/usr/bin/env bash
# Benchmark: is the pipeline's own FFmpeg work more than FFmpeg alone's? (issue 15, goal 3)
#
# `bench/run-vs-ffmpeg.sh` compares a whole `vw-media run` with one FFmpeg command making the same outputs; the gap
# mixes FFmpeg's work with the JVM's (Kafka, the topology, the workers) and the per-asset hops. This bench takes
# FFmpeg's part out on its own: it runs `vw-media run --json` on a clip once, with an FFmpeg wrapper on PATH that
# records every encode the workers start (its arguments, its niceness, when it started and ended), then replays those
# same commands with no JVM running, as the run ran them (commands that ran side by side in the run start together,
# at the niceness they had; the others one after the other), alternating with FFmpeg alone's one command
# (bench/lib/ffmpeg_ladder.py), ROUNDS times. It prints each round's wall and CPU seconds and the medians' ratio.
#
#   bench/ffmpeg-commands.sh [ROUNDS] [CLIP]   (default 3 rounds, the generated 30 s 1080p30 clip of run-vs-ffmpeg)
#   PRESET=veryfast RUN_SETTINGS="-s vw.worker.overlap-encodes=false" bench/ffmpeg-commands.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/bin/lib/ensure-tools.sh"
. "$ROOT/bench/lib/quiet.sh"
. "$ROOT/bench/lib/run-clip.sh"
vw_ensure_tools
command -v python3 >/dev/null 2>&1 || vw_apt_install python3
ROUNDS="${1:-3}"
CLIP="${2:-}"
PRESET="${PRESET:-fast}"
WORK="$(mktemp -d /tmp/vw-ffmpeg-commands.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

vw_bench_jar "$ROOT" "$WORK"
export VW_NO_BUILD=1 VW_JAR
if [ -z "$CLIP" ]; then
  CLIP="$WORK/gen_testsrc2_1080p_30s.mp4"
  vw_bench_clip "$WORK" 30 && mv "$WORK/clip.mp4" "$CLIP"
fi

# the recording wrapper: one JSON line per FFmpeg run (encodes only: the workers' runs report -progress)
mkdir -p "$WORK/wrap"
cat > "$WORK/wrap/ffmpeg" <<WRAP
#!/usr/bin/env python3
import json, os, subprocess, sys, time
args = sys.argv[1:]
start = time.time()
code = subprocess.call(["$(command -v ffmpeg)"] + args)
if "-progress" in args:
    with open(os.environ["BENCH_FFMPEG_LOG"], "a") as log:
        log.write(json.dumps({"args": args, "nice": os.nice(0), "start": start, "end": time.time()}) + "\\n")
sys.exit(code)
WRAP
chmod +x "$WORK/wrap/ffmpeg"

vw_wait_quiet
PYTHONPATH="$ROOT/bench/lib" python3 - "$ROOT" "$WORK" "$PRESET" "$CLIP" "$ROUNDS" <<'PY'
import json, os, re, resource, statistics, subprocess, sys, time
import ffmpeg_ladder

root, work, preset, clip, rounds = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
log = f"{work}/ffmpeg-runs.jsonl"
data = f"{work}/vw"
env = dict(os.environ, PATH=f"{work}/wrap:" + os.environ["PATH"], BENCH_FFMPEG_LOG=log)
out = subprocess.run([f"{root}/bin/vw-media", "run", "--json", "--data-dir", data, "-s", f"vw.worker.x264-preset={preset}",
                      *os.environ.get("RUN_SETTINGS", "").split(), clip],
                     check=True, capture_output=True, text=True, env=env).stdout
report = json.loads(out.strip().splitlines()[-1])
rungs = [r for r in report["renditions"] if r["status"] == "DONE"]
runs = sorted((json.loads(l) for l in open(log)), key=lambda r: r["start"])

# the run's commands as batches: a command that started before the batch's last one ended runs beside it
batches = []
for r in runs:
    if batches and r["start"] < max(x["end"] for x in batches[-1]):
        batches[-1].append(r)
    else:
        batches.append([r])

def replay(dest):
    """Runs the recorded commands writing under dest instead of the run's data folder."""
    for batch in batches:
        procs = []
        for r in batch:
            args = [a.replace(data, dest) for a in r["args"]]
            for a in args:
                if a.startswith(dest):
                    os.makedirs(os.path.dirname(a), exist_ok=True)
            procs.append(subprocess.Popen(["nice", "-n", str(r["nice"]), "ffmpeg", *args], stdout=subprocess.DEVNULL))
        for p in procs:
            if p.wait() != 0:
                sys.exit(f"a replayed FFmpeg run failed ({p.returncode})")

def timed(work_fn):
    """Wall seconds and CPU seconds (user + system of the children) of work_fn."""
    r0, t0 = resource.getrusage(resource.RUSAGE_CHILDREN), time.monotonic()
    work_fn()
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.monotonic() - t0, (r1.ru_utime + r1.ru_stime) - (r0.ru_utime + r0.ru_stime)

tmpl = ffmpeg_ladder.template(root)
rows = []
for n in range(rounds):
    alone = timed(lambda: ffmpeg_ladder.run(clip, rungs, f"{work}/alone-{n}", preset, tmpl))
    pipeline = timed(lambda: replay(f"{work}/replay-{n}"))
    rows.append((alone, pipeline))
    print(f"# round {n + 1}/{rounds}: FFmpeg alone {alone[0]:.1f} s ({alone[1]:.1f} CPU s), "
          f"the run's commands {pipeline[0]:.1f} s ({pipeline[1]:.1f} CPU s)", file=sys.stderr)

def rung_label(segment_pattern):
    """The rung a segment pattern writes: the nearest folder whose name ends with it (a live encode's adds a number)."""
    folders = os.path.dirname(segment_pattern).split(os.sep)
    for folder in reversed(folders):
        found = re.search(r"(\d+p|audio)(?:-\d+)?$", folder)
        if found:
            return found.group(1)
    return folders[-1]


name = os.path.splitext(os.path.basename(clip))[0]
cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
print(f"{name}: {'+'.join(r['name'] for r in rungs)}; x264 `{preset}`; {os.cpu_count()} cores, {cpu}; "
      f"settings: {os.environ.get('RUN_SETTINGS') or 'defaults'}\n")
print(f"The run's FFmpeg runs ({len(runs)}; " + "; ".join(
    " beside ".join("+".join(rung_label(r["args"][i + 1]) for i, a in enumerate(r["args"])
                             if a == "-hls_segment_filename")
                    + (f" at nice {r['nice']}" if r["nice"] else "") for r in b) for b in batches)
      + f"). The run itself: upload -> published {report['elapsedMs'] / 1000:.1f} s.\n")
print("| round | FFmpeg alone: wall | CPU | the run's FFmpeg commands, replayed: wall | CPU |")
print("|---|---:|---:|---:|---:|")
for n, ((aw, ac), (pw, pc)) in enumerate(rows):
    print(f"| {n + 1} | {aw:.1f} s | {ac:.1f} s | {pw:.1f} s | {pc:.1f} s |")
med = [statistics.median(r[i][j] for r in rows) for i in (0, 1) for j in (0, 1)]
print(f"| **median** | {med[0]:.1f} s | {med[1]:.1f} s | {med[2]:.1f} s | {med[3]:.1f} s |")
print(f"\nreplayed / alone: wall {med[2] / med[0]:.2f}, CPU {med[3] / med[1]:.2f}; the whole pipeline's upload -> published "
      f"/ alone's median wall: {report['elapsedMs'] / 1000 / med[0]:.2f}")
PY
