#!/usr/bin/env bash
# Quality of the fixed ladder on real footage: per clip and rung, the measured average and peak bitrate and the
# PSNR / SSIM against the source (vw.worker.measure-quality=true), from one `vw-media run` over every clip.
# Reads the clips from ../shared/media/ in place (see its README); nothing is copied into the repo.
#
#   bench/quality-ladder.sh [MEDIA_DIR] [PRESET]      (defaults: ../shared/media fast)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/bin/lib/ensure-tools.sh"
vw_ensure_tools
command -v python3 >/dev/null 2>&1 || vw_apt_install python3
MEDIA="${1:-$ROOT/../shared/media}"
PRESET="${2:-fast}"
WORK="$(mktemp -d /tmp/vw-quality.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

mapfile -t CLIPS < <(find "$MEDIA" -maxdepth 1 -type f \( -name '*.mp4' -o -name '*.webm' -o -name '*.mov' -o -name '*.mkv' \) | sort)
[ ${#CLIPS[@]} -gt 0 ] || { echo "no clips in $MEDIA" >&2; exit 2; }
echo "encoding ${#CLIPS[@]} clips with the fixed ladder (x264 $PRESET), measuring each rung..." >&2
"$ROOT/bin/vw-media" run --json --data-dir "$WORK/data" -s "vw.worker.x264-preset=$PRESET" \
  -s vw.worker.measure-quality=true "${CLIPS[@]}" > "$WORK/run.json" || true

python3 - "$WORK/run.json" "$PRESET" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
print(f"Fixed ladder `vw-media-hls-v3`, x264 preset `{sys.argv[2]}`; PSNR/SSIM against the source scaled to the rung.\n")
print("| clip | rung | size | avg kbit/s | peak kbit/s | PSNR dB | SSIM |")
print("|---|---|---|---:|---:|---:|---:|")
total = 0
for r in sorted(rows, key=lambda r: r["assetId"]):
    clip = r["assetId"].rsplit("-", 1)[0]
    if r["status"] == "FAILED":
        print(f"| {clip} | FAILED: {r['reason']} | | | | | |"); continue
    for v in r["renditions"]:
        if v["type"] != "video" or v["status"] != "DONE": continue
        total += v["averageBandwidth"]
        print(f"| {clip} | {v['name']} | {v['width']}x{v['height']} | {v['averageBandwidth']/1000:.0f} | {v['bandwidth']/1000:.0f} | "
              f"{v.get('psnr', float('nan')):.2f} | {v.get('ssim', float('nan')):.4f} |")
print(f"\nSum of the video rungs' average bitrates: {total/1000:.0f} kbit/s.")
PY
