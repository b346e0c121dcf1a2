package io.vwmedia.ffmpeg.encode;

import static io.vwmedia.ffmpeg.encode.FfmpegCommandBuilderTest.after;
import static org.assertj.core.api.Assertions.assertThat;

import io.vwmedia.events.RenditionTask;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** NVENC's argument lists, pinned here because this machine has no GPU to run them on. */
class NvencEncoderTest {

  final FfmpegCommandBuilder builder = new FfmpegCommandBuilder("ffmpeg");
  final NvencEncoder nvenc = new NvencEncoder("p5");

  @Test
  void keepsFramesOnTheGpuFromDecodeToEncodeWhenTheSourceNeedsNoCpuFilter() {
    List<String> cmd = builder.build(FfmpegCommandBuilderTest.input("file:/s.mp4"), FfmpegCommandBuilderTest.task(false, "bt709", 25), nvenc, Path.of("/out"));

    assertThat(cmd.subList(0, cmd.indexOf("-i"))).containsSequence("-hwaccel", "cuda", "-hwaccel_output_format", "cuda");
    assertThat(after(cmd, "-vf")).isEqualTo("scale_cuda=w=1280:h=720:interp_algo=bicubic:format=yuv420p,setsar=1,fps=25");
    assertThat(after(cmd, "-c:v")).isEqualTo("h264_nvenc");
  }

  @Test
  void decodesOnTheGpuButFiltersOnTheCpuForInterlacedOrHdrSources() {
    for (var task : List.of(FfmpegCommandBuilderTest.task(true, null, 25), FfmpegCommandBuilderTest.task(false, "smpte2084", 25))) {
      List<String> cmd = builder.build(FfmpegCommandBuilderTest.input("file:/s.mkv"), task, nvenc, Path.of("/out"));

      assertThat(cmd.subList(0, cmd.indexOf("-i"))).containsSequence("-hwaccel", "cuda").doesNotContain("-hwaccel_output_format");
      assertThat(after(cmd, "-vf")).matches("(bwdif|zscale).*,scale=1280:720:flags=bicubic.*format=yuv420p,fps=25");
    }
  }

  @Test
  void convertsABt601OrFullRangeSourceOnTheCpuSinceScaleCudaWouldKeepItsMatrixAndRange() {
    RenditionTask base = FfmpegCommandBuilderTest.task(false, null, 25);
    for (var task : List.of(RenditionTask.newBuilder(base).setSourceColorMatrix("bt601").build(),
        RenditionTask.newBuilder(base).setSourceFullRange(true).build())) {
      List<String> cmd = builder.build(FfmpegCommandBuilderTest.input("file:/s.mp4"), task, nvenc, Path.of("/out"));

      assertThat(cmd.subList(0, cmd.indexOf("-i"))).containsSequence("-hwaccel", "cuda").doesNotContain("-hwaccel_output_format");
      assertThat(after(cmd, "-vf")).startsWith("scale=1280:720:flags=bicubic").doesNotContain("scale_cuda")
          .containsAnyOf("zscale=matrixin=170m:matrix=709", "in_range=full:out_range=limited");
    }
  }

  @Test
  void encodesHevcRungsWithHevcNvencTaggedHvc1() {
    RenditionTask hevcTask = RenditionTask.newBuilder(FfmpegCommandBuilderTest.task(false, null, 25))
        .setRung(io.vwmedia.events.RungSpec.newBuilder(FfmpegCommandBuilderTest.task(false, null, 25).getRung())
            .setCodec("hevc").setProfile("main").setLevel("5.1").build())
        .build();

    List<String> cmd = builder.build(FfmpegCommandBuilderTest.input("file:/s.mp4"), hevcTask, new NvencEncoder("hevc", "p5"), Path.of("/out"));

    assertThat(after(cmd, "-c:v")).isEqualTo("hevc_nvenc");
    assertThat(after(cmd, "-tag:v")).isEqualTo("hvc1");
    assertThat(after(cmd, "-profile:v")).isEqualTo("main");
  }

  @Test
  void makesForcedKeyframesIdrAndLeavesSceneCutsToTheBuilder() {
    List<String> cmd = builder.build(FfmpegCommandBuilderTest.input("file:/s.mp4"), FfmpegCommandBuilderTest.task(false, null, 30), nvenc, Path.of("/out"));

    assertThat(after(cmd, "-forced-idr")).isEqualTo("1");
    assertThat(after(cmd, "-no-scenecut")).isEqualTo("1");
    assertThat(after(cmd, "-force_key_frames")).isEqualTo("expr:gte(t,n_forced*2)");
    assertThat(after(cmd, "-g")).isEqualTo("60");
    assertThat(after(cmd, "-rc")).isEqualTo("vbr");
    assertThat(after(cmd, "-b:v")).isEqualTo("3000k");
    assertThat(after(cmd, "-maxrate")).isEqualTo("4500k");
    assertThat(after(cmd, "-bufsize")).isEqualTo("6000k");
    assertThat(after(cmd, "-profile:v")).isEqualTo("high");
    assertThat(after(cmd, "-preset")).isEqualTo("p5");
  }
}
