package io.vwmedia.topology.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vwmedia.events.TemplateOverrides;
import io.vwmedia.topology.template.LadderTemplate.FitToSource;
import io.vwmedia.topology.template.LadderTemplate.VideoRung;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  /** A template file that names only its id, its base and what it changes. */
  static String derived(String id, String base, String more) {
    return "{\"id\": \"" + id + "\", \"extends\": \"" + base + "\"" + more + "}";
  }

  @Test
  void thePerTitleTemplateIsTheDefaultLadderWithPerTitleBitrates() {
    TemplateCatalog catalog = TemplateCatalog.builtIn();
    LadderTemplate v3 = catalog.resolve(TemplateCatalog.DEFAULT_TEMPLATE, null);
    LadderTemplate perTitle = catalog.resolve(TemplateCatalog.PER_TITLE_TEMPLATE, null);

    assertThat(catalog.ids()).contains(TemplateCatalog.DEFAULT_TEMPLATE, TemplateCatalog.PER_TITLE_TEMPLATE);
    assertThat(perTitle.video()).isEqualTo(v3.video());
    assertThat(perTitle.audio()).isEqualTo(v3.audio());
    assertThat(perTitle.fitToSource()).isEqualTo(v3.fitToSource()).isEqualTo(new FitToSource(0.03, 1.5));
    assertThat(perTitle.perTitle().targetPsnr()).isEqualTo(45.0);
    assertThat(v3.perTitle()).isNull();
  }

  @Test
  void aFileDroppedIntoTheExtraFolderIsATemplateAndMayChangeOneFieldOfItsBase(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("short-segments.json"), derived("short-segments", "vw-media-hls-v3",
        ", \"segmentSeconds\": 2, \"fitToSource\": {\"tolerance\": 0.05}"));

    TemplateCatalog catalog = TemplateCatalog.load(Optional.of(dir));

    LadderTemplate t = catalog.resolve("short-segments", null);
    assertThat(t.segmentSeconds()).isEqualTo(2);
    assertThat(t.fitToSource()).as("objects merge key by key").isEqualTo(new FitToSource(0.05, 1.5));
    assertThat(t.video()).isEqualTo(catalog.resolve("vw-media-hls-v3", null).video());
    assertThat(TemplateCatalog.builtIn().ids()).doesNotContain("short-segments");
  }

  @Test
  void findsTheTemplatesOfAFolderInsideAJar(@TempDir Path dir) throws Exception {
    Path jar = dir.resolve("templates.jar");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
      zip.putNextEntry(new ZipEntry("templates/"));
      zip.putNextEntry(new ZipEntry("templates/base.json"));
      OutputStream out = zip;
      out.write("""
          {"id": "base", "version": 1, "description": "a jar's", "gopSeconds": 2, "segmentSeconds": 4, "maxFrameRate": 30,
           "video": [{"name": "360p", "height": 360, "codec": "h264", "profile": "high", "level": "3.0",
                      "bitrateKbps": 800, "maxBitrateKbps": 1200, "bufferKbits": 1600}]}
          """.getBytes(StandardCharsets.UTF_8));
      zip.putNextEntry(new ZipEntry("templates/derived.json"));
      out.write(derived("derived", "base", ", \"version\": 2").getBytes(StandardCharsets.UTF_8));
    }

    TemplateCatalog catalog = TemplateCatalog.load(List.of(new URL("jar:" + jar.toUri() + "!/templates")), Optional.empty());

    assertThat(catalog.ids()).containsExactlyInAnyOrder("base", "derived");
    assertThat(catalog.resolve("derived", null).version()).isEqualTo(2);
    assertThat(catalog.resolve("derived", null).description()).isEqualTo("a jar's");
  }

  @Test
  void reportsEveryBadTemplateTogetherWithWhatIsWrong(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.json"), derived("a", "b", ""));
    Files.writeString(dir.resolve("b.json"), derived("b", "a", ""));
    Files.writeString(dir.resolve("orphan.json"), derived("orphan", "vw-media-hls-v4", ""));
    Files.writeString(dir.resolve("renamed.json"), derived("other", "vw-media-hls-v3", ""));
    Files.writeString(dir.resolve("vw-media-hls-v3.json"), derived("vw-media-hls-v3", "vw-media-hls-v3", ""));
    Files.writeString(dir.resolve("loose.json"), derived("loose", "vw-media-hls-v3", ", \"fitToSource\": {\"tolerance\": 0.5}"));

    assertThatThrownBy(() -> TemplateCatalog.load(Optional.of(dir)))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("a.json: extends itself: a -> b -> a")
        .hasMessageContaining("b.json: extends itself: b -> a -> b")
        .hasMessageContaining("orphan.json: extends names unknown template \"vw-media-hls-v4\"")
        .hasMessageContaining("renamed.json: id 'other' does not match the file name")
        .hasMessageContaining("template 'vw-media-hls-v3' is already declared by")
        .hasMessageContaining("loose.json: template loose: fitToSource needs tolerance in [0, 0.1]");
  }

  @Test
  void refusesRungsCloserThanTheMinimumStepOfATemplateThatFitsItsLadder() {
    VideoRung r720 = new VideoRung("720p", 720, "h264", "high", null, 3000, 4500, 6000);
    VideoRung r800 = new VideoRung("800p", 800, "h264", "high", null, 3500, 5000, 7000);
    LadderTemplate close = new LadderTemplate("t", 1, "test", 2, 4, 60, List.of(r720, r800), null, null, null,
        new FitToSource(0.03, 1.5));

    assertThatThrownBy(() -> TemplateCatalog.of(close))
        .isInstanceOf(TemplateException.class).hasMessageContaining("rungs 720p and 800p are 1.23x apart in pixels");
  }
}
