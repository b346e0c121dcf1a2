package io.vwmedia.ffmpeg.encode;

import io.vwmedia.ffmpeg.process.FfmpegProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A 1080p test clip with a tone, generated with FFmpeg's lavfi so the first run needs no media of one's own. */
public final class SampleClip {

  private SampleClip() {}

  /** The clip under {@code dataDir/samples}, made once. */
  public static Path ensure(String ffmpeg, Path dataDir, int seconds) throws IOException, InterruptedException {
    Path clip = dataDir.resolve("samples").resolve("sample-1080p-" + seconds + "s.mp4");
    if (Files.isRegularFile(clip)) {
      return clip;
    }
    Files.createDirectories(clip.getParent());
    Path partial = clip.resolveSibling(clip.getFileName() + ".part.mp4");
    FfmpegProcess.Result result = FfmpegProcess.of(List.of(
            ffmpeg, "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
            "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30:duration=" + seconds,
            "-f", "lavfi", "-i", "sine=frequency=440:beep_factor=4:sample_rate=48000:duration=" + seconds,
            "-c:v", "libx264", "-preset", "veryfast", "-crf", "18", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-b:a", "192k", "-shortest", partial.toString()))
        .timeout(Duration.ofMinutes(10))
        .run();
    if (!result.succeeded()) {
      throw new IOException("FFmpeg could not generate the sample clip: " + result.stderrTail(3));
    }
    Files.move(partial, clip);
    return clip;
  }
}
