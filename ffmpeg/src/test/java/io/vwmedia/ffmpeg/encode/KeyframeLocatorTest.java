package io.vwmedia.ffmpeg.encode;

import static org.assertj.core.api.Assertions.assertThat;

import io.vwmedia.ffmpeg.process.FfmpegProcess;
import io.vwmedia.ffmpeg.source.FfmpegInput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a chunk's encode seeks, found with the real ffprobe and checked with the real FFmpeg: the first picture decoded
 * after the seek must be the last keyframe presented at or before the time asked for, in a container FFmpeg seeks by
 * an index of presentation times (MP4), and in one it can only search (an MPEG transport stream).
 */
class KeyframeLocatorTest {

  /** 29.97 fps, B-frames, keyframes on frames 0, 151 and 271 only. */
  static final String KEYFRAMES = "expr:eq(n,0)+eq(n,151)+eq(n,271)";
  static final FrameGrid GRID = FrameGrid.of(30000.0 / 1001);

  @TempDir static Path dir;
  static Path mp4;
  static Path ts;
  final KeyframeLocator locator = new KeyframeLocator("ffprobe", Duration.ofSeconds(30));

  @BeforeAll
  static void sources() throws Exception {
    mp4 = source("long-gops.mp4", "mp4");
    ts = source("long-gops.ts", "mpegts");
  }

  @Test
  void anMp4IsSoughtToTheKeyframesOwnPresentationTime() throws Exception {
    assertThat(locator.seekFor(input(mp4), GRID.micros(270))).isBetween(GRID.micros(151), GRID.micros(151) + 1);
    assertThat(firstDecodedFrame(mp4, GRID.micros(270))).isEqualTo(151);
  }

  @Test
  void aTransportStreamIsSoughtJustBeforeTheKeyframeSoDecodingStartsOnIt() throws Exception {
    long seek = locator.seekFor(input(ts), GRID.micros(270));

    assertThat(seek).as("before the keyframe's decode time, after the keyframe before it")
        .isLessThan(GRID.micros(151)).isGreaterThan(GRID.micros(0));
    assertThat(firstDecodedFrame(ts, GRID.micros(270))).isEqualTo(151);
  }

  @Test
  void aTimeOneFrameBeforeAKeyframeGetsTheKeyframeBeforeIt() throws Exception {
    for (Path source : List.of(mp4, ts)) {
      assertThat(firstDecodedFrame(source, GRID.micros(270))).as(source.toString()).isEqualTo(151);
      assertThat(firstDecodedFrame(source, GRID.micros(150))).as(source.toString()).isZero();
      assertThat(firstDecodedFrame(source, GRID.micros(271))).as(source.toString()).isEqualTo(271);
    }
  }

  @Test
  void findsTheLastOfTheKeyframesInItsWindowWhereverFfprobesOwnSeekLands() throws Exception {
    for (String format : List.of("mp4", "mpegts")) {
      Path source = dir.resolve("clustered." + format);
      run(List.of("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=160x90:rate=30000/1001:duration=24",
          "-c:v", "libx264", "-preset", "veryfast", "-bf", "3", "-g", "1000", "-sc_threshold", "0", "-force_key_frames",
          "expr:eq(n,0)+eq(n,100)+eq(n,400)+eq(n,450)+eq(n,500)+eq(n,550)+eq(n,600)", "-f", format, source.toString()));

      assertThat(firstDecodedFrame(source, GRID.micros(620)))
          .as("%s: the look back from frame 620 starts after keyframe 100, where ffprobe's seek lands", format)
          .isEqualTo(600);
    }
  }

  @Test
  void looksFurtherBackUntilItFindsAKeyframe() throws Exception {
    Path oneGop = dir.resolve("one-gop.ts");
    run(List.of("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=160x90:rate=25:duration=14",
        "-c:v", "libx264", "-preset", "veryfast", "-g", "1000", "-sc_threshold", "0", "-f", "mpegts", oneGop.toString()));

    assertThat(locator.seekFor(input(oneGop), 13_000_000)).as("13 s on: the only keyframe is the first").isZero();
  }

  @Test
  void theStartNeedsNoSeek() throws Exception {
    assertThat(locator.seekFor(input(ts), 0)).isZero();
  }

  /** The index on the rung's grid of the first picture decoded after seeking for a keyframe at or before {@code micros}. */
  private long firstDecodedFrame(Path source, long micros) throws Exception {
    long seek = locator.seekFor(input(source), micros);
    List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-copyts", "-start_at_zero"));
    if (seek > 0) {
      cmd.addAll(List.of("-noaccurate_seek", "-ss", ChunkWindow.seconds(seek)));
    }
    cmd.addAll(List.of("-i", source.toString(), "-map", "0:v:0", "-frames:v", "1", "-vf", "fps=30000/1001",
        "-fps_mode", "passthrough", "-f", "framemd5", "-"));
    String first = run(cmd).lines().filter(l -> !l.startsWith("#")).findFirst().orElseThrow();
    return Long.parseLong(first.split(",")[2].trim());
  }

  private static Path source(String name, String format) throws Exception {
    Path file = dir.resolve(name);
    run(List.of("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=160x90:rate=30000/1001:duration=14",
        "-c:v", "libx264", "-preset", "veryfast", "-bf", "3", "-g", "600", "-sc_threshold", "0",
        "-force_key_frames", KEYFRAMES, "-f", format, file.toString()));
    return file;
  }

  private static FfmpegInput input(Path file) {
    return new FfmpegInput(List.of("-protocol_whitelist", "file"), "file:" + file);
  }

  private static String run(List<String> command) throws Exception {
    FfmpegProcess.Result r = FfmpegProcess.of(command).captureStdout().run();
    assertThat(r.succeeded()).as(r.stderr()).isTrue();
    return new String(r.stdout(), StandardCharsets.UTF_8);
  }
}
