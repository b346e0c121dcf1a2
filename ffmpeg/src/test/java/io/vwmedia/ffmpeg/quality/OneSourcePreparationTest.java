package io.vwmedia.ffmpeg.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.vwmedia.events.RenditionTask;
import io.vwmedia.events.RungSpec;
import io.vwmedia.ffmpeg.encode.FfmpegCommandBuilder;
import io.vwmedia.ffmpeg.encode.FfmpegCommandBuilderTest;
import io.vwmedia.ffmpeg.encode.X264Encoder;
import io.vwmedia.ffmpeg.probe.SourceInfo;
import io.vwmedia.ffmpeg.source.FfmpegInput;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The encode, the quality meter's reference and the per-title probe prepare a source with the very same filters, so
 * what is measured and what is probed is the picture that is encoded: pinned on the two sources where they used to
 * differ, HDR (tone-mapping) and BT.601 full range (matrix and range conversion), at an NTSC rate.
 */
class OneSourcePreparationTest {

  static Stream<Arguments> sources() {
    return Stream.of(
        Arguments.of("HDR10, interlaced", new SourceInfo(3840, 2160, 30000.0 / 1001, 20, true, "hevc", true, "smpte2084", "bt2020", false)),
        Arguments.of("BT.601 full range", new SourceInfo(720, 480, 30000.0 / 1001, 20, true, "mjpeg", false, null, "bt601", true)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sources")
  void theEncodeTheQualityMeterAndThePerTitleProbePrepareTheSourceAlike(String kind, SourceInfo source) {
    RenditionTask task = taskFor(source);
    RungSpec rung = task.getRung();
    FfmpegInput input = new FfmpegInput(List.of(), "file:/s.mp4");

    List<String> encode = new FfmpegCommandBuilder("ffmpeg").build(input, task, new X264Encoder("fast", 0), Path.of("/out"));
    String encodeChain = encode.get(encode.indexOf("-vf") + 1);
    String meterGraph = QualityMeter.graph(task, false);
    List<String> probe = new RateQualityProbe("ffmpeg", Duration.ofMinutes(1))
        .command(input, source, List.of(rung), new RateQualityProbe.Encodes(8, "veryfast", 16, 26));
    String probeGraph = probe.get(probe.indexOf("-filter_complex") + 1);

    assertThat(encodeChain).contains("scale=640:360").endsWith(",fps=30000/1001");
    if (source.isHdr()) {
      assertThat(encodeChain).startsWith("bwdif=").contains("tonemap=tonemap=hable");
    } else {
      assertThat(encodeChain).contains("zscale=matrixin=170m:matrix=709", "in_range=full:out_range=limited");
    }
    assertThat(meterGraph).contains("[1:v]" + encodeChain + ",split=");
    assertThat(probeGraph).contains("[s0]" + encodeChain + ",split=2");
  }

  private static RenditionTask taskFor(SourceInfo source) {
    RenditionTask base = FfmpegCommandBuilderTest.task(source.interlaced(), source.colorTransfer(), source.frameRate());
    return RenditionTask.newBuilder(base)
        .setSourceColorMatrix(source.colorMatrix())
        .setSourceFullRange(source.fullRange())
        .setRung(RungSpec.newBuilder(base.getRung()).setName("360p").setWidth(640).setHeight(360).build())
        .build();
  }
}
