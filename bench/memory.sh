#!/usr/bin/env bash
# Benchmark: where the resident memory of `vw-media run` goes while it encodes a 1080p clip (issue 15, goal 6: the
# whole embedded stack under 512 MB). Runs a generated 1080p30 clip (testsrc2 + tone, CLIP_SECONDS long: 10) through
# `bin/vw-media run` RUNS times (default 3) for each variant of JVM options and settings, the variants one after the
# other in each round so they share the machine's state, and prints per variant, as medians over the runs:
#
#   - the JVM's peak resident set (VmHWM), and the JVM with its FFmpeg children at their highest sample;
#   - at the JVM's highest sample: anonymous memory and file-backed memory (the jar, the JDK's modules, the
#     class-data archive, the broker's log and index files mapped in);
#   - from one more run with Native Memory Tracking (-XX:NativeMemoryTracking=summary, which itself costs a few MB),
#     the JVM's own accounts at its highest sample: heap, metaspace and classes, thread stacks, compiled code, the
#     collector, other native (direct buffers), and what is resident outside them (RocksDB's memtables and caches,
#     the C library's allocator arenas, the file-backed pages above);
#   - the threads at that sample, by part: the embedded broker (and controller), the topology (Kafka Streams and
#     its RocksDB), the workers, the Kafka clients (producers, consumers, admin), the JVM's own, the rest.
#
#   bench/memory.sh [RUNS]
#   MEMORY_VARIANTS=$'label|JAVA OPTS|-s key=value ...\n...' bench/memory.sh   (empty JAVA OPTS: bin/vw-media's own)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/bin/lib/ensure-tools.sh"
. "$ROOT/bench/lib/quiet.sh"
. "$ROOT/bench/lib/run-clip.sh"
vw_ensure_tools
command -v python3 >/dev/null 2>&1 || vw_apt_install python3
RUNS="${1:-3}"
WORK="$(mktemp -d /tmp/vw-memory.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

vw_bench_jar "$ROOT" "$WORK"
seconds="${CLIP_SECONDS:-10}"
vw_bench_clip "$WORK" "$seconds"

# bin/vw-media's first run of a jar writes its class-data archive; one uncounted run makes it, as a user's first does
echo "# warm-up: the first run of this jar, which writes its class-data archive" >&2
VW_NO_BUILD=1 VW_JAR="$VW_JAR" VW_CDS_DIR="$WORK/cds" "$ROOT/bin/vw-media" run --json --data-dir "$WORK/data-warmup" \
  "$WORK/clip.mp4" > /dev/null 2> "$WORK/log-warmup.txt" || { cat "$WORK/log-warmup.txt" >&2; exit 1; }
rm -rf "$WORK/data-warmup"
vw_wait_quiet
VW_NO_BUILD=1 VW_JAR="$VW_JAR" VW_CDS_DIR="$WORK/cds" python3 "$ROOT/bench/lib/memory.py" \
  "$ROOT/bin/vw-media" "$WORK" "$RUNS" "$BENCH_LOAD" "${MEMORY_VARIANTS:-}" "$seconds"
