#!/usr/bin/env bash
# Benchmark: startup. Publishes one ladder with `vw-media run` at each segment duration in SEGMENTS (2 and 6 s by
# default), and packages the same ladder with FFmpeg's own dash muxer (the anchor), then loads each LOADS times in
# hls.js (HLS master), dash.js and Shaka Player (DASH MPD), each with its default configuration (what users run), in
# Debian's headless Chromium under each throttled network profile (DevTools protocol), measuring the time from load to
# the first video frame shown (one warm-up load first, not counted). Prints p50 / p95 per player, packager, segment
# duration and profile; then FULL_PLAYS whole playbacks per player and profile of vw-media's ladder at each
# segment duration, counting rebuffers (playback waiting for data after the first frame, seeks aside) and their time,
# dropped frames and the renditions shown with each player's bandwidth estimate (Mbit/s); and the time from upload to
# published.
#
# With BASELINE_JAR (a vw-media.jar built elsewhere, e.g. from an earlier commit, with its lib/ beside it), the same
# clip is also published by that build ("vw-media baseline") and measured the same way, in the same run.
#
#   bench/startup.sh [KBPS:LATENCY_MS ...]      (default profiles: 9000:40 1600:150)
#   LOADS=20 FULL_PLAYS=2 SEGMENTS="2 6" PLAYERS="hls dash shaka" BASELINE_JAR=/tmp/old/vw-media.jar bench/startup.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/bin/lib/ensure-tools.sh"
. "$ROOT/bench/lib/grainy-clip.sh"
vw_ensure_tools
vw_ensure_player_tools "$ROOT"
command -v python3 >/dev/null 2>&1 || vw_apt_install python3
PROFILES="${*:-9000:40 1600:150}"
LOADS="${LOADS:-20}"
WORK="$(mktemp -d /tmp/vw-startup.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

vw_grainy_clip "$WORK/clip.mp4"
vw_bench_jar "$ROOT" "$WORK"

PYTHONPATH="$ROOT/bench/lib" python3 - "$ROOT" "$WORK" "$PROFILES" "$LOADS" "${FULL_PLAYS:-2}" \
  "${SEGMENTS:-2 6}" "${PLAYERS:-hls dash shaka}" "${BASELINE_JAR:-}" <<'PY'
import json, os, subprocess, sys
import ffmpeg_ladder
root, work, profiles, loads, full_plays = sys.argv[1], sys.argv[2], sys.argv[3].split(), int(sys.argv[4]), int(sys.argv[5])
segments, players, baseline_jar = [int(x) for x in sys.argv[6].split()], sys.argv[7].split(), sys.argv[8]
tmpl = ffmpeg_ladder.template(root)
clip = f"{work}/clip.mp4"
builds = {"vw-media": os.environ["VW_JAR"]}
if baseline_jar:
    builds["vw-media baseline"] = baseline_jar
urls, published = {}, {}


def publish(build, jar, seg):
    """Runs `vw-media run` on the clip with this build's jar; returns its report and notes its manifests."""
    print(f"{seg} s segments: {build} run...", file=sys.stderr)
    folder = f"{work}/vw-{seg}" + ("-baseline" if build != "vw-media" else "")
    out = subprocess.run([f"{root}/bin/vw-media", "run", "--json", "--data-dir", folder, "--segment-seconds", str(seg),
                          clip], check=True, capture_output=True, text=True, env={**os.environ, "VW_JAR": jar}).stdout
    report = json.loads(out.strip().splitlines()[-1])
    assert report["status"] == "PUBLISHED", report
    published[(build, seg)] = (report["firstPlayableMs"] / 1000,
                               report.get("firstVersionMs", report["firstPlayableMs"]) / 1000, report["elapsedMs"] / 1000)
    mpd = "/media/" + report["dash"].split(f"{work}/", 1)[1]
    urls[(build, seg, "hls")] = "/media/" + report["hls"].split(f"{work}/", 1)[1]
    urls[(build, seg, "dash")] = mpd
    urls[(build, seg, "shaka")] = mpd
    return report


for seg in segments:
    reports = {build: publish(build, jar, seg) for build, jar in builds.items()}
    rungs = [r for r in reports["vw-media"]["renditions"] if r["status"] == "DONE"]
    print(f"{seg} s segments: FFmpeg's dash muxer, {len(rungs)} rungs...", file=sys.stderr)
    ffmpeg_ladder.run(clip, rungs, f"{work}/ffmpeg-{seg}", "fast", tmpl, seg)
    urls[("FFmpeg dash muxer", seg, "hls")] = f"/media/ffmpeg-{seg}/master.m3u8"
    urls[("FFmpeg dash muxer", seg, "dash")] = f"/media/ffmpeg-{seg}/manifest.mpd"
    urls[("FFmpeg dash muxer", seg, "shaka")] = f"/media/ffmpeg-{seg}/manifest.mpd"

def pct(values, p):
    v = sorted(values)
    return v[max(0, -(-len(v) * p // 100) - 1)]

NAMES = {"hls": "hls.js (HLS)", "dash": "dash.js (DASH)", "shaka": "Shaka (DASH)"}


def play(player, url, profile, n, first_frame_only):
    args = ["node", f"{root}/players/play.mjs", "--player", player, "--url", url, "--serve-root", work,
            "--loads", str(n), "--throttle", profile, "--defaults", "--warmup", "1", "--timeout-ms", "90000"]
    r = subprocess.run(args + (["--first-frame-only"] if first_frame_only else []), capture_output=True, text=True)
    return [json.loads(l) for l in r.stdout.splitlines() if l.startswith("{")]


fmt = lambda v: "—" if v is None else f"{v / 1000:.2f} s"
for profile in profiles:
    rows = []
    for (packager, seg, player), url in urls.items():
        if player not in players:
            continue
        print(f"{player} on {packager}, {seg} s segments: {loads} loads at {profile}...", file=sys.stderr)
        results = play(player, url, profile, loads, True)
        ms = [x["firstFrameMs"] for x in results if x["firstFrameMs"] is not None]
        errors = sum(len(x["errors"]) for x in results)
        rows.append((player, packager, seg, pct(ms, 50) if ms else None, pct(ms, 95) if ms else None, len(ms), errors))
    kbps, latency = profile.split(":")
    print(f"Network: {int(kbps) / 1000:g} Mbit/s, {latency} ms latency (Chromium DevTools emulation); {loads} loads each "
          f"after one warm-up, a fresh browser context per load, each player's default configuration; time from load() "
          f"to the first video frame shown.\n")
    print("| player | packaging | segments | first frame p50 | p95 | loads | player errors |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for player, packager, seg, p50, p95, n, errors in sorted(rows):
        print(f"| {NAMES[player]} | {packager} | {seg} s | {fmt(p50)} | {fmt(p95)} | {n} | {errors} |")
    print()

for build, seg in [(b, s) for s in segments for b in builds] if full_plays else []:
    print(f"Rebuffering: {full_plays} whole playbacks of {build}'s ladder ({seg} s segments) per player and profile, "
          f"default configurations: stalls after the first frame (seeks aside) and the time spent in them; frames the "
          f"element dropped (a frozen picture while the audio plays on, which fires no stall); the renditions shown, in "
          f"order, with the player's bandwidth estimate in Mbit/s when each appeared.\n")
    print("| player | network | playbacks | ended | rebuffers | rebuffer time | dropped frames | renditions shown (estimate) | player errors |")
    print("|---|---|---:|---:|---:|---:|---:|---|---:|")
    for profile in profiles:
        for player in players:
            print(f"{player}, {build}, {seg} s segments: {full_plays} whole playbacks at {profile}...", file=sys.stderr)
            results = play(player, urls[(build, seg, player)], profile, full_plays, False)
            ended = sum(1 for x in results if x.get("ended"))
            stalls = sum(x.get("rebuffers", 0) for x in results)
            stalled = sum(x.get("rebufferMs", 0) for x in results)
            errors = sum(len(x["errors"]) for x in results)
            dropped = sum(x.get("droppedFrames", 0) for x in results)
            frames = sum(x.get("totalFrames", 0) for x in results)
            shown = "; ".join(" → ".join(f"{r['height']}p ({r['estimateKbps'] / 1000:.1f})" if r.get("estimateKbps") else
                                         f"{r['height']}p" for r in x.get("renditions", [])) for x in results)
            print(f"| {NAMES[player]} | {profile} | {len(results)} | {ended} | {stalls} | {stalled / 1000:.2f} s | "
                  f"{dropped} of {frames} | {shown} | {errors} |")
    print()
print()
for (build, seg), (first, version, whole) in published.items():
    print(f"{build}, {seg} s segments: upload → first playable manifest {first:.1f} s ({100 * first / whole:.0f} %; the "
          f"live version when it is published live), → first version (HLS and DASH) {version:.1f} s, → whole ladder "
          f"published {whole:.1f} s.")
PY
