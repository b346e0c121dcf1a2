#!/usr/bin/env bash
# Calibration of the cluster simulation (docs/scaling.md) against real runs on this machine: a fixed batch of uploads
# (6 generated sources of 10 to 30 s, 720p and 1080p, testsrc2 with grain and a tone) through the real pipeline, all
# submitted at once and then one every CALIBRATION_INTERVAL seconds (45: a steady arrival rate that keeps the workers
# busy with a short queue), each with 1 and then 2 separate worker processes (`vw-media run` with vw.embedded.workers=false on its
# embedded broker, plus `vw-media worker` processes against it, each encoding one rung task at a time:
# vw.worker.rungs-per-encode=1), then the simulation of the same batch with the same parameters (the same asset ids,
# so the same partitions; the pods sharing this machine's cores), and prints real against simulated: makespan, mean
# and p95 upload -> published, with the relative error. The two physical parameters (the per-task overhead and the
# share of the machine the runs got) come from the all-at-once 1-worker run; every other run is a prediction.
#
# Waits for a quiet machine before the real runs (1-minute load below 1.0, at most 30 minutes) and records the load.
# Writes the real runs' per-asset times to bench/data/calibration-runs.tsv, with each run's wall time and the CPU its
# JVMs took beside FFmpeg (the run's broker and topology, the workers' own threads), which it prints as cores taken.
#
#   bench/calibrate-simulation.sh [PRESET] [SIMULATION OPTIONS...]      (default preset: fast)
#   CALIBRATION_REUSE=1 bench/calibrate-simulation.sh ...            simulate again against the recorded real runs
#   (CALIBRATION_BATCH="name:height:seconds ..." and CALIBRATION_RUNS=FILE: another batch, another record)
#   CALIBRATION_CONFIGS="0:1 45:2 45:2 45:2" CALIBRATION_RUNS=bench/data/calibration-repeats.tsv bench/calibrate-simulation.sh
#       the real runs to make, each INTERVAL:WORKERS, in order (default "0:1 0:2 I:1 I:2", I = CALIBRATION_INTERVAL);
#       a configuration given more than once is run again (new asset ids, so other partitions), and its figures are
#       also shown as the mean over its runs. The first all-at-once 1-worker run gives the parameters.
#       INTERVAL:WORKERS:c is the same batch chunked (CALIBRATION_CHUNKING="MIN:TARGET", default 30:16: sources longer
#       than MIN seconds cut into chunks of about TARGET; vw.chunking.* for the pipeline, --chunking for the model), e.g.
#   CALIBRATION_BATCH="long1080:1080:60" CALIBRATION_CONFIGS="0:1 0:1:c 0:2:c 0:2" bench/calibrate-simulation.sh
#       the parameters from the whole-rung 1-worker run, then chunked runs predicted with them
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/bench/lib/quiet.sh"
. "$ROOT/bin/lib/ensure-tools.sh"
[ -n "${CALIBRATION_REUSE:-}" ] || [ -x /usr/bin/time ] || vw_apt_install time # GNU time: the run JVM's CPU
PRESET="${1:-fast}"
shift || true
RUNS="${CALIBRATION_RUNS:-$ROOT/bench/data/calibration-runs.tsv}"
WORK="$(mktemp -d /tmp/vw-calibrate.XXXXXX)"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

if [ -z "${CALIBRATION_REUSE:-}" ]; then
  # build once, without installing, and run a copy of the jar whatever is rebuilt in the tree meanwhile
  (cd "$ROOT" && { mvn -o -q -B -pl launcher -am package -DskipTests >&2 || mvn -q -B -ntp -pl launcher -am package -DskipTests >&2; })
  mkdir -p "$WORK/app" && cp -r "$ROOT/launcher/target/vw-media.jar" "$ROOT/launcher/target/lib" "$WORK/app/"
  mkdir -p "$WORK/src"
  # the batch: name, height, seconds (mixed 720p / 1080p, 10 to 30 s), generated as the encode-speed sources are
  read -r -a BATCH <<<"${CALIBRATION_BATCH:-a720:720:12 b1080:1080:30 c720:720:18 d1080:1080:24 e1080:1080:10 f720:720:28}"
  echo "# generating the batch: ${BATCH[*]}" >&2
  for spec in "${BATCH[@]}"; do
    IFS=: read -r name height seconds <<<"$spec"
    width=$((height * 16 / 9))
    ffmpeg -v error -y -f lavfi -i "testsrc2=size=${width}x${height}:rate=30,noise=alls=12:allf=t" \
      -f lavfi -i "sine=frequency=440:beep_factor=4:sample_rate=48000" -t "$seconds" \
      -c:v libx264 -preset ultrafast -crf 16 -g 30 -pix_fmt yuv420p -c:a aac -b:a 192k "$WORK/src/$name.mp4"
  done
  vw_wait_quiet
  # CPU seconds (user + system) of the given processes' own threads, not their children's
  jvm_cpu() {
    local sum=0 p
    for p in "$@"; do
      sum="$(awk -v tck="$(getconf CLK_TCK)" -v sum="$sum" '{ sub(/^.*\) /, ""); print sum + ($12 + $13) / tck }' "/proc/$p/stat")"
    done
    echo "$sum"
  }
  free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
  printf 'workers\tasset\tsource_height\tsource_seconds\tto_playable_s\tto_published_s\tencode_s\tload1\tpreset\tdate\tinterval_s\tarrival_s\trun\trun_wall_s\trun_jvm_cpu_s\tworker_jvm_cpu_s\tchunking\n' > "$RUNS.new"
  gap="${CALIBRATION_INTERVAL:-45}"
  read -r -a CONFIGS <<<"${CALIBRATION_CONFIGS:-0:1 0:2 $gap:1 $gap:2}"
  run=0
  for config in "${CONFIGS[@]}"; do
    IFS=: read -r interval workers plan <<<"$config"
    run=$((run + 1))
    data="$WORK/run-$run-$interval-$workers${plan:+-$plan}"
    chunking=(-s vw.chunking.min-source-seconds=1000000) # whole rungs, whatever the template's rule
    chunk_rule="-"
    if [ "$plan" = c ]; then
      IFS=: read -r chunk_min chunk_target <<<"${CALIBRATION_CHUNKING:-30:16}"
      chunking=(-s "vw.chunking.min-source-seconds=$chunk_min" -s "vw.chunking.target-seconds=$chunk_target")
      chunk_rule="$chunk_min:$chunk_target"
    fi
    port="$(free_port)"
    mkdir -p "$data"
    # no chunk pre-roll: the chunked run measures the steps a chunk adds beyond encoding (--chunk-overhead-s); the
    # model adds a pre-roll as encoding, at the calibrated speeds (--chunk-preroll-s)
    common=(-s vw.metrics.port=0 -s "vw.worker.x264-preset=$PRESET" -s vw.worker.rungs-per-encode=1
            -s vw.worker.chunk-preroll=0s -s "vw.source.file-roots=$WORK/src")
    PIDS=()
    for w in $(seq 1 "$workers"); do
      java -Xmx1g -jar "$WORK/app/vw-media.jar" worker --data-dir "$data" -b "127.0.0.1:$port" \
        --schema-registry "$data/registry" --storage "$data/storage" -s "vw.worker.id=worker-$w" \
        -s "vw.worker.work-dir=$data/work-$w" "${common[@]}" > "$data/worker-$w.log" 2>&1 &
      PIDS+=($!)
    done
    for w in $(seq 1 "$workers"); do # each worker up (its pool started) before the uploads
      for _ in $(seq 1 120); do
        grep -q "vw-media worker:" "$data/worker-$w.log" && break
        kill -0 "${PIDS[$((w - 1))]}" 2>/dev/null || { cat "$data/worker-$w.log" >&2; exit 1; }
        sleep 1
      done
    done
    workers_started_cpu="$(jvm_cpu "${PIDS[@]}")" # their start-up, not counted
    load="$(vw_load1)"
    echo "# real run with $workers worker process(es), uploads ${interval} s apart, chunking $chunk_rule, 1-minute load $load" >&2
    # the CPU the pipeline's own JVMs take beside FFmpeg: the run's (broker, registry, topology, and its own start-up;
    # it starts no process with vw.embedded.workers=false) from GNU time, the workers' own threads (not their FFmpeg
    # children) from /proc, from when they were up to before they are stopped
    /usr/bin/time -f '%e %U %S' -o "$data/run.time" \
      java -Xmx2g -jar "$WORK/app/vw-media.jar" run --json --data-dir "$data" -s vw.embedded.workers=false \
      -s "vw.embedded.kafka-port=$port" "${common[@]}" "${chunking[@]}" --upload-interval "PT${interval}S" "$WORK"/src/*.mp4 \
      > "$data/report.jsonl" 2> "$data/run.log"
    read -r run_wall run_user run_sys < "$data/run.time"
    worker_cpu="$(jvm_cpu "${PIDS[@]}")"
    worker_cpu="$(awk -v a="$worker_cpu" -v b="$workers_started_cpu" 'BEGIN { print a - b }')"
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    PIDS=()
    logs="/tmp/vw-calibration-logs/r$run-i$interval-w$workers${plan:+-$plan}"
    mkdir -p "$logs" # the logs, to read after the temporary folder is gone
    cp "$data"/*.log "$data/report.jsonl" "$logs/"
    python3 - "$data/report.jsonl" "$workers" "$load" "$PRESET" "$WORK/src" "$interval" "$run" "$run_wall" \
      "$run_user" "$run_sys" "$worker_cpu" "$chunk_rule" >> "$RUNS.new" <<'PY'
import datetime, json, subprocess, sys
report, workers, load, preset, src, interval, run, run_wall, run_user, run_sys, worker_cpu, chunk_rule = sys.argv[1:]
run_cpu = float(run_user) + float(run_sys)
reports = [json.loads(line) for line in open(report)]
first = min(datetime.datetime.fromisoformat(r["requestedAt"].replace("Z", "+00:00")) for r in reports)
for r in reports:
    arrival = (datetime.datetime.fromisoformat(r["requestedAt"].replace("Z", "+00:00")) - first).total_seconds()
    name = r["assetId"].rsplit("-", 1)[0]
    out = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=height:format=duration",
                          "-of", "csv=p=0", f"{src}/{name}.mp4"], capture_output=True, text=True).stdout.split()
    height, seconds = out[0].strip(","), float(out[1])
    encode = sum(x.get("encodeMs") or 0 for x in r["renditions"]) / 1000
    print(f"{workers}\t{r['assetId']}\t{height}\t{seconds:.3f}\t{r.get('firstPlayableMs', 0) / 1000:.2f}\t"
          f"{r['elapsedMs'] / 1000:.2f}\t{encode:.2f}\t{load}\t{preset}\t{datetime.date.today().isoformat()}\t"
          f"{interval}\t{arrival:.2f}\t{run}\t{float(run_wall):.1f}\t{float(run_cpu):.1f}\t{float(worker_cpu):.1f}\t"
          f"{chunk_rule}")
PY
  done
  mv "$RUNS.new" "$RUNS"
fi

# the simulation of the same batches: the same ids (so the same partitions), the pods sharing this machine's 2 cores
python3 - "$ROOT" "$RUNS" "$PRESET" "$WORK" "$@" <<'PY'
import json, subprocess, sys
from collections import defaultdict
root, runs, preset, work, extra = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
rows = [l.rstrip("\n").split("\t") for l in open(runs) if l.strip() and not l.startswith("workers")]
seeds = range(1, 11)
LADDER = (360, 720, 1080, 2160)
PROBE_PUBLISH = 0.6 + 0.7  # --probe-s + --publish-s, the model's defaults (docs/benchmarks.md)

# the measured speeds of the batch's kind of source (generated testsrc2 with grain), encodes run alone
speeds = defaultdict(list)
header = None
for line in open(f"{root}/bench/data/encode-speed.tsv"):
    if line.startswith("#") or not line.strip():
        continue
    f = line.rstrip("\n").split("\t")
    if header is None:
        header = f
        continue
    r = dict(zip(header, f))
    if r["source"].startswith("gen_testsrc2") and r["concurrent"] == "1":
        speeds[(r["rung"], r["preset"] if r["rung"] != "audio" else "aac", int(r["source_height"]))].append(float(r["speed"]))

def mean_speed(rung, height):
    key = (rung, preset if rung != "audio" else "aac", height)
    return sum(speeds[key]) / len(speeds[key])

def rungs(height):
    return [f"{h}p" for h in LADDER if h <= height] or ["360p"]

def expected_encode(batch):
    """The batch's encode seconds at the measured speeds, each task alone on the machine."""
    return sum(float(r[3]) / mean_speed(rung, int(r[2])) for r in batch for rung in rungs(int(r[2])) + ["audio"])

def interval(r):
    return r[10] if len(r) > 10 else "0"  # records from before 2026-12-03's second run: all uploaded at once

def arrival(r):
    return float(r[11]) if len(r) > 11 else 0.0

def run_of(r):
    """Which real run the row is of: records from before the run column have one run per configuration."""
    return int(r[12]) if len(r) > 12 else 0

def chunking(r):
    """MIN:TARGET of a chunked run, "-" for whole rungs (records from before 2026-12-07's chunked runs: whole)."""
    return r[16] if len(r) > 16 else "-"

def model_chunking(rule):
    if rule == "-":
        return ["--no-chunking"]
    low, target = rule.split(":")
    return ["--chunking", "--min-source-seconds", low, "--target-chunk-seconds", target]

def dispatch(rule):
    """Chunk tasks go to the share group, the rest to the consumer group; the model has one dispatch for all."""
    return "consumer-group" if rule == "-" else "share-group"

def described(gap, rule):
    uploads = "all at once" if float(gap) == 0 else f"{float(gap):g} s apart"
    return uploads if rule == "-" else f"{uploads}, chunked (~{rule.split(':')[1]} s)"

def stats(assets):
    """(arrival, upload -> published) of each asset: makespan from the first upload, mean and p95."""
    times = sorted(t for _, t in assets)
    p95 = times[max(0, -(-95 * len(times) // 100) - 1)]
    return max(a + t for a, t in assets) - min(a for a, _ in assets), sum(times) / len(times), p95

keys = sorted({(interval(r), r[0], run_of(r), chunking(r)) for r in rows},
              key=lambda k: (k[3] != "-", float(k[0]), k[1], k[2]))
batches = {k: [r for r in rows if (interval(r), r[0], run_of(r), chunking(r)) == k] for k in keys}
one = next(b for (i, w, _, c), b in batches.items() if (i, w, c) == ("0", "1", "-"))
tasks_one = sum(len(rungs(int(r[2]))) + 1 for r in one)
encode_one = sum(float(r[6]) for r in one)
makespan_one = max(float(r[5]) for r in one)
# per task beside FFmpeg's own time, from the 1-worker run (tasks one after another): makespan - encodes - per asset
overhead = max(0.0, (makespan_one - encode_one - PROBE_PUBLISH) / tasks_one)
# the machine's other work: the 1-worker run's encodes against the same encodes measured alone
factor = expected_encode(one) / encode_one

def simulate(trace, workers, rule, seed, speed_factor, chunk_work):
    args = [f"{root}/bench/simulate.sh", "run", "--json", "--trace", trace, "--seed", str(seed),
            "--cpu-pods", workers, "--cpu-cores", "2", "--host-cores", "2", "--cpu-startup-s", "0",
            "--preset", preset, "--dispatch", dispatch(rule), "--partitions", "12",
            "--order", "LOWEST_FIRST", "--speed-sources", "gen_testsrc2", "--task-overhead-s", f"{overhead:.3f}",
            "--speed-factor", f"{speed_factor:.4f}", "--chunk-overhead-s", f"{chunk_work:.3f}", "--chunk-preroll-s", "0", *model_chunking(rule), *extra]
    return json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)

def write_trace(batch, name):
    trace = f"{work}/trace-{name}.tsv"
    with open(trace, "w") as t:
        for r in batch:
            t.write(f"{arrival(r):.3f}\t{r[3]}\t{r[2]}\t{r[1]}\n")
    return trace

# a third parameter where the record has a chunked all-at-once 1-worker run of the same sources: what a chunk task
# costs beyond its frames, its FFmpeg time against the whole-rung run's, over its chunks, at the reference cores
chunk_work, chunk_one = 0.0, None
for (i, w, _, c), b in batches.items():
    if (i, w) == ("0", "1") and c != "-" and sorted(r[1].rsplit("-", 1)[0] for r in b) == sorted(r[1].rsplit("-", 1)[0] for r in one):
        chunk_one = (c, b)
        break
if chunk_one:
    rule, b = chunk_one
    chunks = simulate(write_trace(b, "chunk-count"), "1", rule, 1, factor, 0)["chunkTasksRun"]
    encode_chunked = sum(float(r[6]) for r in b)
    chunk_work = max(0.0, (encode_chunked - encode_one) / chunks * factor)

print(f"x264 preset `{preset}`; real runs of {runs.split('/')[-1]} (1-minute load at their start:"
      f" {', '.join(sorted({r[7] for r in rows}))}); simulation: mean of {len(seeds)} seeds, speeds drawn from the"
      f" measured gen_testsrc2 sources, per-task overhead {overhead:.2f} s (from the 1-worker run: makespan {makespan_one:.1f} s"
      f" - its FFmpeg time {encode_one:.1f} s - {PROBE_PUBLISH:.1f} s for the first probe and the last publish, over"
      f" {tasks_one} tasks). Both parameters come from the all-at-once 1-worker run; every other row is a prediction.")
print(f"The 1-worker run's encodes took {1 / factor:.2f} times as long as the same encodes measured alone"
      f" ({encode_one:.1f} s against {expected_encode(one):.1f} s): other work on the machine; speed factor {factor:.3f}.")
if chunk_one:
    print(f"The chunked 1-worker run's FFmpeg time was {encode_chunked:.1f} s against the whole rungs' {encode_one:.1f} s, over"
          f" {chunks} chunk tasks: {chunk_work:.2f} s of work per chunk at the measured speeds (--chunk-overhead-s), a third"
          f" parameter, so that run is fitted too and only the other chunked runs are predictions.")
print()
worst = {}
for label, f in (("speeds as measured", 1.0), (f"speeds x {factor:.3f} (the 1-worker run's share of the machine)", factor)):
    print(f"{label}:\n")
    print("| uploads | workers | figure | real | simulated | error |")
    print("|---|---:|---|---:|---:|---:|")
    worst[label] = 0
    repeated = defaultdict(list)  # (gap, workers) -> [(real figures, simulated figures)] over its runs
    for (gap, workers, _, rule), batch in batches.items():
        uploads = described(gap, rule)
        trace = write_trace(batch, f"{gap}-{workers}-{rule.replace(':', '-')}")
        sims, busy = [], []
        for seed in seeds:
            result = simulate(trace, workers, rule, seed, f, chunk_work)
            sims.append(stats([(a["arrival"], a["toPublished"]) for a in result["assetTimes"]]))
            busy.append(sum(p["busyPodHours"] for p in result["pools"].values()) * 3600)
        real = stats([(arrival(r), float(r[5])) for r in batch])
        sim = [sum(s[i] for s in sims) / len(sims) for i in range(3)]
        repeated[(uploads, workers)].append((real, sim))
        for i, name in enumerate(["makespan", "mean upload -> published", "p95 upload -> published"]):
            err = (sim[i] - real[i]) / real[i]
            worst[label] = max(worst[label], abs(err))
            print(f"| {uploads} | {workers} | {name} | {real[i]:.1f} s | {sim[i]:.1f} s | {100 * err:+.1f} % |")
        print(f"| {uploads} | {workers} | pod-seconds busy (real: FFmpeg's time) | {sum(float(r[6]) for r in batch):.1f} s |"
              f" {sum(busy) / len(busy):.1f} s | |")
    for (uploads, workers), runs_of in repeated.items():
        if len(runs_of) < 2:
            continue
        for i, name in enumerate(["makespan", "mean upload -> published", "p95 upload -> published"]):
            real = sum(r[i] for r, _ in runs_of) / len(runs_of)
            sim = sum(s[i] for _, s in runs_of) / len(runs_of)
            spread = ", ".join(f"{r[i]:.0f}" for r, _ in runs_of)
            print(f"| {uploads} | {workers} | {name}, mean of {len(runs_of)} runs (real: {spread} s) | {real:.1f} s |"
                  f" {sim:.1f} s | {100 * (sim - real) / real:+.1f} % |")
    print(f"\nlargest error of a single run: {100 * worst[label]:.1f} % (goal: within 15 %)\n")

# what the pipeline's own JVMs took of the machine in each real run (records from 2026-12-06's second set on)
cpu = {k: b[0] for k, b in batches.items() if len(b[0]) > 15}
if cpu:
    print("The pipeline's own JVMs beside FFmpeg, per real run (CPU seconds over the run's wall time):\n")
    print("| uploads | workers | run | wall | run JVM (broker, registry, topology; with its start-up) | worker JVMs"
          " (once up) | cores taken |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for (gap, workers, run, rule), r in cpu.items():
        uploads = described(gap, rule)
        wall, run_cpu, worker_cpu = float(r[13]), float(r[14]), float(r[15])
        print(f"| {uploads} | {workers} | {run} | {wall:.0f} s | {run_cpu:.1f} s | {worker_cpu:.1f} s |"
              f" {(run_cpu + worker_cpu) / wall:.2f} |")
PY
