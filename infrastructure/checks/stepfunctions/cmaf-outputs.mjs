// Writes what a MediaConvert CMAF output group leaves in S3, with FFmpeg from a short lavfi source, into a local
// folder standing for the bucket (s3://<bucket>/<key> -> <outDir>/<key>). MediaConvert names a group's files from
// its Destination (folder + base name) and each output's NameModifier: <base>.m3u8 / <base>.mpd at the top,
// <base><modifier>.m3u8 per output. The segment and init names below (<base><modifier>_00001.cmfv,
// <base><modifier>_init.cmfv; .cmfa for audio) follow the same rule but are not confirmed by AWS's documentation:
// readers must find a rung's files by listing its folder and reading their boxes, not by guessing names.
// The picture and sound come from the job's own input when the stub can read it (an s3://<bucket>/<key> whose
// <outDir>/<key> exists, as when <outDir> is the folder of a filesystem-backed S3 server; or an http(s) URL), else
// from a 5 s lavfi test pattern and tone.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";

const SOURCE_SECONDS = 5; // two segments at the template's 4 s: a full one and a short last one
const FRAME_RATE = 30;

/** Local folder and base file name for an S3 destination such as s3://bucket/assets/a1/720p/cmaf. */
export function localDestination(outDir, destination) {
  const match = /^s3:\/\/[^/]+\/(.+)$/.exec(destination);
  if (!match) throw new Error(`not an s3:// destination with a key: ${destination}`);
  const path = join(outDir, match[1]);
  return { folder: dirname(path), base: path.slice(dirname(path).length + 1) };
}

/** Encodes every output of every CMAF group; returns GetJob's OutputGroupDetails and the files written. */
export function writeCmafGroups(outDir, settings) {
  const files = [];
  const input = readableInput(outDir, settings.Inputs?.[0]?.FileInput ?? "");
  const outputGroupDetails = settings.OutputGroups.map((group) => {
    const cmaf = group.OutputGroupSettings.CmafGroupSettings;
    const { folder, base } = localDestination(outDir, cmaf.Destination);
    mkdirSync(folder, { recursive: true });
    const variants = [];
    const details = group.Outputs.map((output) => {
      const name = base + (output.NameModifier ?? "");
      const video = output.VideoDescription;
      if (video) encodeVideo(folder, name, video, cmaf.SegmentLength, input);
      else encodeAudio(folder, name, output.AudioDescriptions[0], cmaf.SegmentLength, input);
      variants.push({ name, video });
      return {
        DurationInMs: SOURCE_SECONDS * 1000,
        ...(video ? { VideoDetails: { WidthInPx: video.Width, HeightInPx: video.Height } } : {}),
      };
    });
    writeFileSync(join(folder, `${base}.m3u8`), topLevelPlaylist(variants));
    files.push(...readdirSync(folder).map((f) => relative(outDir, join(folder, f))));
    return { OutputDetails: details };
  });
  return { outputGroupDetails, files: files.sort() };
}

/** The job's input as FFmpeg can open it, or null for the test pattern. */
function readableInput(outDir, fileInput) {
  const s3 = /^s3:\/\/[^/]+\/(.+)$/.exec(fileInput);
  if (s3 && existsSync(join(outDir, s3[1]))) return join(outDir, s3[1]);
  return /^https?:\/\//.test(fileInput) ? fileInput : null;
}

function encodeVideo(folder, name, video, segmentSeconds, input) {
  const h264 = video.CodecSettings.H264Settings;
  const source = input
    ? ["-i", input, "-map", "0:v:0", "-vf", `scale=${video.Width}:${video.Height}`]
    : ["-f", "lavfi", "-i", `testsrc2=size=${video.Width}x${video.Height}:rate=${FRAME_RATE}:duration=${SOURCE_SECONDS}`];
  ffmpeg(folder, [
    ...source,
    "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "high", "-pix_fmt", "yuv420p",
    "-b:v", String(h264.Bitrate), "-maxrate", String(h264.MaxBitrate), "-bufsize", String(h264.HrdBufferSize),
    // closed GOPs of GopSize seconds and no scene-cut keyframes, as the job asks
    "-force_key_frames", `expr:gte(t,n_forced*${h264.GopSize})`, "-sc_threshold", "0", "-flags", "+cgop",
    ...hlsCmaf(name, "cmfv", segmentSeconds),
  ]);
}

function encodeAudio(folder, name, audio, segmentSeconds, input) {
  const aac = audio.CodecSettings.AacSettings;
  const source = input
    ? ["-i", input, "-map", "0:a:0"]
    : ["-f", "lavfi", "-i", `sine=frequency=440:sample_rate=${aac.SampleRate}:duration=${SOURCE_SECONDS}`];
  ffmpeg(folder, [
    ...source,
    "-ac", "2", "-ar", String(aac.SampleRate), "-c:a", "aac", "-b:a", String(aac.Bitrate),
    ...hlsCmaf(name, "cmfa", segmentSeconds),
  ]);
}

function hlsCmaf(name, extension, segmentSeconds) {
  return [
    "-f", "hls", "-hls_time", String(segmentSeconds), "-hls_playlist_type", "vod",
    "-hls_segment_type", "fmp4", "-hls_fmp4_init_filename", `${name}_init.${extension}`,
    "-start_number", "1", "-hls_segment_filename", `${name}_%05d.${extension}`, `${name}.m3u8`,
  ];
}

function topLevelPlaylist(variants) {
  const lines = ["#EXTM3U", "#EXT-X-VERSION:7", "#EXT-X-INDEPENDENT-SEGMENTS"];
  for (const { name, video } of variants) {
    const bandwidth = video ? video.CodecSettings.H264Settings.MaxBitrate : 128000;
    lines.push(`#EXT-X-STREAM-INF:BANDWIDTH=${bandwidth}${video ? `,RESOLUTION=${video.Width}x${video.Height}` : ""}`);
    lines.push(`${name}.m3u8`);
  }
  return lines.join("\n") + "\n";
}

function ffmpeg(cwd, args) {
  execFileSync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", "-threads", "2", ...args], { cwd, stdio: ["ignore", "ignore", "pipe"] });
}
