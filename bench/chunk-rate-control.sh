#!/usr/bin/env bash
# Experiment: why a chunked rung's bytes part from the whole rung's (issue 14, docs/benchmarks.md). One-pass capped
# ABR run per chunk against one run over the whole source, and per chunk with a pre-roll (the encode starts some
# seconds before the chunk, those frames thrown away) to see whether a cold rate control at each chunk's start is the
# cause. Plain FFmpeg, no pipeline: x264 with the rung's bitrate, cap, buffer and GOP read from vw-media-hls-v3.
#
#   bench/chunk-rate-control.sh                       (Big Buck Bunny looped to 60 s, the template's 360p rung)
#   CHUNKS="16 32" PREROLLS="0 4 8" PRESET=fast bench/chunk-rate-control.sh SOURCE SECONDS FPS RUNG
#   X264_PARAMS=ratetol=0.5 PREROLLS=0 bench/chunk-rate-control.sh    x264 options of an experiment, on every encode
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/bin/lib/ensure-tools.sh"
vw_ensure_tools
command -v python3 >/dev/null 2>&1 || vw_apt_install python3
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
PYTHONPATH="$ROOT/bench/lib" python3 "$ROOT/bench/lib/chunk_rate_control.py" "$ROOT" \
  "${1:-$ROOT/../shared/media/bbb_720p_30s_vp8.webm}" "${2:-60}" "${3:-24}" "${4:-360p}" "${PRESET:-fast}" "$WORK"
