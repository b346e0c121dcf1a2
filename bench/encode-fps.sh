#!/usr/bin/env bash
# Encode speed per rung, for sizing the worker pools (docs/deployment.md): each rung of the template encoded alone from
# one 2160p30 source with the template's rate control (average, peak, VBV; IDR every GOP, closed, no scene cuts), on
# x264 at the worker's preset and, where a GPU answers, on NVENC. Prints frames per second and the speed against real
# time (the baseline: the source's own duration, in the same run) and FFmpeg's peak resident memory. A task of a rung
# of D seconds takes D / speed.
#
#   bench/encode-fps.sh [SECONDS] [X264_PRESET]        e.g. bench/encode-fps.sh 10 fast
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_LONG="${1:-10}"
PRESET="${2:-fast}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
SOURCE="$WORK/source-2160p30.mp4"
echo "# source: ${SECONDS_LONG} s of testsrc2 3840x2160 at 30 fps with a grain of noise (generated once, not timed)" >&2
ffmpeg -v error -f lavfi -i "testsrc2=size=3840x2160:rate=30,noise=alls=12:allf=t" -t "$SECONDS_LONG" \
  -c:v libx264 -preset ultrafast -crf 16 -pix_fmt yuv420p "$SOURCE"

python3 - "$ROOT" "$SOURCE" "$SECONDS_LONG" "$PRESET" "$WORK" <<'PY'
import json, os, subprocess, sys, time
sys.path.insert(0, os.path.join(sys.argv[1], "bench", "lib"))
from ffmpeg_ladder import template
root, source, seconds, preset, work = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4], sys.argv[5]
tmpl = template(root)
gop_frames = int(tmpl["gopSeconds"] * 30)

def nvenc_works():
    probe = subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=256x144:rate=30", "-t", "0.2",
                            "-c:v", "h264_nvenc", "-f", "null", "-"], capture_output=True)
    return probe.returncode == 0

encoders = [("x264 " + preset, ["-c:v", "libx264", "-preset", preset, "-x264-params", "scenecut=0:open_gop=0"])]
if nvenc_works():
    encoders.append(("nvenc p4", ["-c:v", "h264_nvenc", "-preset", "p4", "-no-scenecut", "1", "-forced-idr", "1"]))
else:
    print("# NVENC: no GPU answers on this machine, not measured", file=sys.stderr)

print(f"{'rung':<6} {'encoder':<12} {'frames':>6} {'seconds':>8} {'fps':>7} {'speed':>6} {'RSS MiB':>7}")
for name, args in encoders:
    for rung in tmpl["video"]:
        height, fps_cap = rung["height"], min(rung.get("maxFrameRate", 30), 30)
        cmd = ["ffmpeg", "-v", "error", "-y", "-i", source, "-vf", f"scale=-2:{height}", "-r", str(fps_cap), *args,
               "-profile:v", rung["profile"], "-b:v", f"{rung['bitrateKbps']}k", "-maxrate", f"{rung['maxBitrateKbps']}k",
               "-bufsize", f"{rung['bufferKbits']}k", "-g", str(gop_frames), "-keyint_min", str(gop_frames),
               "-an", "-f", "mp4", os.path.join(work, f"{rung['name']}.mp4")]
        start = time.monotonic()
        child = subprocess.Popen(cmd)
        _, status, usage = os.wait4(child.pid, 0)  # this encode's own peak resident memory
        took = time.monotonic() - start
        if status != 0:
            sys.exit(f"FFmpeg failed: {' '.join(cmd)}")
        frames = int(seconds * fps_cap)
        print(f"{rung['name']:<6} {name:<12} {frames:>6} {took:>8.1f} {frames / took:>7.1f} {seconds / took:>5.2f}x"
              f" {usage.ru_maxrss // 1024:>7d}")
PY
