package io.vwmedia.worker.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EncoderSelectionTest {

  final X264Encoder x264 = new X264Encoder("fast", 0);
  final NvencEncoder nvenc = new NvencEncoder("p5");

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
  void picksNvencWithX264FallbackWhenACudaDeviceAnswers() {
    EncoderSelection s = EncoderSelection.choose("auto", probe(true, true), x264, nvenc);

    assertThat(s.primary()).isSameAs(nvenc);
    assertThat(s.fallback()).containsSame(x264);
  }

  @Test
  void staysOnX264WhenFfmpegHasNvencButNoGpuAnswers() {
    EncoderSelection s = EncoderSelection.choose("auto", probe(true, false), x264, nvenc);

    assertThat(s.primary()).isSameAs(x264);
    assertThat(s.fallback()).isEmpty();
    assertThat(s.report()).contains("no CUDA device answered");
  }

  @Test
  void staysOnX264WhenFfmpegHasNoNvenc() {
    assertThat(EncoderSelection.choose("auto", probe(false, false), x264, nvenc).report()).contains("no h264_nvenc");
  }

  @Test
  void honoursAnExplicitChoice() {
    assertThat(EncoderSelection.choose("x264", probe(true, true), x264, nvenc).primary()).isSameAs(x264);
    EncoderSelection forced = EncoderSelection.choose("nvenc", probe(false, false), x264, nvenc);
    assertThat(forced.primary()).isSameAs(nvenc);
    assertThat(forced.fallback()).containsSame(x264);
  }

  @Test
  void asksTheRealFfmpegWhatItHas() {
    EncoderSelection.Probe real = EncoderSelection.ffmpegProbe("ffmpeg");

    assertThat(real.listsEncoder("libx264")).isTrue();
    assertThat(real.listsEncoder("no_such_encoder")).isFalse();
    assertThat(real.trialEncodeWorks("libx264")).isTrue();
  }
}
