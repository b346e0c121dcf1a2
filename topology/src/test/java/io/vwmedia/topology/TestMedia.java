package io.vwmedia.topology;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Generates test sources with FFmpeg's lavfi, so each fixture is visible in the test that uses it. */
final class TestMedia {

  private TestMedia() {}

  static void generate(Path out, String videoSource, double seconds, boolean withAudio) throws Exception {
    generate(out, videoSource, seconds, withAudio, null);
  }

  /** As above, with a video filter applied to the source, e.g. {@code noise=alls=60:allf=t+u}. */
  static void generate(Path out, String videoSource, double seconds, boolean withAudio, String filter) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
        "-f", "lavfi", "-i", videoSource + ":duration=" + seconds));
    if (filter != null) {
      cmd.addAll(List.of("-vf", filter));
    }
    if (withAudio) {
      cmd.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=" + seconds));
    }
    cmd.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"));
    if (withAudio) {
      cmd.addAll(List.of("-c:a", "aac", "-shortest"));
    }
    cmd.add(out.toString());
    Process p = new ProcessBuilder(cmd).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("ffmpeg could not generate " + out);
    }
  }
}
