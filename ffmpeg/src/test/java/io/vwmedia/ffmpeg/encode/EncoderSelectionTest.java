package io.vwmedia.ffmpeg.encode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EncoderSelectionTest {

  final X264Encoder x264 = new X264Encoder("fast", 0);
  final X265Encoder x265 = new X265Encoder("fast");
  final NvencEncoder nvenc = new NvencEncoder("h264", "p5");
  final NvencEncoder nvencHevc = new NvencEncoder("hevc", "p5");
  final List<Encoder> cpu = List.of(x264, x265);
  final List<Encoder> gpu = List.of(nvenc, nvencHevc);

  static EncoderSelection.Probe probe(boolean lists, boolean works) {
    return new EncoderSelection.Probe() {
      @Override
      public boolean listsEncoder(String name) {
        return lists;
      }

      @Override
      public boolean trialEncodeWorks(String encoder) {
        return works;
      }
    };
  }

  @Test
  void picksNvencForEachCodecWithItsCpuEncoderAsFallbackWhenACudaDeviceAnswers() {
    EncoderSelection s = EncoderSelection.choose("auto", probe(true, true), cpu, gpu);

    assertThat(s.primary("h264")).isSameAs(nvenc);
    assertThat(s.primary("hevc")).isSameAs(nvencHevc);
    assertThat(s.fallback("h264")).containsSame(x264);
    assertThat(s.fallback("hevc")).containsSame(x265);
  }

  @Test
  void staysOnTheCpuWhenFfmpegHasNvencButNoGpuAnswers() {
    EncoderSelection s = EncoderSelection.choose("auto", probe(true, false), cpu, gpu);

    assertThat(s.primary("h264")).isSameAs(x264);
    assertThat(s.primary("hevc")).isSameAs(x265);
    assertThat(s.fallback("h264")).isEmpty();
    assertThat(s.report()).contains("no CUDA device answered");
  }

  @Test
  void staysOnTheCpuWhenFfmpegHasNoNvenc() {
    assertThat(EncoderSelection.choose("auto", probe(false, false), cpu, gpu).report()).contains("no h264_nvenc");
  }

  @Test
  void honoursAnExplicitChoice() {
    assertThat(EncoderSelection.choose("x264", probe(true, true), cpu, gpu).primary("h264")).isSameAs(x264);
    EncoderSelection forced = EncoderSelection.choose("nvenc", probe(false, false), cpu, gpu);
    assertThat(forced.primary("h264")).isSameAs(nvenc);
    assertThat(forced.fallback("h264")).containsSame(x264);
  }

  @Test
  void namesTheCodecItHasNoEncoderFor() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> EncoderSelection.cpu(x264).primary("hevc"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no encoder for codec 'hevc'");
  }

  @Test
  void asksTheRealFfmpegWhatItHas() {
    EncoderSelection.Probe real = EncoderSelection.ffmpegProbe("ffmpeg");

    assertThat(real.listsEncoder("libx264")).isTrue();
    assertThat(real.listsEncoder("no_such_encoder")).isFalse();
    assertThat(real.trialEncodeWorks("libx264")).isTrue();
  }
}
