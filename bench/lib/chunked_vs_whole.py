"""Chunked against whole-rung encodes of the same rungs: quality, bytes, peaks and speed (bench/chunked-vs-whole.sh)."""
import json
import math
import os
import re
import statistics
import subprocess
import sys
import time

root, work, speed, sources = sys.argv[1], sys.argv[2], sys.argv[4] == "1", sys.argv[5:]
# "template": the template's own chunk rule (threshold and chunk length, sized by the top rung's work), as users get it
target = None if sys.argv[3] == "template" else float(sys.argv[3])
speed_only = os.environ.get("SPEED_ONLY") == "1"  # only the speed runs of the long source (quality skipped)
GOP = 2.0


# a second chunked run of each source with other settings, compared in the same run, e.g. vw.worker.chunk-preroll=0s
variants = [("", [])] + [(f" ({v})", ["-s", v]) for v in os.environ.get("COMPARE_SETTINGS", "").split()]


def run(source, tag, chunked, workers=1, settings=()):
    """`vw-media run --json` of one source; the report and where its storage is."""
    args = [f"{root}/bin/vw-media", "run", "--json", "--data-dir", f"{work}/{tag}", "-s", f"vw.worker.concurrency={workers}",
            "-s", f"vw.worker.chunk-concurrency={workers}",
            ]
    if not chunked:
        args += ["-s", "vw.chunking.min-source-seconds=1000000"]
    elif target is not None:
        args += ["-s", "vw.chunking.min-source-seconds=1", "-s", f"vw.chunking.target-seconds={target:g}"]
    t0 = time.monotonic()
    done = subprocess.run(args + list(settings) + [source], capture_output=True, text=True)
    wall = time.monotonic() - t0
    lines = done.stdout.strip().splitlines()
    report = json.loads(lines[-1]) if lines else {"status": f"exit {done.returncode}", "renditions": []}
    if report["status"] != "PUBLISHED":
        why = [f"{r['name']} {r['status']}: {r.get('error')}" for r in report.get("renditions", []) if r.get("error")]
        sys.exit(f"{tag}: {report['status']} {report.get('reason') or ''} {why} {done.stderr[-500:] if not lines else ''}")
    store = report["hls"][:report["hls"].index("/manifests/")]
    return report, store, wall


def timeline(store, asset, rung):
    """The rung's segments, files named from the rung's folder: a whole-rung encode's timeline is in the encode's own
    folder (the one its playlist's init segment is in, w-<tag>/), a chunked rung's joined one in the rung's folder."""
    folder = f"{store}/assets/{asset}/{rung}"
    init = re.search(r'#EXT-X-MAP:URI="(.*?)init\.mp4"', open(f"{folder}/playlist.m3u8").read()).group(1)
    within = init if init.startswith("w-") else ""
    lines = open(f"{folder}/{within}timeline.tsv").read().splitlines()
    timescale = int(lines[0].split("\t")[1])
    segs = [dict(zip(("file", "start", "duration", "bytes"), (within + f[0], *map(int, f[1:4])))) for f in
            (l.split("\t") for l in lines[2:])]
    return timescale, segs


def joined(store, asset, rung, segs, out):
    folder = f"{store}/assets/{asset}/{rung}"
    init = os.path.dirname(segs[0]["file"])
    with open(out, "wb") as f:
        f.write(open(os.path.join(folder, init, "init.mp4"), "rb").read())
        for s in segs:
            f.write(open(os.path.join(folder, s["file"]), "rb").read())
    return out


def per_frame(encoded, source, width, height, fps, tag):
    """Per-frame PSNR (average over planes) and SSIM (All) of the decoded rung against the source scaled to it."""
    p, s = f"{work}/{tag}.psnr", f"{work}/{tag}.ssim"
    graph = (f"[1:v]scale={width}:{height}:flags=bicubic,fps={fps},format=yuv420p,split[r1][r2];"
             f"[0:v]format=yuv420p,split[d1][d2];[d1][r1]psnr=stats_file={p};[d2][r2]ssim=stats_file={s}")
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-i", encoded, "-i", source, "-lavfi", graph,
                    "-f", "null", "-"], check=True)
    psnr = [min(100.0, float(m.group(1))) for m in (re.search(r"psnr_avg:(\S+)", l) for l in open(p)) if m]
    ssim = [float(m.group(1)) for m in (re.search(r"All:(\S+)", l) for l in open(s)) if m]
    return psnr, ssim


def window(values, fps, start, end):
    part = values[int(round(start * fps)):int(round(end * fps))]
    return statistics.fmean(part) if part else float("nan")


def dip(values, fps, start):
    """PSNR of the GOP from start against the mean of the GOPs on either side of it."""
    at = window(values, fps, start, start + GOP)
    around = [a for a in (window(values, fps, start - GOP, start), window(values, fps, start + GOP, start + 2 * GOP))
              if not math.isnan(a)]
    return at - statistics.fmean(around)


def keyframes(encoded):
    """Presentation times of the encoded rung's keyframes (every GOP's start)."""
    out = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-skip_frame", "nokey", "-show_entries",
                          "frame=pts_time", "-of", "csv=p=0", encoded], capture_output=True, text=True, check=True)
    return [float(t.split(",")[0]) for t in out.stdout.split() if t.split(",")[0]]


def peak_kbps(timescale, segs, segment_seconds=4.0):
    long_enough = [s for s in segs if s["duration"] >= segment_seconds * timescale / 2] or segs
    return max(s["bytes"] * 8 / (s["duration"] / timescale) / 1000 for s in long_enough)


quality_rows, join_rows, speed_rows, failures = [], [], [], []
for n, source in enumerate([] if speed_only else sources):
    name = os.path.splitext(os.path.basename(source))[0]
    print(f"[{n + 1}/{len(sources)}] {name}: whole, then chunked...", file=sys.stderr)
    try:
        whole, whole_store, whole_wall = run(source, f"whole-{n}", False)
        runs = [(label, run(source, f"chunked-{n}-{v}", True, 1, settings)) for v, (label, settings) in enumerate(variants)]
    except (subprocess.CalledProcessError, SystemExit) as e:
        # a failed run is a finding, not the end of the benchmark: say it and go on with the next source
        detail = e.stderr[-2000:] if isinstance(e, subprocess.CalledProcessError) and e.stderr else str(e)
        print(f"{name}: FAILED: {detail}", file=sys.stderr)
        failures.append((name, str(e).splitlines()[0][:300]))
        continue
    if n == 0:
        speed_rows.append((name, 1, whole["elapsedMs"] / 1000, runs[0][1][0]["elapsedMs"] / 1000))
    for r in (r for r in whole["renditions"] if r["type"] == "video" and r["status"] == "DONE"):
        rung, fps = r["name"], r["frameRate"]
        ts_w, segs_w = timeline(whole_store, whole["assetId"], rung)
        whole_file = joined(whole_store, whole["assetId"], rung, segs_w, f"{work}/w-{n}-{rung}.mp4")
        pw, sw = per_frame(whole_file, source, r["width"], r["height"], fps, f"w-{n}-{rung}")
        # the same measure at every GOP of the whole encode (no join anywhere): how far GOPs dip on their own
        duration = len(pw) / fps
        every = [dip(pw, fps, k) for k in keyframes(whole_file) if GOP <= k <= duration - 2 * GOP]
        for v, (label, (chunked, chunked_store, _)) in enumerate(runs):
            ts_c, segs_c = timeline(chunked_store, chunked["assetId"], rung)
            chunked_file = joined(chunked_store, chunked["assetId"], rung, segs_c, f"{work}/c-{n}-{rung}-{v}.mp4")
            pc, sc = per_frame(chunked_file, source, r["width"], r["height"], fps, f"c-{n}-{rung}-{v}")
            bytes_w, bytes_c = sum(s["bytes"] for s in segs_w), sum(s["bytes"] for s in segs_c)
            joins = [s["start"] / ts_c for i, s in enumerate(segs_c)
                     if i > 0 and os.path.dirname(s["file"]) != os.path.dirname(segs_c[i - 1]["file"])]
            dips, vs_whole, whole_dips, join_peaks = [], [], [], []
            for j in joins:
                dips.append(dip(pc, fps, j))
                whole_dips.append(dip(pw, fps, j))
                vs_whole.append(window(pc, fps, j, j + GOP) - window(pw, fps, j, j + GOP))
                seg = next(s for s in segs_c if abs(s["start"] / ts_c - j) < 1e-3)
                join_peaks.append(seg["bytes"] * 8 / (seg["duration"] / ts_c) / 1000)
            quality_rows.append((name + label, rung, len(pw), len(pc), statistics.fmean(pw), statistics.fmean(pc),
                                 statistics.fmean(sw), statistics.fmean(sc), bytes_c / bytes_w,
                                 peak_kbps(ts_w, segs_w), peak_kbps(ts_c, segs_c), r["maxBitrateKbps"]))
            join_rows.append((name + label, rung, len(joins), min(dips) if dips else float("nan"),
                              min(vs_whole) if vs_whole else float("nan"), max(join_peaks) if join_peaks else float("nan"),
                              r["maxBitrateKbps"], whole_dips[dips.index(min(dips))] if dips else float("nan"),
                              min(every) if every else float("nan"),
                              sum(d < -1.0 for d in every) / len(every) if every else float("nan"), len(every),
                              statistics.fmean(vs_whole) if vs_whole else float("nan")))
            print(f"quality: {quality_rows[-1]}\njoins: {join_rows[-1]}", file=sys.stderr)

if speed:
    long_source = sources[0]
    name = os.path.splitext(os.path.basename(long_source))[0]
    if speed_only:
        print(f"{name}: whole and chunked with 1 worker...", file=sys.stderr)
        w1, _, _ = run(long_source, "whole-1w", False, 1)
        c1, _, _ = run(long_source, "chunked-1w", True, 1)
        speed_rows.append((name, 1, w1["elapsedMs"] / 1000, c1["elapsedMs"] / 1000))
        print(f"speed: {speed_rows[-1]}", file=sys.stderr)
    print(f"{name}: whole and chunked with 2 workers...", file=sys.stderr)
    w2, _, _ = run(long_source, "whole-2w", False, 2)
    c2, _, _ = run(long_source, "chunked-2w", True, 2)
    speed_rows.append((name, 2, w2["elapsedMs"] / 1000, c2["elapsedMs"] / 1000))
    print(f"speed: {speed_rows[-1]}", file=sys.stderr)

cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
ffv = subprocess.run(["ffmpeg", "-version"], capture_output=True, text=True).stdout.split()[2]
print(f"Chunks {'by the template rule' if target is None else f'of about {target:g} s'}; x264 at the workers' default preset; {os.cpu_count()} cores, {cpu}; FFmpeg {ffv}.\n")
print("Quality and size: chunked against whole (the baseline), per rung, decoded as players read them.\n")
print("| source | rung | frames whole / chunked | PSNR whole | PSNR chunked | Δ dB | SSIM whole | SSIM chunked "
      "| bytes chunked / whole | peak segment kbit/s whole / chunked (cap) |")
print("|---|---|---|---:|---:|---:|---:|---:|---:|---|")
for q in quality_rows:
    print(f"| {q[0]} | {q[1]} | {q[2]} / {q[3]} | {q[4]:.2f} | {q[5]:.2f} | {q[5] - q[4]:+.2f} | {q[6]:.4f} | {q[7]:.4f} "
          f"| {q[8]:.4f} | {q[9]:.0f} / {q[10]:.0f} ({q[11]}) |")
deltas = [q[5] - q[4] for q in quality_rows]
if deltas:
    print(f"\nMean PSNR difference over all rungs: {statistics.fmean(deltas):+.3f} dB (worst {min(deltas):+.3f}).\n")
print("At the joins: the first GOP of each chunk against the GOPs on either side (dip), and against the same GOP of the "
      "whole encode; then the whole encode's own dip at the GOP of the worst join, and the same measure at every GOP of "
      "the whole encode (no join anywhere).\n")
print("| source | rung | joins | worst dip dB | worst vs whole dB | mean vs whole dB | whole's dip there dB "
      "| highest join segment kbit/s (cap) | whole: worst GOP dip dB | whole: GOPs dipping > 1 dB |")
print("|---|---|---:|---:|---:|---:|---:|---|---:|---:|")
for j in join_rows:
    print(f"| {j[0]} | {j[1]} | {j[2]} | {j[3]:+.2f} | {j[4]:+.2f} | {j[11]:+.2f} | {j[7]:+.2f} | {j[5]:.0f} ({j[6]}) "
          f"| {j[8]:+.2f} | {j[9]:.0%} of {j[10]} |")
for f in failures:
    print(f"\n**{f[0]}: a run did not publish**: {f[1]}")
if speed_rows:
    print("\nSpeed: upload -> published of the long source (the baseline: whole rungs with the same workers).\n")
    print("| source | workers | whole | chunked | chunked / whole |")
    print("|---|---:|---:|---:|---:|")
    for s in speed_rows:
        print(f"| {s[0]} | {s[1]} | {s[2]:.1f} s | {s[3]:.1f} s | {s[3] / s[2]:.2f} |")
