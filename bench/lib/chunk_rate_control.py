"""Where a chunked rung's bytes part from the whole rung's: one-pass ABR per chunk, with and without a pre-roll.

The source is looped and prepared once (scaled to the rung, its frame rate, lossless), then encoded with x264 at the
rung's capped ABR as the template declares it (bitrate, cap, buffer), its GOP and forced keyframes: whole (the
baseline of the same run), in chunks of each length given, and in chunks whose encode starts PRE seconds earlier (a
pre-roll that warms the rate control and the VBV buffer, whose frames are encoded and thrown away: only the chunk's
own packets are counted). Prints each total against the whole encode's, and the whole encode's average against its
target. With JOIN_QUALITY=1 it also prints, per chunk length and pre-roll, the PSNR of each chunk's first GOP (the GOP
after a join) against the same GOP of the whole encode: the worst and the mean difference.
"""
import os
import subprocess
import sys

import ffmpeg_ladder

root, source, seconds, fps, rung_name, preset, work = sys.argv[1:8]
seconds, fps = int(seconds), int(fps)
chunk_lengths = [int(x) for x in os.environ.get("CHUNKS", "16 32").split()]
prerolls = [int(x) for x in os.environ.get("PREROLLS", "0 4 8").split()]
tmpl = ffmpeg_ladder.template(root)
rung = next(r for r in tmpl["video"] if r["name"] == rung_name)
height, rate, gop = rung["height"], rung["bitrateKbps"], tmpl["gopSeconds"]


def run(cmd):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


prepared = f"{work}/prepared.mkv"
run(["ffmpeg", "-y", "-stream_loop", "-1", "-i", source, "-t", str(seconds), "-an",
     "-vf", f"scale=-2:{height}:flags=bicubic,fps={fps}", "-c:v", "libx264", "-preset", "ultrafast", "-qp", "0",
     prepared])
x264 = ["-c:v", "libx264", "-preset", preset, "-profile:v", rung["profile"], "-b:v", f"{rate}k",
        "-maxrate", f"{rung['maxBitrateKbps']}k", "-bufsize", f"{rung['bufferKbits']}k", "-g", str(gop * fps),
        "-keyint_min", str(gop * fps), "-sc_threshold", "0", "-flags", "+cgop",
        "-force_key_frames", f"expr:gte(t,n_forced*{gop:g})"]
if os.environ.get("X264_PARAMS"):  # an experiment's own x264 options, e.g. ratetol=0.5
    x264 += ["-x264-params", os.environ["X264_PARAMS"]]


def encode(first, count, out=f"{work}/encoded.mkv"):
    """Bytes of every packet of frames first..first+count-1, encoded on their own, by presentation time."""
    run(["ffmpeg", "-y", "-i", prepared, "-vf",
         f"trim=start_frame={first}:end_frame={first + count},setpts=PTS-STARTPTS", *x264, out])
    probe = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time,size",
                            "-of", "csv=p=0", out], capture_output=True, text=True, check=True).stdout
    return [(float(t), int(s)) for t, s in (line.split(",")[:2] for line in probe.split())]


def gop_psnr(encoded, skip, first):
    """PSNR (average over planes) of the GOP that starts at frame `skip` of the encoded file, against the prepared
    source's frames from `first` on."""
    g = gop * fps
    graph = (f"[0:v]trim=start_frame={skip}:end_frame={skip + g},setpts=PTS-STARTPTS[a];"
             f"[1:v]trim=start_frame={first}:end_frame={first + g},setpts=PTS-STARTPTS[b];[a][b]psnr")
    err = subprocess.run(["ffmpeg", "-hide_banner", "-i", encoded, "-i", prepared, "-lavfi", graph, "-f", "null", "-"],
                         capture_output=True, text=True, check=True).stderr
    return float(err.rsplit("average:", 1)[1].split()[0])


join_quality = os.environ.get("JOIN_QUALITY") == "1"
total = seconds * fps
whole = sum(s for _, s in encode(0, total, f"{work}/whole.mkv"))
print(f"whole: {whole} bytes, {whole * 8 / seconds / 1000:.1f} kbit/s against a target of {rate} "
      f"({whole * 8 / seconds / 1000 / rate - 1:+.1%})")
print("chunk_s\tpreroll_s\tbytes\tratio_to_whole" + ("\tjoin_gop_vs_whole_worst_db\tjoin_gop_vs_whole_mean_db"
                                                      if join_quality else ""))
for length in chunk_lengths:
    for pre in prerolls:
        counted, joins = 0, []
        for first in range(0, total, length * fps):
            lead = min(first, pre * fps)
            count = min(length * fps, total - first)
            counted += sum(s for t, s in encode(first - lead, count + lead) if t >= lead / fps - 1e-6)
            if join_quality and first > 0:
                joins.append(gop_psnr(f"{work}/encoded.mkv", lead, first) - gop_psnr(f"{work}/whole.mkv", first, first))
        quality = f"\t{min(joins):+.2f}\t{sum(joins) / len(joins):+.2f}" if joins else ""
        print(f"{length}\t{pre}\t{counted}\t{counted / whole:.4f}{quality}", flush=True)
