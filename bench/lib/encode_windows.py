"""Timed encodes of one rung of a window of a source, with the template's real rate control (ffmpeg_ladder.command).

The encode-speed measurements of the simulation (bench/measure-encode-times.sh) time these: a rung task of S source
seconds takes S / speed, with speed = window seconds / wall time of the encode.
"""
import json
import os
import subprocess
import time

import ffmpeg_ladder


def probe(clip):
    """(width, height, frame rate, has audio, duration) of a clip, by ffprobe."""
    out = json.loads(subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "stream=codec_type,width,height,avg_frame_rate:format=duration",
         "-of", "json", clip], check=True, capture_output=True, text=True).stdout)
    video = next(s for s in out["streams"] if s["codec_type"] == "video")
    num, den = (int(x) for x in video["avg_frame_rate"].split("/"))
    audio = any(s["codec_type"] == "audio" for s in out["streams"])
    return video["width"], video["height"], num / den, audio, float(out["format"]["duration"])


def rungs_for(tmpl, source_height):
    """The template's video rungs a source of this height gets: those not above it, and the lowest one always."""
    video = sorted(tmpl["video"], key=lambda r: r["height"])
    return [r for r in video if r["height"] <= source_height] or video[:1]


def rung(tmpl_rung, tmpl, width, height, fps):
    """A planned rung as ffmpeg_ladder.command takes it: size kept to the source's aspect, frame rate capped."""
    h = tmpl_rung["height"]
    w = round(width * h / height / 2) * 2
    rate = min(fps, tmpl_rung.get("maxFrameRate", tmpl.get("maxFrameRate", 60)), tmpl.get("maxFrameRate", 60))
    level = round(float(tmpl_rung["level"]) * 10)
    return {"name": tmpl_rung["name"], "type": "video", "width": w, "height": h, "frameRate": rate,
            "codecs": f"avc1.6400{level:02x}"}


def video_command(clip, planned, preset, tmpl, start, seconds, out):
    cmd = ffmpeg_ladder.command(clip, [planned], out, preset, tmpl)
    i = cmd.index("-i")
    return cmd[:i] + ["-ss", f"{start:g}", "-t", f"{seconds:g}"] + cmd[i:]


def audio_command(clip, tmpl, start, seconds, out):
    a = tmpl["audio"]
    return ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-ss", f"{start:g}", "-t", f"{seconds:g}", "-i", clip,
            "-vn", "-c:a", "aac", "-profile:a", a["profile"], "-b:a", f"{a['bitrateKbps']}k", "-ac", str(a["channels"]),
            "-ar", str(a["sampleRate"]), "-f", "mp4", f"{out}/audio.mp4"]


def timed(commands):
    """Runs the commands side by side; returns each one's wall time in seconds."""
    for c in commands:
        os.makedirs(c[-1].rsplit("/", 1)[0], exist_ok=True)
    t0 = time.monotonic()
    children = [subprocess.Popen(c) for c in commands]
    took = [0.0] * len(children)
    pending = {child.pid: n for n, child in enumerate(children)}
    while pending:
        pid, status = os.wait()
        if pid in pending:
            took[pending.pop(pid)] = time.monotonic() - t0
            if status != 0:
                raise SystemExit(f"FFmpeg failed: {' '.join(commands[0])}")
    return took
