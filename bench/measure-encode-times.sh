#!/usr/bin/env bash
# Encode speeds for the cluster simulation (simulation/, docs/scaling.md): each rung of vw-media-hls-v3 a source gets,
# encoded alone from short windows of real footage (../shared/media/) and of generated 720p, 1080p and 2160p sources, with
# the template's real rate control (bench/lib/ffmpeg_ladder.py: average, peak, VBV, closed GOPs, no scene cuts), at
# x264 presets fast and veryfast; the audio rendition (AAC) too; and one pair of encodes side by side, to measure what
# two encodes sharing this machine's cores get. A task of S source seconds takes S / speed.
#
# Waits for a quiet machine first (1-minute load below 1.0, at most 30 minutes: bench/lib/quiet.sh) and records the
# load. Writes bench/data/encode-speed.tsv (one row per timed encode).
#
#   bench/measure-encode-times.sh [WINDOW_SECONDS]      (default 8)
#   SHARING_ONLY=1 ROUNDS=3 bench/measure-encode-times.sh
#       only how encodes share the cores, on the day: each rung of the generated 1080p source alone, then two of it side
#       by side, ROUNDS times alternating; prints the sharing exponent per rung (the simulation's --sharing-exponent)
#       and writes bench/data/encode-sharing.tsv, leaving encode-speed.tsv as it is
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/bench/lib/quiet.sh"
WINDOW="${1:-8}"
OUT="$ROOT/bench/data/encode-speed.tsv"
[ -z "${SHARING_ONLY:-}" ] || OUT="$ROOT/bench/data/encode-sharing.tsv"
WORK="$(mktemp -d /tmp/vw-encode-times.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
MEDIA="$ROOT/../shared/media"
[ -d "$MEDIA" ] || MEDIA=/work/shared/media

echo "# generating the 720p30, 1080p30 and 2160p30 sources (testsrc2 with grain, a tone; not timed)" >&2
ffmpeg -v error -y -f lavfi -i "testsrc2=size=1920x1080:rate=30,noise=alls=12:allf=t" \
  -f lavfi -i "sine=frequency=440:beep_factor=4:sample_rate=48000" -t 16 \
  -c:v libx264 -preset ultrafast -crf 16 -g 30 -pix_fmt yuv420p -c:a aac -b:a 192k "$WORK/gen_testsrc2_1080p30.mp4"
ffmpeg -v error -y -f lavfi -i "testsrc2=size=1280x720:rate=30,noise=alls=12:allf=t" \
  -f lavfi -i "sine=frequency=440:beep_factor=4:sample_rate=48000" -t 16 \
  -c:v libx264 -preset ultrafast -crf 16 -g 30 -pix_fmt yuv420p -c:a aac -b:a 192k "$WORK/gen_testsrc2_720p30.mp4"
ffmpeg -v error -y -f lavfi -i "testsrc2=size=3840x2160:rate=30,noise=alls=12:allf=t" -t 16 \
  -c:v libx264 -preset ultrafast -crf 16 -g 30 -pix_fmt yuv420p "$WORK/gen_testsrc2_2160p30.mp4"

vw_wait_quiet
PYTHONPATH="$ROOT/bench/lib" python3 - "$ROOT" "$WORK" "$WINDOW" "$BENCH_LOAD" "$OUT" \
  "$WORK/gen_testsrc2_2160p30.mp4:0,8" "$WORK/gen_testsrc2_1080p30.mp4:0,8" "$WORK/gen_testsrc2_720p30.mp4:0,8" \
  "$MEDIA/bbb_720p_30s_vp8.webm:0,10,20" "$MEDIA/cockatoo_720p_14s_h264.mp4:0" "$MEDIA/sintel_1080p_10s_av1.mp4:0" \
  "$MEDIA/nasa_shuttle_1080x608_10s_vp8.webm:0" <<'PY'
import datetime, os, subprocess, sys
import encode_windows as ew
import ffmpeg_ladder
root, work, window, load, out, sources = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6:]
tmpl = ffmpeg_ladder.template(root)
cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
ffv = subprocess.run(["ffmpeg", "-version"], capture_output=True, text=True).stdout.split()[2]
machine = f"{os.cpu_count()} cores {cpu}; FFmpeg {ffv}"
date = datetime.date.today().isoformat()
rows = []

def record(rung, preset, height, clip, start, took, concurrent=1):
    speed = window / took
    rows.append([rung, preset, str(height), os.path.basename(clip), f"{start:g}", f"{window:g}", f"{took:.2f}",
                 f"{speed:.4f}", str(concurrent)])
    print(f"{rung:<6} {preset:<9} {height:>5}p  {os.path.basename(clip):<40} @{start:>4g}s  {took:6.1f} s  "
          f"{speed:5.2f}x" + (f"  ({concurrent} side by side)" if concurrent > 1 else ""), file=sys.stderr)

n = 0
if os.environ.get("SHARING_ONLY"):
    clip = next(s for s in sources if "gen_testsrc2_1080p30" in s).rsplit(":", 1)[0]  # the calibration's kind
    width, height, fps, _, _ = ew.probe(clip)
    alone, paired = {}, {}
    for round_ in range(int(os.environ.get("ROUNDS", "3"))):
        for r in ew.rungs_for(tmpl, min(width, height)):
            rung = ew.rung(r, tmpl, width, height, fps)
            n += 1
            took = ew.timed([ew.video_command(clip, rung, "fast", tmpl, 0, window, f"{work}/e{n}")])[0]
            record(r["name"], "fast", min(width, height), clip, 0, took)
            alone.setdefault(r["name"], []).append(window / took)
            n += 1
            for took in ew.timed([ew.video_command(clip, rung, "fast", tmpl, 0, window, f"{work}/e{n}-{k}") for k in range(2)]):
                record(r["name"], "fast", min(width, height), clip, 0, took, concurrent=2)
                paired.setdefault(r["name"], []).append(window / took)
    import math
    exponents = []
    for name in alone:
        a, p = sum(alone[name]) / len(alone[name]), sum(paired[name]) / len(paired[name])
        exponents.append(math.log(a / p) / math.log(2))
        print(f"sharing {name}: alone {a:.3f}x, two side by side {p:.3f}x each: exponent {exponents[-1]:.3f}", file=sys.stderr)
    print(f"sharing exponent, mean over the rungs: {sum(exponents) / len(exponents):.3f}", file=sys.stderr)
for spec in [] if os.environ.get("SHARING_ONLY") else sources:
    clip, starts = spec.rsplit(":", 1)
    width, height, fps, audio, duration = ew.probe(clip)
    for start in (float(s) for s in starts.split(",")):
        for preset in ("fast", "veryfast"):
            for r in ew.rungs_for(tmpl, min(width, height)):
                n += 1
                cmd = ew.video_command(clip, ew.rung(r, tmpl, width, height, fps), preset, tmpl, start, window, f"{work}/e{n}")
                record(r["name"], preset, min(width, height), clip, start, ew.timed([cmd])[0])
        if audio:
            n += 1
            record("audio", "aac", min(width, height), clip, start, ew.timed([ew.audio_command(clip, tmpl, start, window, f"{work}/e{n}")])[0])

# two encodes side by side on this machine's cores (the calibration's two worker processes): 720p of the 1080p source
clip = sources[1].rsplit(":", 1)[0]
width, height, fps, _, _ = ew.probe(clip)
r720 = next(r for r in tmpl["video"] if r["name"] == "720p")
for preset in () if os.environ.get("SHARING_ONLY") else ("fast", "veryfast"):
    cmds = [ew.video_command(clip, ew.rung(r720, tmpl, width, height, fps), preset, tmpl, 0, window, f"{work}/pair{k}-{preset}")
            for k in range(2)]
    for took in ew.timed(cmds):
        record("720p", preset, min(width, height), clip, 0, took, concurrent=2)

with open(out, "w") as f:
    f.write(f"# Encode speeds measured by bench/measure-encode-times.sh on {date}: {machine}; 1-minute load at the start"
            f" {load}.\n# speed = window seconds / wall time of the encode (one FFmpeg, the rung alone, the template's"
            f" rate control); concurrent = encodes running side by side on this machine.\n")
    f.write("rung\tpreset\tsource_height\tsource\twindow_start\twindow_seconds\tencode_seconds\tspeed\tconcurrent\n")
    for row in rows:
        f.write("\t".join(row) + "\n")
    f.write(f"# machine\t{machine}\n# date\t{date}\n# load1\t{load}\n# end load1\t{open('/proc/loadavg').read().split()[0]}\n")
print(f"wrote {out}: {len(rows)} encodes", file=sys.stderr)
PY
