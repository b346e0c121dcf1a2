#!/usr/bin/env bash
# Benchmark: startup. Publishes one ladder with `vw-media run` at 2-second and at 6-second segments, and packages the
# same ladder with FFmpeg's own dash muxer (the anchor), then loads each 20 times in hls.js (HLS master) and Shaka
# Player (DASH MPD) in Debian's headless Chromium under a throttled network (DevTools protocol), measuring the time
# from load to the first video frame shown. Prints p50 / p95 per player, packager and segment duration, and the
# time from upload to published.
#
#   bench/startup.sh [KBPS:LATENCY_MS] [LOADS]      (defaults: 9000:40 20)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/bin/lib/ensure-tools.sh"
vw_ensure_tools
vw_ensure_player_tools "$ROOT"
command -v python3 >/dev/null 2>&1 || vw_apt_install python3
PROFILE="${1:-9000:40}"
LOADS="${2:-20}"
WORK="$(mktemp -d /tmp/vw-startup.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

echo "generating a 20 s 1080p30 clip (testsrc2 under light grain, so rungs spend their bitrates) + tone..." >&2
ffmpeg -hide_banner -loglevel error -y \
  -f lavfi -i "testsrc2=size=1920x1080:rate=30:duration=20" \
  -f lavfi -i "sine=frequency=440:beep_factor=4:sample_rate=48000:duration=20" \
  -vf "noise=alls=12:allf=t" -c:v libx264 -preset veryfast -crf 16 -pix_fmt yuv420p -c:a aac -b:a 192k -shortest \
  "$WORK/clip.mp4"
(cd "$ROOT" && mvn -q -B -ntp install -DskipTests >&2)
# run a copy of the jar just built, whatever is rebuilt in the tree while this runs
mkdir -p "$WORK/app" && cp -r "$ROOT/launcher/target/vw-media.jar" "$ROOT/launcher/target/lib" "$WORK/app/"
export VW_NO_BUILD=1 VW_JAR="$WORK/app/vw-media.jar"

PYTHONPATH="$ROOT/bench/lib" python3 - "$ROOT" "$WORK" "$PROFILE" "$LOADS" <<'PY'
import json, subprocess, sys
import ffmpeg_ladder
root, work, profile, loads = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
tmpl = ffmpeg_ladder.template(root)
clip = f"{work}/clip.mp4"
urls, published = {}, {}
for seg in (2, 6):
    print(f"{seg} s segments: vw-media run...", file=sys.stderr)
    out = subprocess.run([f"{root}/bin/vw-media", "run", "--json", "--data-dir", f"{work}/vw-{seg}", "--segment-seconds",
                          str(seg), clip], check=True, capture_output=True, text=True).stdout
    report = json.loads(out.strip().splitlines()[-1])
    assert report["status"] == "PUBLISHED", report
    published[seg] = (report["firstPlayableMs"] / 1000, report["elapsedMs"] / 1000)
    rel = report["hls"].split(f"{work}/", 1)[1]
    urls[("vw-media", seg, "hls")] = "/media/" + rel
    urls[("vw-media", seg, "shaka")] = "/media/" + report["dash"].split(f"{work}/", 1)[1]
    rungs = [r for r in report["renditions"] if r["status"] == "DONE"]
    print(f"{seg} s segments: FFmpeg's dash muxer, {len(rungs)} rungs...", file=sys.stderr)
    ffmpeg_ladder.run(clip, rungs, f"{work}/ffmpeg-{seg}", "fast", tmpl, seg)
    urls[("FFmpeg dash muxer", seg, "hls")] = f"/media/ffmpeg-{seg}/master.m3u8"
    urls[("FFmpeg dash muxer", seg, "shaka")] = f"/media/ffmpeg-{seg}/manifest.mpd"

def pct(values, p):
    v = sorted(values)
    return v[max(0, -(-len(v) * p // 100) - 1)]

rows = []
for (packager, seg, player), url in urls.items():
    print(f"{player} on {packager}, {seg} s segments: {loads} loads at {profile}...", file=sys.stderr)
    r = subprocess.run(["node", f"{root}/players/play.mjs", "--player", player, "--url", url,
                        "--serve-root", work, "--loads", str(loads), "--first-frame-only", "--throttle", profile],
                       capture_output=True, text=True)
    results = [json.loads(l) for l in r.stdout.splitlines() if l.startswith("{")]
    ms = [x["firstFrameMs"] for x in results if x["firstFrameMs"] is not None]
    errors = sum(len(x["errors"]) for x in results)
    rows.append((player, packager, seg, pct(ms, 50) if ms else None, pct(ms, 95) if ms else None, len(ms), errors))

kbps, latency = profile.split(":")
print(f"Network: {int(kbps) / 1000:g} Mbit/s, {latency} ms latency (Chromium DevTools emulation); {loads} loads each, "
      f"a fresh browser context per load; time from load() to the first video frame shown.\n")
print("| player | packaging | segments | first frame p50 | p95 | loads | player errors |")
print("|---|---|---:|---:|---:|---:|---:|")
for player, packager, seg, p50, p95, n, errors in sorted(rows):
    name = "hls.js (HLS)" if player == "hls" else "Shaka (DASH)"
    fmt = lambda v: "—" if v is None else f"{v / 1000:.2f} s"
    print(f"| {name} | {packager} | {seg} s | {fmt(p50)} | {fmt(p95)} | {n} | {errors} |")
print()
for seg, (first, whole) in published.items():
    print(f"{seg} s segments: upload → first playable manifest {first:.1f} s, → whole ladder published {whole:.1f} s.")
PY
