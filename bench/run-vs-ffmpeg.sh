#!/usr/bin/env bash
# Benchmark: encode throughput of `vw-media run` against FFmpeg alone producing the same outputs, in one run.
#
# For each clip, `vw-media run --json` encodes the fixed ladder (vw-media-hls-v3) and packages HLS + DASH; then ONE
# hand-written FFmpeg command makes the same rungs (the sizes and frame rates vw-media chose, the template's
# average / peak / VBV and level, IDR every 2 s in closed GOPs, no scene-cut keyframes, BT.709 limited range converted
# from the source as vw-media converts it, AAC-LC 128 kbit/s stereo)
# and the same packaging (HLS + DASH over the same 4 s CMAF segments, FFmpeg's dash muxer): one decode, all
# encodes. Both run here, one after the other on the same machine; the ratios are the figures.
#
# Clips: a generated 30 s 1080p30 clip (lavfi testsrc2 + tone) and every clip in ../shared/media/ (real footage,
# read in place, never copied).
#
#   bench/run-vs-ffmpeg.sh [PRESET] [CLIP...]     (default preset: fast)
#   RUN_SETTINGS="-s vw.worker.first-rung-first=true" bench/run-vs-ffmpeg.sh     more settings for every vw-media run
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/bin/lib/ensure-tools.sh"
vw_ensure_tools
command -v python3 >/dev/null 2>&1 || vw_apt_install python3
PRESET="${1:-fast}"
shift || true
WORK="$(mktemp -d /tmp/vw-bench.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

CLIPS=("$@")
if [ ${#CLIPS[@]} -eq 0 ]; then
  echo "generating a 30 s 1080p30 clip (testsrc2 + tone)..." >&2
  ffmpeg -hide_banner -loglevel error -y \
    -f lavfi -i "testsrc2=size=1920x1080:rate=30:duration=30" \
    -f lavfi -i "sine=frequency=440:beep_factor=4:sample_rate=48000:duration=30" \
    -c:v libx264 -preset veryfast -crf 18 -pix_fmt yuv420p -c:a aac -b:a 192k -shortest "$WORK/gen_testsrc2_1080p_30s.mp4"
  CLIPS=("$WORK/gen_testsrc2_1080p_30s.mp4")
  mapfile -t -O 1 CLIPS < <(find "$ROOT/../shared/media" -maxdepth 1 -type f \( -name '*.mp4' -o -name '*.webm' \) | sort)
fi

# FFmpeg and ffprobe as vw-media runs them, behind wrappers that add each run's CPU seconds (user + system, from
# wait4) to a file, so a run's CPU splits into FFmpeg's and the JVM's own
mkdir -p "$WORK/wrap"
for tool in ffmpeg ffprobe; do
  cat > "$WORK/wrap/$tool" <<WRAP
#!/usr/bin/env python3
import os, signal, sys
pid = os.fork()
if pid == 0:
    os.execv("$(command -v $tool)", ["$tool"] + sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
with open(os.environ["BENCH_CPU_LOG"], "a") as log:
    log.write(f"{usage.ru_utime + usage.ru_stime:.3f}\\n")
code = os.waitstatus_to_exitcode(status)
if code < 0:
    signal.signal(-code, signal.SIG_DFL)
    os.kill(os.getpid(), -code)
sys.exit(code)
WRAP
  chmod +x "$WORK/wrap/$tool"
done

# build first so the build is not timed
(cd "$ROOT" && mvn -q -B -ntp install -DskipTests >&2)
# run a copy of the jar just built, whatever is rebuilt in the tree while this runs
mkdir -p "$WORK/app" && cp -r "$ROOT/launcher/target/vw-media.jar" "$ROOT/launcher/target/lib" "$WORK/app/"
export VW_NO_BUILD=1 VW_JAR="$WORK/app/vw-media.jar"
# the first `run` of a jar writes its class-data archive as it exits (bin/vw-media, AppCDS): done here, untimed, so
# the first clip's whole process starts as every later one does (it took some 12 s more before)
ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=320x180:rate=25:duration=1" -pix_fmt yuv420p "$WORK/warm-up.mp4"
"$ROOT/bin/vw-media" run --json --data-dir "$WORK/warm-up" "$WORK/warm-up.mp4" > /dev/null

PYTHONPATH="$ROOT/bench/lib" python3 - "$ROOT" "$WORK" "$PRESET" "${CLIPS[@]}" <<'PY'
import json, os, resource, subprocess, sys, time
import ffmpeg_ladder

def ffmpeg_cpu(log):
    # what the wrappers logged: each FFmpeg or ffprobe run's user and system seconds
    if not os.path.exists(log):
        return 0.0
    return sum(float(line) for line in open(log) if line.strip())

def cpu_seconds():
    # user + system time of every child waited for so far: the JVM and its FFmpeg processes, or FFmpeg alone
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime
root, work, preset, clips = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
tmpl = ffmpeg_ladder.template(root)

rows = []
for n, clip in enumerate(clips):
    name = os.path.splitext(os.path.basename(clip))[0]
    print(f"[{n + 1}/{len(clips)}] {name}: vw-media run...", file=sys.stderr)
    t0, c0 = time.monotonic(), cpu_seconds()
    cpu_log = f"{work}/cpu-{n}.log"
    env = dict(os.environ, PATH=f"{work}/wrap:" + os.environ["PATH"], BENCH_CPU_LOG=cpu_log)
    out = subprocess.run([f"{root}/bin/vw-media", "run", "--json", "--data-dir", f"{work}/vw-{n}",
                          "-s", f"vw.worker.x264-preset={preset}", *os.environ.get("RUN_SETTINGS", "").split(), clip],
                         check=True, capture_output=True, text=True, env=env).stdout
    whole, run_cpu = time.monotonic() - t0, cpu_seconds() - c0
    report = json.loads(out.strip().splitlines()[-1])
    rungs = [r for r in report["renditions"] if r["status"] == "DONE"]
    print(f"[{n + 1}/{len(clips)}] {name}: ffmpeg alone, {len(rungs)} rungs...", file=sys.stderr)
    c0 = cpu_seconds()
    alone = ffmpeg_ladder.run(clip, rungs, f"{work}/ffmpeg-{n}", preset, tmpl)
    alone_cpu = cpu_seconds() - c0
    rows.append((name, "+".join(r["name"] for r in rungs), alone, report["elapsedMs"] / 1000, whole, report["status"],
                 alone_cpu, run_cpu, ffmpeg_cpu(cpu_log)))

cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
ffv = subprocess.run(["ffmpeg", "-version"], capture_output=True, text=True).stdout.split()[2]
print(f"x264 preset `{preset}`; {os.cpu_count()} cores, {cpu}; FFmpeg {ffv}; vw-media-hls-v3, quality measurement off.\n")
print("| clip | rungs | FFmpeg alone | vw-media upload → published | ratio | vw-media whole process | ratio |")
print("|---|---|---:|---:|---:|---:|---:|")
for name, rungs, alone, pipe, whole, status, *_ in rows:
    print(f"| {name} | {rungs} | {alone:.1f} s | {pipe:.1f} s | {pipe / alone:.2f} | {whole:.1f} s | {whole / alone:.2f} |"
          + ("" if status == "PUBLISHED" else f" ({status})"))
ta, tp, tw = (sum(r[i] for r in rows) for i in (2, 3, 4))
print(f"| **all clips** | | {ta:.1f} s | {tp:.1f} s | {tp / ta:.2f} | {tw:.1f} s | {tw / ta:.2f} |")

# where the time goes: CPU seconds (user + system) against wall seconds; cores busy = CPU / wall. A pipeline doing
# the same work as FFmpeg alone but leaving cores idle shows equal CPU and fewer cores busy; one doing more work shows
# more CPU: in its FFmpeg runs (a second decode of the source, two runs' start and end) or in the JVM (start-up,
# Kafka, the topology, storing segments).
cores = os.cpu_count()
print(f"\n| clip | FFmpeg alone: CPU s | cores busy (of {cores}) | whole `run`: CPU s | its FFmpeg and ffprobe | its JVM "
      "| cores busy | FFmpeg in `run` / alone |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for name, _, alone, _, whole, _, alone_cpu, run_cpu, ff_cpu in rows:
    print(f"| {name} | {alone_cpu:.1f} | {alone_cpu / alone:.2f} | {run_cpu:.1f} | {ff_cpu:.1f} | {run_cpu - ff_cpu:.1f} "
          f"| {run_cpu / whole:.2f} | {ff_cpu / alone_cpu:.2f} |")
tac, trc, tfc = (sum(r[i] for r in rows) for i in (6, 7, 8))
print(f"| **all clips** | {tac:.1f} | {tac / ta:.2f} | {trc:.1f} | {tfc:.1f} | {trc - tfc:.1f} | {trc / tw:.2f} "
      f"| {tfc / tac:.2f} |")
PY
