package io.vwmedia.ffmpeg.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FfmpegRunnerTest {

  @TempDir Path dir;
  final FfmpegRunner runner = new FfmpegRunner();

  @Test
  void aProcessKilledFromOutsideOrAnIoOrNetworkErrorMayPassAnythingElseWouldRepeat() {
    assertThat(FfmpegRunner.retryable(137, "")).as("SIGKILL: the OOM killer").isTrue();
    assertThat(FfmpegRunner.retryable(143, "")).as("SIGTERM").isTrue();
    assertThat(FfmpegRunner.retryable(255, "Exiting normally, received signal 15.")).isTrue();
    assertThat(FfmpegRunner.retryable(1, "http://cdn/x.mp4: Connection refused")).isTrue();
    assertThat(FfmpegRunner.retryable(1, "HTTP error 503: Server returned 503 Service Unavailable")).isTrue();
    assertThat(FfmpegRunner.retryable(1, "av_interleaved_write_frame(): No space left on device")).isTrue();
    assertThat(FfmpegRunner.retryable(139, "")).as("SIGSEGV: a crash on this input").isFalse();
    assertThat(FfmpegRunner.retryable(1, "Invalid data found when processing input")).isFalse();
    assertThat(FfmpegRunner.retryable(1, "[libx264 @ 0x1] width not divisible by 2 (641x360)")).isFalse();
  }

  @Test
  void aFailureThatWouldRepeatIsTheSourcesWhenFfmpegCannotReadItElseTheEncoders() {
    assertThat(FfmpegRunner.kind(137, "")).isEqualTo(EncodeFailedException.Kind.TRANSIENT);
    assertThat(FfmpegRunner.kind(1, "x.mp4: Invalid data found when processing input"))
        .isEqualTo(EncodeFailedException.Kind.INVALID_SOURCE);
    assertThat(FfmpegRunner.kind(1, "[mov,mp4 @ 0x1] moov atom not found")).isEqualTo(EncodeFailedException.Kind.INVALID_SOURCE);
    assertThat(FfmpegRunner.kind(1, "[libx264 @ 0x1] width not divisible by 2 (641x360)"))
        .isEqualTo(EncodeFailedException.Kind.ENCODER);
    assertThat(FfmpegRunner.kind(139, "")).isEqualTo(EncodeFailedException.Kind.ENCODER);
  }

  @Test
  void aHungEncodeIsStoppedAtItsTimeoutAndMayBeRetried() {
    long started = System.nanoTime();
    assertThatThrownBy(() -> runner.run(List.of("sleep", "30"), 1, Duration.ofSeconds(1), f -> {}))
        .isInstanceOfSatisfying(EncodeFailedException.class, e -> {
          assertThat(e.getMessage()).isEqualTo("FFmpeg did not finish within 1 s and was stopped");
          assertThat(e.kind()).isEqualTo(EncodeFailedException.Kind.TIMEOUT);
          assertThat(e.retryable()).isTrue();
        });
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void aSourceCutOffAfterItsIndexFailsForGoodThoughFfmpegExitsZero() throws Exception {
    Path whole = dir.resolve("whole.mp4");
    assertThat(new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
        "testsrc2=size=320x240:rate=25:duration=4", "-c:v", "libx264", "-preset", "ultrafast", "-movflags", "+faststart",
        whole.toString()).inheritIO().start().waitFor()).isZero();
    byte[] bytes = Files.readAllBytes(whole);
    Path cut = Files.write(dir.resolve("cut.mp4"), Arrays.copyOf(bytes, bytes.length / 2));

    assertThatThrownBy(() -> runner.run(List.of("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-i", cut.toString(),
        "-f", "null", "-"), 4, Duration.ofMinutes(1), f -> {}))
        .isInstanceOfSatisfying(EncodeFailedException.class, e -> {
          assertThat(e.getMessage()).startsWith("the source file is truncated");
          assertThat(e.kind()).isEqualTo(EncodeFailedException.Kind.INVALID_SOURCE);
          assertThat(e.retryable()).isFalse();
        });
  }

  @Test
  void aNicedRunnerStartsItsProcessTenStepsBelowTheWorkersPriorityAndTheDefaultOneAtItsOwn() throws Exception {
    Path own = dir.resolve("own.txt");
    Path niced = dir.resolve("niced.txt");
    runner.run(List.of("sh", "-c", "nice > " + own), 1, Duration.ofSeconds(10), f -> {});
    runner.niced(10).run(List.of("sh", "-c", "nice > " + niced), 1, Duration.ofSeconds(10), f -> {});

    int workers = Integer.parseInt(Files.readString(own).strip());
    assertThat(Integer.parseInt(Files.readString(niced).strip())).isEqualTo(Math.min(19, workers + 10));
    assertThatThrownBy(() -> runner.niced(20)).isInstanceOf(IllegalArgumentException.class);
  }
}
