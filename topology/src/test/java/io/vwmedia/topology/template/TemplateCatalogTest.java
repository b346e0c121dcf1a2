package io.vwmedia.topology.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vwmedia.events.TemplateOverrides;
import io.vwmedia.topology.template.LadderTemplate.VideoRung;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateCatalogTest {

  static LadderTemplate with(VideoRung... rungs) {
    return new LadderTemplate("t", 1, "test", 2, 4, 60, List.of(rungs), null);
  }

  @Test
  void loadsTheBuiltInTemplatesAsDeclared() {
    LadderTemplate v3 = TemplateCatalog.builtIn().resolve("vw-media-hls-v3", null);

    assertThat(v3.video()).extracting(VideoRung::name).containsExactly("360p", "720p", "1080p", "2160p");
    assertThat(v3.video()).extracting(VideoRung::bitrateKbps).containsExactly(800, 3000, 6000, 16000);
    assertThat(v3.video()).extracting(VideoRung::maxBitrateKbps).containsExactly(1200, 4500, 9000, 24000);
    assertThat(v3.gopSeconds()).isEqualTo(2);
    assertThat(v3.segmentSeconds()).isEqualTo(4);
    assertThat(v3.startSegmentSeconds()).as("a short first segment for a fast start").isEqualTo(1);
    assertThat(v3.audio().bitrateKbps()).isEqualTo(128);
    assertThat(v3.audio().profile()).isEqualTo("aac_low");
  }

  @Test
  void acceptsAnHevcRungWhereATemplateAsksForOne() {
    TemplateCatalog catalog = TemplateCatalog.of(with(
        new VideoRung("1080p", 1080, "h264", "high", "4.0", 6000, 9000, 12000),
        new VideoRung("2160p", 2160, "hevc", "main", "5.1", 12000, 18000, 24000)));

    assertThat(catalog.resolve("t", null).video().get(1).codec()).isEqualTo("hevc");
  }

  @Test
  void refusesWhatNoEncoderCanMake() {
    assertThatThrownBy(() -> TemplateCatalog.of(with(new VideoRung("x", 720, "vp9", "0", null, 1, 1, 1))))
        .isInstanceOf(TemplateException.class).hasMessageContaining("codec 'vp9' is not one of [h264, hevc]");
    assertThatThrownBy(() -> TemplateCatalog.of(with(new VideoRung("x", 720, "hevc", "high", null, 1, 1, 1))))
        .isInstanceOf(TemplateException.class).hasMessageContaining("profile 'high' is not one of [main] for hevc");
    assertThatThrownBy(() -> TemplateCatalog.of(with(new VideoRung("x", 721, "h264", "high", null, 1, 1, 1))))
        .isInstanceOf(TemplateException.class).hasMessageContaining("height must be even");
    assertThatThrownBy(() -> TemplateCatalog.of(with(new VideoRung("x", 720, "h264", "high", null, 100, 50, 1))))
        .isInstanceOf(TemplateException.class).hasMessageContaining("maxBitrateKbps >= bitrateKbps");
  }

  @Test
  void validatesPerAssetOverridesWithAReasonAUserCanAct() {
    TemplateCatalog catalog = TemplateCatalog.builtIn();

    assertThatThrownBy(() -> catalog.resolve("vw-media-hls-v3", TemplateOverrides.newBuilder()
        .setBitrateKbps(Map.of("720p", 50)).build()))
        .isInstanceOf(TemplateException.class).hasMessageContaining("overrides.bitrateKbps.720p: 50 is out of range");
    assertThatThrownBy(() -> catalog.resolve("vw-media-hls-v3", TemplateOverrides.newBuilder()
        .setDropRungs(List.of("360p", "720p", "1080p", "2160p")).build()))
        .isInstanceOf(TemplateException.class).hasMessageContaining("drops every rung");
    assertThatThrownBy(() -> catalog.resolve("vw-media-hls-v3", TemplateOverrides.newBuilder()
        .setSegmentSeconds(3.0).build()))
        .isInstanceOf(TemplateException.class).hasMessageContaining("must be a multiple of the GOP");
    assertThat(catalog.resolve("vw-media-hls-v3", TemplateOverrides.newBuilder().setSegmentSeconds(2.0).build())
        .segmentSeconds()).isEqualTo(2.0);
  }

  @Test
  void aFirstSegmentBelowTheGopAddsAKeyframeAndOneAboveItMustFallOnTheGop() {
    VideoRung rung = new VideoRung("360p", 360, "h264", "high", null, 800, 1200, 1600);
    LadderTemplate half = new LadderTemplate("t", 1, "test", 2, 6, 60, List.of(rung), null, null, 1.0);
    LadderTemplate odd = new LadderTemplate("t", 1, "test", 2, 6, 60, List.of(rung), null, null, 3.0);

    assertThat(TemplateCatalog.of(half).resolve("t", null).startSegmentSeconds()).isEqualTo(1.0);
    assertThat(TemplateCatalog.of(half).resolve("t", TemplateOverrides.newBuilder().setSegmentSeconds(2.0).build())
        .startSegmentSeconds()).isEqualTo(1.0);
    assertThatThrownBy(() -> TemplateCatalog.of(odd))
        .isInstanceOf(TemplateException.class).hasMessageContaining("firstSegmentSeconds (3.0) must be");
    assertThat(with(rung).startSegmentSeconds()).as("no first segment set: all alike").isEqualTo(4.0);
  }
}
