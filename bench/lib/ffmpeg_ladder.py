"""FFmpeg alone making the ladder vw-media made: the baseline of the benchmarks in bench/.

One hand-written FFmpeg command with the same rungs (the sizes, frame rates and levels vw-media chose, the template's
average / peak / VBV, IDR every GOP in closed GOPs, no scene-cut keyframes, AAC-LC 128 kbit/s stereo), the same
picture (BT.709 limited range: a source in another matrix or in full range converted while scaling, as vw-media does)
and the same packaging (HLS + DASH over the same CMAF segments, FFmpeg's dash muxer): one decode, all encodes.
"""
import json
import os
import subprocess
import time


def template(root, template_id="vw-media-hls-v3"):
    """A template as vw-media reads it: its file, over the template it `extends` (objects merged key by key)."""
    t = json.load(open(f"{root}/topology/src/main/resources/templates/{template_id}.json"))
    base = t.pop("extends", None)
    return merge(template(root, base), t) if base else t


def merge(base, over):
    out = dict(base)
    for k, v in over.items():
        out[k] = merge(base[k], v) if isinstance(v, dict) and isinstance(base.get(k), dict) else v
    return out


def rate(fps):
    n = round(fps * 1001)
    return f"{n}/1001" if fps != round(fps) and n % 1000 == 0 else f"{fps:g}"


def picture(clip):
    """The source's YCbCr matrix and range as vw-media reads them (SourceProber: tagged, or guessed by size below 720
    lines), and the conversion to BT.709 limited range its scaling then makes (SourcePreparation.scale): the scaler's
    options for the range, and the zimg filter after it for the matrix."""
    probe = json.loads(subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
         "stream=width,height,pix_fmt,color_space,color_range,color_transfer,field_order", "-of", "json", clip],
        check=True, capture_output=True, text=True).stdout)["streams"][0]
    if probe.get("color_transfer") in ("smpte2084", "arib-std-b67") or probe.get("field_order") in ("tt", "bb", "tb", "bt"):
        raise SystemExit(f"{clip}: HDR or interlaced; this baseline does not tone-map or deinterlace as vw-media does")
    space = probe.get("color_space", "")
    matrix = {"bt709": "bt709", "bt470bg": "bt601", "smpte170m": "bt601", "bt601": "bt601", "bt2020nc": "bt2020",
              "bt2020c": "bt2020"}.get(space, "bt601" if min(probe["width"], probe["height"]) < 720 else "bt709")
    full = probe.get("color_range") == "pc" or probe.get("pix_fmt", "").startswith("yuvj")
    zimg = {"bt601": "170m", "bt2020": "2020_ncl"}
    return (":in_range=full:out_range=limited" if full else "",
            f",zscale=matrixin={zimg[matrix]}:matrix=709:rangein=limited:range=limited" if matrix != "bt709" else "")


def command(clip, rungs, out, preset, tmpl, segment_seconds=None):
    """The FFmpeg command for the DONE rungs of a `vw-media run --json` report, writing out/manifest.mpd."""
    ladder = {r["name"]: r for r in tmpl["video"]}
    gop = tmpl["gopSeconds"]
    seg = segment_seconds or tmpl["segmentSeconds"]
    video = [r for r in rungs if r["type"] == "video"]
    audio = any(r["type"] == "audio" for r in rungs)
    range_options, matrix_filter = picture(clip)
    graph = f"[0:v]split={len(video)}" + "".join(f"[s{i}]" for i in range(len(video)))
    for i, r in enumerate(video):
        graph += (f";[s{i}]scale={r['width']}:{r['height']}:flags=bicubic{range_options},setsar=1,format=yuv420p"
                  f"{matrix_filter},"
                  f"fps={rate(r['frameRate'])}[v{i}]")
    cmd = ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", clip, "-filter_complex", graph]
    for i in range(len(video)):
        cmd += ["-map", f"[v{i}]"]
    if audio:
        cmd += ["-map", "0:a:0"]
    cmd += ["-c:v", "libx264", "-preset", preset, "-profile:v", "high", "-sc_threshold", "0", "-flags", "+cgop",
            "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", "-color_range", "tv"]
    for i, r in enumerate(video):
        # the bitrates vw-media planned (a rung fitted to the source is not in the template), else the template's;
        # the level vw-media chose, from its codec string
        t = ladder.get(r["name"], {}) if not r.get("targetBitrateKbps") else {
            "bitrateKbps": r["targetBitrateKbps"], "maxBitrateKbps": r["maxBitrateKbps"], "bufferKbits": r["bufferKbits"]}
        g = str(round(r["frameRate"] * gop))
        cmd += [f"-b:v:{i}", f"{t['bitrateKbps']}k", f"-maxrate:v:{i}", f"{t['maxBitrateKbps']}k",
                f"-bufsize:v:{i}", f"{t['bufferKbits']}k", f"-level:v:{i}", f"{int(r['codecs'][-2:], 16) / 10:g}",
                f"-g:v:{i}", g, f"-keyint_min:v:{i}", g, f"-force_key_frames:v:{i}", f"expr:gte(t,n_forced*{gop:g})"]
    if audio:
        cmd += ["-c:a", "aac", "-profile:a", "aac_low", "-b:a", "128k", "-ac", "2", "-ar", "48000"]
    # FFmpeg's dash muxer refuses one adaptation set whose rungs' aspect ratios differ by rounding (Sintel's 844x360
    # and 1690x720): then each video rung gets its own set; the encoding work is the same
    if len({r["width"] * 10**6 // r["height"] for r in video}) == 1:
        video_sets = ["streams=v"]
    else:
        video_sets = [f"streams={i}" for i in range(len(video))]
    sets = " ".join(f"id={i},{s}" for i, s in enumerate(video_sets + (["streams=a"] if audio else [])))
    cmd += ["-f", "dash", "-seg_duration", f"{seg:g}", "-use_template", "1", "-use_timeline", "1",
            "-hls_playlist", "1", "-adaptation_sets", sets, f"{out}/manifest.mpd"]
    return cmd


def run(clip, rungs, out, preset, tmpl, segment_seconds=None):
    """Runs the command; returns its wall time in seconds."""
    os.makedirs(out, exist_ok=True)
    t0 = time.monotonic()
    subprocess.run(command(clip, rungs, out, preset, tmpl, segment_seconds), check=True)
    return time.monotonic() - t0
