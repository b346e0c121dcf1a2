package io.vwmedia.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test media made with FFmpeg's lavfi, and ffprobe to look at what the pipeline made. */
public final class Media {

  private Media() {}

  /** A clip of {@code seconds} from a lavfi video source (e.g. {@code testsrc2=size=1280x720:rate=25}), with a tone if asked. */
  public static Path generate(Path out, String videoSource, double seconds, boolean withAudio) throws Exception {
    return generate(out, videoSource, null, "yuv420p", seconds, withAudio);
  }

  /**
   * A clip as {@link #generate(Path, String, double, boolean)} makes it, through a video filter (e.g.
   * {@code setsar=16/15} for anamorphic PAL; null for none) and in a pixel format ({@code yuv444p} lets libx264 take
   * odd sizes such as {@code testsrc=size=1279x719}).
   */
  public static Path generate(Path out, String videoSource, String videoFilter, String pixelFormat, double seconds,
      boolean withAudio) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
        "-f", "lavfi", "-i", videoSource + ":duration=" + seconds));
    if (withAudio) {
      cmd.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=" + seconds));
    }
    if (videoFilter != null) {
      cmd.addAll(List.of("-vf", videoFilter));
    }
    cmd.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", pixelFormat));
    if (withAudio) {
      cmd.addAll(List.of("-c:a", "aac", "-shortest"));
    }
    cmd.add(out.toString());
    assertThat(new ProcessBuilder(cmd).inheritIO().start().waitFor()).as("ffmpeg generates %s", out).isZero();
    return out;
  }

  /** The same clip with its index (moov) moved to the front, as web uploads are often written. */
  public static Path faststart(Path clip, Path out) throws Exception {
    assertThat(new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", clip.toString(),
        "-c", "copy", "-movflags", "+faststart", out.toString()).inheritIO().start().waitFor()).isZero();
    return out;
  }

  /** An MP4 with a tone and no picture. */
  public static Path generateAudioOnly(Path out, double seconds) throws Exception {
    assertThat(new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi",
        "-i", "sine=frequency=440:sample_rate=48000:duration=" + seconds, "-c:a", "aac", out.toString())
        .inheritIO().start().waitFor()).isZero();
    return out;
  }

  /**
   * A real FFmpeg behind a wrapper that crashes (exit 139, "simulated encoder crash on RUNG") whenever a command names
   * {@code rung}, alone or among other rungs: for degraded assets.
   */
  public static Path ffmpegFailingOn(Path dir, String rung) throws IOException {
    Path ffmpeg = dir.resolve("ffmpeg-failing-" + rung);
    java.nio.file.Files.writeString(ffmpeg, """
        #!/bin/sh
        case "$*" in *%1$s*) echo "simulated encoder crash on %1$s" >&2; exit 139;; esac
        exec ffmpeg "$@"
        """.formatted(rung));
    java.nio.file.Files.setPosixFilePermissions(ffmpeg, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    return ffmpeg;
  }

  /** ffprobe's JSON for the given arguments; fails the test if ffprobe fails. */
  public static JsonNode ffprobe(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("ffprobe", "-v", "error", "-print_format", "json"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor()).as("ffprobe %s", List.of(args)).isZero();
    return new ObjectMapper().readTree(new String(out, StandardCharsets.UTF_8));
  }

  /** What decoding a selection of streams gave: video frames and seconds of media. */
  public record Decoded(int frames, double seconds) {}

  /** Decodes every frame of one stream selection with ffmpeg; fails the test if decoding fails. */
  public static Decoded decode(String input, String map) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-v", "error", "-nostdin", "-i", input,
            "-map", map, "-f", "null", "-progress", "pipe:1", "-nostats", "-")
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    String progress = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("ffmpeg decodes %s %s", input, map).isZero();
    int frames = 0;
    long outUs = 0;
    for (String line : progress.split("\n")) {
      if (line.startsWith("frame=")) frames = Integer.parseInt(line.substring(6).trim());
      if (line.startsWith("out_time_us=") && !line.contains("N/A")) outUs = Long.parseLong(line.substring(12).trim());
    }
    return new Decoded(frames, outUs / 1e6);
  }

  /** Video frames decoded from one stream selection. */
  public static int decodeFrames(String input, String map) throws IOException, InterruptedException {
    return decode(input, map).frames();
  }
}
