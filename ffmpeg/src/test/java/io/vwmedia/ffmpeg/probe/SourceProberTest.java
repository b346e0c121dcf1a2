package io.vwmedia.ffmpeg.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vwmedia.ffmpeg.source.SourcePolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How long a source's video runs, as ffprobe reports it on real files: the video stream's own duration where the
 * audio outlasts it (what chunk plans count frames over), in MP4 and in Matroska, which keeps it in a tag.
 */
class SourceProberTest {

  @TempDir Path dir;

  @Test
  void theVideoOfAnMp4WhoseAudioRunsLongerEndsBeforeTheContainer() throws Exception {
    SourceInfo info = probe(generate("longer-audio.mp4"));

    assertThat(info.durationSeconds()).as("the container: the audio's 3 s").isCloseTo(3.0, within(0.05));
    assertThat(info.videoDurationSeconds()).isCloseTo(2.0, within(0.001));
    assertThat(info.videoSeconds()).isCloseTo(2.0, within(0.001));
  }

  @Test
  void matroskaGivesTheVideoStreamsDurationAsATag() throws Exception {
    SourceInfo info = probe(generate("longer-audio.mkv"));

    assertThat(info.durationSeconds()).isCloseTo(3.0, within(0.05));
    assertThat(info.videoSeconds()).isCloseTo(2.0, within(0.05));
  }

  @Test
  void withoutTheStreamsDurationTheVideoRunsAsLongAsTheContainer() {
    SourceInfo info = new SourceInfo(1280, 720, 25, 10, true, "h264", false, null, "bt709", false);

    assertThat(info.videoSeconds()).isEqualTo(10);
  }

  /** 2 s of 25 fps video and 3 s of tone, muxed without -shortest. */
  private Path generate(String name) throws Exception {
    Path file = dir.resolve(name);
    Process p = new ProcessBuilder(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
        "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25:duration=2",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=3",
        "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", file.toString())).inheritIO().start();
    assertThat(p.waitFor()).isZero();
    return file;
  }

  private SourceInfo probe(Path file) throws Exception {
    return new SourceProber("ffprobe", Duration.ofSeconds(30), SourcePolicy.filesUnder(dir)).probe(file.toUri().toString());
  }
}
