package io.vwmedia.ffmpeg.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vwmedia.events.QualityScores;
import io.vwmedia.events.RenditionTask;
import io.vwmedia.events.RungSpec;
import io.vwmedia.ffmpeg.encode.FfmpegCommandBuilderTest;
import io.vwmedia.ffmpeg.source.FfmpegInput;
import io.vwmedia.ffmpeg.source.SourcePicture;
import io.vwmedia.ffmpeg.source.SourcePreparation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QualityMeterTest {

  @TempDir static Path dir;
  static Path source;

  @BeforeAll
  static void source() throws Exception {
    source = dir.resolve("source.mp4");
    run("-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25:duration=3", "-c:v", "libx264", "-preset", "superfast",
        "-crf", "12", "-pix_fmt", "yuv420p", source.toString());
  }

  static void run(String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y"));
    cmd.addAll(List.of(args));
    assertThat(new ProcessBuilder(cmd).inheritIO().start().waitFor()).isZero();
  }

  static RenditionTask task640() {
    RenditionTask base = FfmpegCommandBuilderTest.task(false, null, 25);
    RungSpec rung = RungSpec.newBuilder(base.getRung()).setName("360p").setWidth(640).setHeight(360).build();
    return RenditionTask.newBuilder(base).setRung(rung).build();
  }

  private static Path encode(String name, String bitrate) throws Exception {
    Path out = dir.resolve(name);
    run("-i", source.toString(), "-vf", SourcePreparation.scale(SourcePicture.of(task640()), 640, 360), "-c:v", "libx264", "-preset", "superfast",
        "-b:v", bitrate, "-maxrate", bitrate, "-bufsize", bitrate, out.toString());
    return out;
  }

  @Test
  void scoresAStarvedEncodeBelowAGenerousOne() throws Exception {
    QualityMeter meter = new QualityMeter("ffmpeg", false);

    QualityScores good = meter.measure(encode("good.mp4", "2000k"), new FfmpegInput(List.of(), source.toString()), task640(), null, Duration.ofMinutes(1)).orElseThrow();
    QualityScores starved = meter.measure(encode("starved.mp4", "60k"), new FfmpegInput(List.of(), source.toString()), task640(), null, Duration.ofMinutes(1)).orElseThrow();

    assertThat(good.getPsnr()).isGreaterThan(starved.getPsnr() + 3);
    assertThat(good.getSsim()).isGreaterThan(starved.getSsim());
    assertThat(good.getPsnr()).isBetween(30.0, 70.0);
    assertThat(good.getSsim()).isBetween(0.9, 1.0);
    assertThat(good.getVmaf()).isNull();
  }

  @Test
  void readsFfmpegsSummaryLinesIncludingVmafWhenPresent() {
    String stderr = """
        [Parsed_ssim_7 @ 0x55] SSIM Y:0.997098 (25.373592) U:0.996765 (24.901060) V:0.997461 (25.953694) All:0.997103 (25.380903)
        [Parsed_psnr_6 @ 0x55] PSNR y:47.681317 u:44.689495 v:44.832089 average:46.476295 min:44.691563 max:50.788080
        [Parsed_libvmaf_9 @ 0x55] VMAF score: 93.412210
        """;

    QualityScores scores = QualityMeter.parse(stderr).orElseThrow();

    assertThat(scores.getPsnr()).isCloseTo(46.476295, within(1e-6));
    assertThat(scores.getSsim()).isCloseTo(0.997103, within(1e-6));
    assertThat(scores.getVmaf()).isCloseTo(93.41221, within(1e-6));
    assertThat(QualityMeter.parse("no summary")).isEqualTo(Optional.empty());
  }
}
