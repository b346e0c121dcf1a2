#!/usr/bin/env bash
# Benchmark: where `vw-media run` spends the time that is not encoding (issue 15). Runs a short generated clip
# (testsrc2 + tone, 1080p30, CLIP_SECONDS long: 5) through `vw-media run --json --trace` RUNS times, each time on a
# new data folder ("first run": formats the broker's log, creates the topics) and then again on that same folder
# ("data folder reused": what `bin/vw-media run` does from its second run on), and prints, as medians over the runs:
#
#   - start-up: when each part was ready, from the JVM's start (broker, topics, topology built, workers built,
#     topology running, first upload accepted) and how long closing took after the last asset was terminal;
#   - per asset: upload -> published, the time some encode was running (each rung result's encode time, ending
#     when its result was written), and the rest, the per-asset overhead, hop by hop as a consumer of each topic
#     saw the records (admit, probe, plan, task -> first encode, between encodes, last result -> packaged,
#     packaged -> published);
#   - memory: the peak resident set of the vw-media JVM (VmHWM) and of the JVM and its FFmpeg children together.
#
#   bench/overhead.sh [RUNS]          (default 5; runs through bin/vw-media, so VW_JAVA_OPTS and VW_CDS apply)
#   OVERHEAD_SETTINGS="-s vw.worker.first-rung-first=false" bench/overhead.sh    other settings for every run
#   SECOND_UPLOAD_AFTER=20 bench/overhead.sh    the clip uploaded again 20 s after the first, when the first is
#                                              published: the per-asset tables then show the first asset (a JVM
#                                              just started) and the second (a warm one) side by side
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/bin/lib/ensure-tools.sh"
. "$ROOT/bench/lib/quiet.sh"
. "$ROOT/bench/lib/run-clip.sh"
. "$ROOT/bin/lib/java-opts.sh"
vw_ensure_tools
command -v python3 >/dev/null 2>&1 || vw_apt_install python3
RUNS="${1:-5}"
WORK="$(mktemp -d /tmp/vw-overhead.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

vw_bench_jar "$ROOT" "$WORK"
seconds="${CLIP_SECONDS:-5}"
vw_bench_clip "$WORK" "$seconds"
read -r -a SETTINGS <<<"${OVERHEAD_SETTINGS:-}"
INPUTS=("$WORK/clip.mp4")
if [ -n "${SECOND_UPLOAD_AFTER:-}" ]; then
  INPUTS=(--upload-interval "PT${SECOND_UPLOAD_AFTER}S" "$WORK/clip.mp4" "$WORK/clip.mp4")
fi

# one run: the JVM's peak RSS (VmHWM) and the JVM plus its children's RSS, sampled every 100 ms
run_once() { # LABEL DATA_DIR N
  local label="$1" data="$2" n="$3" pid peak_tree=0 hwm=0 start end
  start="$(date +%s%3N)"
  VW_NO_BUILD=1 VW_JAR="$VW_JAR" VW_CDS_DIR="$WORK/cds" "$ROOT/bin/vw-media" run --json --trace "$WORK/trace-$label-$n.json" --data-dir "$data" \
    "${SETTINGS[@]}" "${INPUTS[@]}" > "$WORK/report-$label-$n.json" 2> "$WORK/log-$label-$n.txt" &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    local h tree
    h="$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)"
    [ -n "$h" ] && hwm="$h"
    tree="$( { ps -o rss= --pid "$pid" --ppid "$pid" 2>/dev/null || true; } | awk '{s += $1} END {print s + 0}')"
    [ "$tree" -gt "$peak_tree" ] && peak_tree="$tree"
    sleep 0.1
  done
  wait "$pid" || { cat "$WORK/log-$label-$n.txt" >&2; exit 1; }
  end="$(date +%s%3N)"
  printf '%s\t%s\t%s\t%s\t%s\n' "$label" "$n" "$((end - start))" "$hwm" "$peak_tree" >> "$WORK/runs.tsv"
}

# bin/vw-media's first run of a jar writes its class-data archive (AppCDS) at exit; every later run maps it in. One
# uncounted run makes it, as a user's first run does (VW_CDS=0 measures without it)
if [ "${VW_CDS:-1}" != 0 ]; then
  echo "# warm-up: the first run of this jar, which writes its class-data archive" >&2
  VW_NO_BUILD=1 VW_JAR="$VW_JAR" VW_CDS_DIR="$WORK/cds" "$ROOT/bin/vw-media" run --json --data-dir "$WORK/data-warmup" \
    "${SETTINGS[@]}" "$WORK/clip.mp4" > /dev/null 2> "$WORK/log-warmup.txt" || { cat "$WORK/log-warmup.txt" >&2; exit 1; }
  rm -rf "$WORK/data-warmup"
fi
vw_wait_quiet
: > "$WORK/runs.tsv"
for n in $(seq 1 "$RUNS"); do
  echo "# run $n of $RUNS: first run on a new data folder, then again on it" >&2
  run_once first "$WORK/data-$n" "$n"
  run_once reused "$WORK/data-$n" "$n"
  rm -rf "$WORK/data-$n"
done
python3 "$ROOT/bench/lib/overhead.py" "$WORK" "$seconds" "$BENCH_LOAD" \
  "$(vw_java_opts run)$([ "${VW_CDS:-1}" != 0 ] && echo " (bin/vw-media's class-data archive)") ${SETTINGS[*]}"
