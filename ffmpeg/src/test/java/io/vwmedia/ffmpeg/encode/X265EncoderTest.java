package io.vwmedia.ffmpeg.encode;

import static io.vwmedia.ffmpeg.encode.FfmpegCommandBuilderTest.after;
import static org.assertj.core.api.Assertions.assertThat;

import io.vwmedia.events.RenditionTask;
import io.vwmedia.events.RungSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class X265EncoderTest {

  @Test
  void closesGopsTurnsOffSceneCutsAndTagsHvc1() {
    RenditionTask base = FfmpegCommandBuilderTest.task(false, null, 25);
    RenditionTask task = RenditionTask.newBuilder(base)
        .setRung(RungSpec.newBuilder(base.getRung()).setName("2160p").setCodec("hevc").setProfile("main").setLevel("5.1")
            .setWidth(3840).setHeight(2160).build())
        .build();

    List<String> cmd = new FfmpegCommandBuilder("ffmpeg").build(FfmpegCommandBuilderTest.input("file:/s.mp4"), task, new X265Encoder("fast"), Path.of("/out"));

    assertThat(after(cmd, "-c:v")).isEqualTo("libx265");
    assertThat(after(cmd, "-x265-params")).isEqualTo("scenecut=0:open-gop=0:log-level=error:level-idc=5.1");
    assertThat(after(cmd, "-forced-idr")).isEqualTo("1");
    assertThat(after(cmd, "-tag:v")).isEqualTo("hvc1");
    assertThat(after(cmd, "-vf")).startsWith("scale=3840:2160");
  }
}
