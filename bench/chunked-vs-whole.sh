#!/usr/bin/env bash
# Benchmark: chunked encoding against whole-rung encoding of the same rungs, in one run (docs/scaling.md).
#
# Each source goes through `vw-media run --json` twice: whole (chunking off) and chunked (vw.chunking.min-source-seconds
# and target-seconds forcing chunks of about TARGET seconds, or the template's own rule with TARGET "template"), x264
# at the workers' default preset, one worker. Then,
# per video rung, both outputs are decoded (init + every segment, as a player reads them) and compared frame by frame
# with the source prepared the same way (scaled to the rung, its frame rate): PSNR and SSIM means, the PSNR of every
# GOP, total bytes, the peak segment bitrate. The baseline is the whole encode of the same run. Reported for each join
# of the chunked rung: its first GOP against the GOPs on either side of it.
#
# Then speed: upload -> published for the long generated source, whole and chunked, with 1 and 2 workers
# (vw.worker.concurrency). These machines have 2 cores: two encodes share them, so the figures are per core honest,
# not a cluster's.
#
# Sources: a generated 1080p30 clip (testsrc2 with grain and a tone, LONG_SECONDS long, 120 by default) and real
# footage from ../shared/media/ looped to at least LOOP_SECONDS (60 by default; read in place, never copied into the
# repository).
#
#   bench/chunked-vs-whole.sh [TARGET_SECONDS] [--no-speed]        (default target: 16)
#   LOOP_SECONDS=330 bench/chunked-vs-whole.sh template --no-speed  (the template's own chunk rule, as users get it:
#                        its threshold, and chunks sized by the top rung's work; the sources must be long enough)
#   LONG_SECONDS=60 VW_JAR=/path/vw-media.jar bench/chunked-vs-whole.sh   (a shorter source; a jar already built)
#   SPEED_ONLY=1 CLIPS=" " bench/chunked-vs-whole.sh                     (only the speed runs, 1 and 2 workers)
#   COMPARE_SETTINGS="vw.worker.chunk-preroll=0s" bench/chunked-vs-whole.sh 16 --no-speed
#                        (each source also chunked with these settings, against the same whole encode)
#
# "Workers" here are encode slots in one process: vw.worker.concurrency rung encodes and vw.worker.chunk-concurrency
# chunk encodes (share-group members), both set to the number given.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/bin/lib/ensure-tools.sh"
vw_ensure_tools
command -v python3 >/dev/null 2>&1 || vw_apt_install python3
TARGET="${1:-16}"
SPEED=1
[ "${2:-}" = "--no-speed" ] && SPEED=0
WORK="$(mktemp -d /tmp/vw-bench-chunks.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

LONG="${LONG_SECONDS:-120}"
LOOP="${LOOP_SECONDS:-60}"
echo "generating a ${LONG} s 1080p30 source (testsrc2 + grain + tone) and looping real footage to ${LOOP} s or more..." >&2
ffmpeg -hide_banner -loglevel error -y \
  -f lavfi -i "testsrc2=size=1920x1080:rate=30:duration=${LONG},noise=alls=10:allf=t" \
  -f lavfi -i "sine=frequency=440:beep_factor=4:sample_rate=48000:duration=${LONG}" \
  -c:v libx264 -preset veryfast -crf 16 -pix_fmt yuv420p -c:a aac -b:a 192k -shortest "$WORK/gen_1080p_${LONG}s.mp4"
SOURCES=("$WORK/gen_1080p_${LONG}s.mp4")
for clip in ${CLIPS:-bbb_720p_30s_vp8.webm cockatoo_720p_14s_h264.mp4}; do
  src="$ROOT/../shared/media/$clip"
  [ -f "$src" ] || continue
  # looped with the concat demuxer, re-encoded near-losslessly once so every source is one seekable H.264 file
  loops=$(python3 -c "import math,sys; print(math.ceil(float(sys.argv[1]) / float(sys.argv[2])))" "$LOOP" \
    "$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$src")")
  for _ in $(seq "$loops"); do echo "file '$src'"; done > "$WORK/${clip%.*}.txt"
  ffmpeg -hide_banner -loglevel error -y -f concat -safe 0 -i "$WORK/${clip%.*}.txt" -map 0:v:0 -map '0:a:0?' \
    -c:v libx264 -preset veryfast -crf 14 -pix_fmt yuv420p -c:a aac -b:a 192k "$WORK/${clip%.*}_looped.mp4"
  SOURCES+=("$WORK/${clip%.*}_looped.mp4")
done

# build first so the build is not timed; run a copy of the jar just built (or the one VW_JAR names)
if [ -z "${VW_JAR:-}" ] || [ ! -f "$VW_JAR" ]; then
  (cd "$ROOT" && mvn -q -B -ntp install -DskipTests >&2)
  mkdir -p "$WORK/app" && cp -r "$ROOT/launcher/target/vw-media.jar" "$ROOT/launcher/target/lib" "$WORK/app/"
  VW_JAR="$WORK/app/vw-media.jar"
fi
export VW_NO_BUILD=1 VW_JAR

PYTHONPATH="$ROOT/bench/lib" python3 "$ROOT/bench/lib/chunked_vs_whole.py" "$ROOT" "$WORK" "$TARGET" "$SPEED" "${SOURCES[@]}"
