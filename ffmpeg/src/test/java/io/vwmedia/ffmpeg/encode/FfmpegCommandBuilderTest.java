package io.vwmedia.ffmpeg.encode;

import static org.assertj.core.api.Assertions.assertThat;

import io.vwmedia.events.RenditionTask;
import io.vwmedia.events.RungKind;
import io.vwmedia.events.RungSpec;
import io.vwmedia.ffmpeg.source.FfmpegInput;
import io.vwmedia.ffmpeg.source.SourcePreparation;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

public class FfmpegCommandBuilderTest {

  final FfmpegCommandBuilder builder = new FfmpegCommandBuilder("ffmpeg");
  final Encoder x264 = new X264Encoder("fast", 0);

  public static RenditionTask task(boolean interlaced, String transfer, double fps) {
    return RenditionTask.newBuilder()
        .setAssetId("a").setCorrelationId("c").setSourceUri("file:///s.mp4").setSourceDurationSeconds(10)
        .setRung(RungSpec.newBuilder()
            .setName("720p").setKind(RungKind.VIDEO).setCodec("h264").setProfile("high").setLevel("3.1")
            .setWidth(1280).setHeight(720).setFrameRate(fps).setBitrateKbps(3000).setMaxBitrateKbps(4500)
            .setBufferKbits(6000).setGopSeconds(2).setSegmentSeconds(4).build())
        .setSourceInterlaced(interlaced).setSourceTransfer(transfer)
        .setOutputPrefix("assets/a/720p/").setIssuedAt(Instant.EPOCH).build();
  }

  /** The value a command gives an option. */
  static String after(List<String> cmd, String flag) {
    return cmd.get(cmd.indexOf(flag) + 1);
  }

  @Test
  void forcesAnIdrEveryGopOnTheSameTimestampsInEveryRung() {
    List<String> cmd = builder.build(input("file:/s.mp4"), task(false, null, 29.97), x264, Path.of("/out"));

    assertThat(after(cmd, "-force_key_frames")).isEqualTo("expr:gte(t,n_forced*2)");
    assertThat(after(cmd, "-g")).isEqualTo("60");
    assertThat(after(cmd, "-keyint_min")).isEqualTo("60");
    assertThat(after(cmd, "-sc_threshold")).isEqualTo("0");
    assertThat(after(cmd, "-flags")).isEqualTo("+cgop");
    assertThat(after(cmd, "-fps_mode")).isEqualTo("cfr");
    assertThat(after(cmd, "-r")).as("NTSC rates exactly").isEqualTo("30000/1001");
    assertThat(SourcePreparation.rate(60000.0 / 1001)).isEqualTo("60000/1001");
    assertThat(SourcePreparation.rate(25)).isEqualTo("25");
    assertThat(SourcePreparation.rate(12.5)).isEqualTo("12.5");
  }

  @Test
  void cutsCmafSegmentsWithTheHlsMuxer() {
    List<String> cmd = builder.build(input("file:/s.mp4"), task(false, null, 25), x264, Path.of("/out"));

    assertThat(after(cmd, "-f")).isEqualTo("hls");
    assertThat(after(cmd, "-hls_segment_type")).isEqualTo("fmp4");
    assertThat(after(cmd, "-hls_time")).isEqualTo("4");
    assertThat(after(cmd, "-hls_fmp4_init_filename")).isEqualTo("init.mp4");
    assertThat(after(cmd, "-hls_segment_filename")).isEqualTo("/out/seg_%05d.m4s");
  }

  @Test
  void scalesAProgressiveSdrSourceStraightToBt709() {
    List<String> cmd = builder.build(input("file:/s.mp4"), task(false, "bt709", 25), x264, Path.of("/out"));

    assertThat(after(cmd, "-vf")).as("nothing to convert: FFmpeg may pass frames through")
        .isEqualTo("scale=1280:720:flags=bicubic,setsar=1,format=yuv420p,fps=25");
    assertThat(after(cmd, "-color_trc")).isEqualTo("bt709");
    assertThat(after(cmd, "-colorspace")).isEqualTo("bt709");
  }

  @Test
  void convertsBt601AndFullRangeSourcesToBt709LimitedRange() {
    RenditionTask sd = RenditionTask.newBuilder(task(false, null, 25)).setSourceColorMatrix("bt601").setSourceFullRange(true).build();

    assertThat(after(builder.build(input("file:/s.avi"), sd, x264, Path.of("/out")), "-vf")).isEqualTo(
        "scale=1280:720:flags=bicubic:in_range=full:out_range=limited,setsar=1,format=yuv420p,"
            + "zscale=matrixin=170m:matrix=709:rangein=limited:range=limited,fps=25");
  }

  @Test
  void deinterlacesFrameForFrameBeforeScaling() {
    String vf = after(builder.build(input("file:/s.ts"), task(true, null, 25), x264, Path.of("/out")), "-vf");

    assertThat(vf).startsWith("bwdif=mode=send_frame:parity=auto:deint=interlaced,scale=1280:720");
  }

  @Test
  void toneMapsPqAndHlgToSdrBt709() {
    for (String hdr : new String[] {"smpte2084", "arib-std-b67"}) {
      String vf = after(builder.build(input("file:/s.mkv"), task(false, hdr, 25), x264, Path.of("/out")), "-vf");
      assertThat(vf).as(hdr).startsWith("zscale=t=linear:npl=100,format=gbrpf32le,zscale=p=bt709,tonemap=tonemap=hable")
          .contains("zscale=t=bt709:m=bt709:r=tv,scale=1280:720");
    }
  }

  @Test
  void encodesWithTheTemplatesRateControl() {
    List<String> cmd = builder.build(input("file:/s.mp4"), task(false, null, 25), x264, Path.of("/out"));

    assertThat(after(cmd, "-c:v")).isEqualTo("libx264");
    assertThat(after(cmd, "-profile:v")).isEqualTo("high");
    assertThat(after(cmd, "-level:v")).isEqualTo("3.1");
    assertThat(after(cmd, "-b:v")).isEqualTo("3000k");
    assertThat(after(cmd, "-maxrate")).isEqualTo("4500k");
    assertThat(after(cmd, "-bufsize")).isEqualTo("6000k");
  }

  static FfmpegInput input(String url) {
    return new FfmpegInput(List.of(), url);
  }
}
