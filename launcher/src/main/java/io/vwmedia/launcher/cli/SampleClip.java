package io.vwmedia.launcher.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A 1080p test clip with a tone, generated with FFmpeg's lavfi so the first run needs no media of one's own. */
final class SampleClip {

  private SampleClip() {}

  static Path ensure(Path dataDir, int seconds) throws IOException, InterruptedException {
    Path clip = dataDir.resolve("samples").resolve("sample-1080p-" + seconds + "s.mp4");
    if (Files.isRegularFile(clip)) {
      return clip;
    }
    Files.createDirectories(clip.getParent());
    Path partial = clip.resolveSibling(clip.getFileName() + ".part.mp4");
    Process p = new ProcessBuilder(List.of(
            "ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30:duration=" + seconds,
            "-f", "lavfi", "-i", "sine=frequency=440:beep_factor=4:sample_rate=48000:duration=" + seconds,
            "-c:v", "libx264", "-preset", "veryfast", "-crf", "18", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-b:a", "192k", "-shortest", partial.toString()))
        .inheritIO()
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    if (p.waitFor() != 0) {
      throw new IOException("FFmpeg could not generate the sample clip");
    }
    Files.move(partial, clip);
    return clip;
  }
}
