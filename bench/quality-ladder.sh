#!/usr/bin/env bash
# Quality per bit on real footage (and three generated 1080p sources): every clip in ../shared/media/ through `vw-media run` twice, once with the
# fixed ladder (vw-media-hls-v3) and once with the per-title ladder (vw-media-hls-v3-per-title), measuring each
# video rung (vw.worker.measure-quality=true: PSNR / SSIM against the source scaled to the rung). Prints both,
# side by side, and the bytes the per-title ladder saves. Reads the clips in place; nothing is copied.
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
# the real clips are 1080p at most and mostly 720p and below: add generated 1080p sources of known character
# (high-quality intermediates, CRF 12) so the 1080p rung is measured too
echo "generating 10 s 1080p sources with lavfi..." >&2
gen() { ffmpeg -hide_banner -loglevel error -y -f lavfi -i "$2" -t 10 ${3:+-vf "$3"} -c:v libx264 -preset veryfast -crf 12 -pix_fmt yuv420p "$WORK/$1"; CLIPS+=("$WORK/$1"); }
gen gen_testsrc2_1080p.mp4 "testsrc2=size=1920x1080:rate=30"
gen gen_mandelbrot_1080p.mp4 "mandelbrot=size=1920x1080:rate=30"
gen gen_noisy_testsrc2_1080p.mp4 "testsrc2=size=1920x1080:rate=30" "noise=alls=25:allf=t+u"
(cd "$ROOT" && mvn -q -B -ntp install -DskipTests >&2)
# run a copy of the jar just built, whatever is rebuilt in the tree while this runs
mkdir -p "$WORK/app" && cp -r "$ROOT/launcher/target/vw-media.jar" "$ROOT/launcher/target/lib" "$WORK/app/"
export VW_NO_BUILD=1 VW_JAR="$WORK/app/vw-media.jar"
for template in vw-media-hls-v3 vw-media-hls-v3-per-title; do
  echo "encoding ${#CLIPS[@]} clips with $template (x264 $PRESET), measuring each rung..." >&2
  "$ROOT/bin/vw-media" run --json --data-dir "$WORK/data" --template "$template" -s "vw.worker.x264-preset=$PRESET" \
    -s vw.worker.measure-quality=true "${CLIPS[@]}" > "$WORK/$template.json" || true
done

python3 - "$WORK/vw-media-hls-v3.json" "$WORK/vw-media-hls-v3-per-title.json" "$PRESET" \
  "$ROOT/topology/src/main/resources/templates/vw-media-hls-v3-per-title.json" <<'PY'
import json, sys
target = json.load(open(sys.argv[4]))["perTitle"]["targetPsnr"]
def load(path):
    rungs = {}
    for line in open(path):
        if not line.strip(): continue
        r = json.loads(line)
        clip = r["assetId"].rsplit("-", 1)[0]
        for v in r.get("renditions", []):
            if v["type"] == "video" and v["status"] == "DONE":
                rungs[(clip, v["name"])] = v
    return rungs
fixed, per = load(sys.argv[1]), load(sys.argv[2])
print(f"x264 preset `{sys.argv[3]}`; PSNR (dB) / SSIM against the source scaled to the rung; kbit/s is the measured average.")
print(f"Quality kept: per-title PSNR at or above the fixed ladder's (within 0.1 dB), or at or above the {target:g} dB target where the fixed ladder was above it.\n")
print("| clip | rung | fixed kbit/s | fixed PSNR / SSIM | per-title kbit/s | per-title PSNR / SSIM | bits saved | quality kept |")
print("|---|---|---:|---:|---:|---:|---:|---|")
tf = tp = kf = kp = 0
below = []
for key in sorted(fixed):
    f, p = fixed[key], per.get(key)
    if p is None: continue
    tf += f["averageBandwidth"]; tp += p["averageBandwidth"]
    saved = 1 - p["averageBandwidth"] / f["averageBandwidth"]
    if p["psnr"] >= f["psnr"] - 0.1: kept = "yes, >= fixed"
    elif p["psnr"] >= target: kept = f"yes, >= {target:g} dB"
    else: kept = "no"; below.append(f"{key[0]} {key[1]} ({p['psnr']:.2f} dB against {f['psnr']:.2f})")
    if kept != "no": kf += f["averageBandwidth"]; kp += p["averageBandwidth"]
    print(f"| {key[0]} | {key[1]} | {f['averageBandwidth']/1000:.0f} | {f.get('psnr', 0):.2f} / {f.get('ssim', 0):.4f} | "
          f"{p['averageBandwidth']/1000:.0f} | {p.get('psnr', 0):.2f} / {p.get('ssim', 0):.4f} | {saved*100:.0f}% | {kept} |")
both = [k for k in fixed if k in per]
print(f"\nTotal average bitrate of all video rungs: fixed {tf/1000:.0f} kbit/s, per-title {tp/1000:.0f} kbit/s: "
      f"{(1 - tp/tf)*100:.0f}% fewer bytes.")
print(f"Rungs whose quality was kept: {len(both) - len(below)} of {len(both)}; over them, fixed {kf/1000:.0f} kbit/s, "
      f"per-title {kp/1000:.0f} kbit/s: {(1 - kp/kf)*100 if kf else 0:.0f}% fewer bytes at equal or better quality.")
print("Rungs below: " + ("; ".join(below) if below else "none") + ".")
print(f"Lowest PSNR of any rung: fixed {min(fixed[k]['psnr'] for k in both):.2f} dB, per-title {min(per[k]['psnr'] for k in both):.2f} dB; "
      f"lowest SSIM: fixed {min(fixed[k]['ssim'] for k in both):.4f}, per-title {min(per[k]['ssim'] for k in both):.4f}.")
PY
