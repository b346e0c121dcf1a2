#!/usr/bin/env bash
# Benchmark: wall time of `vw-media run` on a 30-second 1080p clip against ONE hand-written FFmpeg command that
# produces the same ladder (360p/720p/1080p H.264 + AAC, same rate control, IDR every 2 s, 4 s CMAF segments)
# and the same packaging (HLS + DASH over the same segments, FFmpeg's dash muxer). Both run here, in this script,
# one after the other on the same machine; the ratio is the figure. Results go to docs/benchmarks.md.
#
#   bench/run-vs-ffmpeg.sh [SECONDS] [PRESET]     (defaults: 30 fast)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/bin/lib/ensure-tools.sh"
vw_ensure_tools
SECONDS_LONG="${1:-30}"
PRESET="${2:-fast}"
WORK="$(mktemp -d /tmp/vw-bench.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
CLIP="$WORK/clip-1080p-${SECONDS_LONG}s.mp4"

echo "generating a ${SECONDS_LONG}s 1080p30 clip (testsrc2 + tone)..." >&2
ffmpeg -hide_banner -loglevel error -y \
  -f lavfi -i "testsrc2=size=1920x1080:rate=30:duration=$SECONDS_LONG" \
  -f lavfi -i "sine=frequency=440:beep_factor=4:sample_rate=48000:duration=$SECONDS_LONG" \
  -c:v libx264 -preset veryfast -crf 18 -pix_fmt yuv420p -c:a aac -b:a 192k -shortest "$CLIP"

# build first so the build is not timed
(cd "$ROOT" && mvn -q -B -ntp install -DskipTests >&2)

now() { date +%s.%N; }

echo "ffmpeg alone: one command, one decode, three encodes, dash muxer with HLS playlists..." >&2
OUT="$WORK/ffmpeg-out"; mkdir -p "$OUT"
x264="-c:v libx264 -preset $PRESET -profile:v high -sc_threshold 0 -g 60 -keyint_min 60 -flags +cgop -force_key_frames expr:gte(t,n_forced*2)"
t0=$(now)
# shellcheck disable=SC2086
ffmpeg -hide_banner -loglevel error -y -i "$CLIP" \
  -filter_complex "[0:v]split=3[a][b][c];[a]scale=640:360:flags=bicubic,setsar=1,format=yuv420p[v0];[b]scale=1280:720:flags=bicubic,setsar=1,format=yuv420p[v1];[c]scale=1920:1080:flags=bicubic,setsar=1,format=yuv420p[v2]" \
  -map "[v0]" -map "[v1]" -map "[v2]" -map 0:a:0 $x264 -fps_mode cfr -r 30 \
  -b:v:0 800k  -maxrate:v:0 1200k -bufsize:v:0 1600k  -level:v:0 3.0 \
  -b:v:1 3000k -maxrate:v:1 4500k -bufsize:v:1 6000k  -level:v:1 3.1 \
  -b:v:2 6000k -maxrate:v:2 9000k -bufsize:v:2 12000k -level:v:2 4.0 \
  -c:a aac -profile:a aac_low -b:a 128k -ac 2 -ar 48000 \
  -f dash -seg_duration 4 -use_template 1 -use_timeline 1 -hls_playlist 1 \
  -adaptation_sets "id=0,streams=v id=1,streams=a" "$OUT/manifest.mpd"
t1=$(now)
FFMPEG_S=$(awk "BEGIN{print $t1 - $t0}")

echo "vw-media run: embedded broker, topology, workers (x264 preset $PRESET), HLS + DASH..." >&2
t0=$(now)
"$ROOT/bin/vw-media" run --json --data-dir "$WORK/vw-data" -s "vw.worker.x264-preset=$PRESET" "$CLIP" > "$WORK/run.json"
t1=$(now)
VW_S=$(awk "BEGIN{print $t1 - $t0}")
PIPELINE_MS=$(sed -n 's/.*"elapsedMs":\([0-9]*\).*/\1/p' "$WORK/run.json")
STATUS=$(sed -n 's/.*"status":"\([A-Z]*\)","reason".*/\1/p' "$WORK/run.json")

RATIO=$(awk "BEGIN{print $VW_S / $FFMPEG_S}")
PIPE_RATIO=$(awk "BEGIN{print $PIPELINE_MS / 1000 / $FFMPEG_S}")
CPU="$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
FFV="$(ffmpeg -version | head -1 | cut -d' ' -f3)"
printf 'clip: %ss 1080p30 testsrc2 + tone; x264 preset %s; %s; FFmpeg %s\n' "$SECONDS_LONG" "$PRESET" "$CPU" "$FFV"
printf 'ffmpeg alone (one command):                 %6.1f s\n' "$FFMPEG_S"
printf 'vw-media run (whole process, JVM + broker): %6.1f s   ratio %.2fx   status %s\n' "$VW_S" "$RATIO" "$STATUS"
printf 'vw-media upload -> published (in pipeline): %6.1f s   ratio %.2fx\n' "$(awk "BEGIN{print $PIPELINE_MS / 1000}")" "$PIPE_RATIO"
