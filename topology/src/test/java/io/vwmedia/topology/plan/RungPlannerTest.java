package io.vwmedia.topology.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vwmedia.events.RungSpec;
import io.vwmedia.ffmpeg.probe.SourceInfo;
import io.vwmedia.topology.template.LadderTemplate;
import io.vwmedia.topology.template.TemplateCatalog;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RungPlannerTest {

  final LadderTemplate v3 = TemplateCatalog.builtIn().resolve(TemplateCatalog.DEFAULT_TEMPLATE, null);
  final RungPlanner planner = new RungPlanner();

  static SourceInfo source(int width, int height, double fps) {
    return new SourceInfo(width, height, fps, 30, true, "h264", false, null, "bt709", false);
  }

  private RungSpec rung(SourceInfo source, String name) {
    return planner.plan(v3, source).encode().stream().filter(r -> r.getName().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void capsThe360pRungAtHalfTheRateOfA60FpsSourceAndKeepsTheOthers() {
    SourceInfo hd60 = source(1920, 1080, 60);

    assertThat(rung(hd60, "360p").getFrameRate()).isEqualTo(30.0);
    assertThat(rung(hd60, "720p").getFrameRate()).isEqualTo(60.0);
    assertThat(rung(hd60, "1080p").getFrameRate()).isEqualTo(60.0);
  }

  @Test
  void dividesByAWholeNumberSoFramesStayASubsetOfTheOtherRungs() {
    assertThat(RungPlanner.capped(50, 30)).isEqualTo(25.0);
    assertThat(RungPlanner.capped(60000.0 / 1001, 30)).isCloseTo(30000.0 / 1001, within(1e-9));
    assertThat(RungPlanner.capped(120, 30)).isEqualTo(30.0);
    assertThat(RungPlanner.capped(30, 30)).isEqualTo(30.0);
    assertThat(RungPlanner.capped(24, 30)).isEqualTo(24.0);
  }

  @Test
  void capsEveryRungAtTheTemplatesMaximum() {
    assertThat(rung(source(1280, 720, 120), "720p").getFrameRate()).isEqualTo(60.0);
  }

  @Test
  void neverPlansAboveTheSourceButAlwaysPlansOneRung() {
    RungPlan small = planner.plan(v3, source(426, 240, 25));

    assertThat(small.encode()).extracting(RungSpec::getName).containsExactly("360p", "audio");
    assertThat(small.encode().get(0).getHeight()).isEqualTo(240);
    assertThat(small.encode().get(0).getWidth()).isEqualTo(426);
    assertThat(small.skipped().keySet()).extracting(RungSpec::getName).containsExactly("720p", "1080p", "2160p");
  }

  @Test
  void keepsTheTemplatesLevelWhereTheRungFitsIt() {
    SourceInfo hd30 = source(1920, 1080, 30);

    assertThat(rung(hd30, "360p").getLevel()).isEqualTo("3.0");
    assertThat(rung(hd30, "720p").getLevel()).isEqualTo("3.1");
    assertThat(rung(hd30, "1080p").getLevel()).isEqualTo("4.0");
  }

  @Test
  void raisesTheLevelForRungsTooWideOrTooFastForTheTemplates() {
    // Sintel's 2.35:1 at 2538x1080: the 720p rung is 1692x720, 4770 macroblocks, past level 3.1's 3600
    assertThat(rung(source(2538, 1080, 30), "720p").getLevel()).isEqualTo("3.2");
    // 60 fps: 720p needs 216000 macroblocks a second (3.2), 1080p 489600 (4.2)
    assertThat(rung(source(1920, 1080, 60), "720p").getLevel()).isEqualTo("3.2");
    assertThat(rung(source(1920, 1080, 60), "1080p").getLevel()).isEqualTo("4.2");
  }

  private List<RungSpec> video(SourceInfo source) {
    return planner.plan(v3, source).encode().stream().filter(r -> !r.getName().equals("audio")).toList();
  }

  private static String sized(RungSpec r) {
    return r.getName() + " " + r.getWidth() + "x" + r.getHeight();
  }

  @Test
  void aSourceAFewLinesShortOfARungGetsThatRungAtItsOwnSize() {
    assertThat(video(source(1279, 719, 30))).extracting(RungPlannerTest::sized).containsExactly("360p 640x360", "720p 1278x718");
    assertThat(rung(source(1279, 719, 30), "720p").getBitrateKbps()).as("the rung's own bitrate").isEqualTo(3000);
  }

  @Test
  void aSourceBetweenTwoRungsGetsATopRungAtItsSizeWithABitrateBetweenTheirs() {
    assertThat(video(source(854, 480, 30))).extracting(RungPlannerTest::sized).containsExactly("360p 640x360", "480p 854x480");
    RungSpec top = rung(source(854, 480, 30), "480p");
    // pixel rates 6.9 (360p), 12.3 (480p) and 27.7 (720p at 1282x720) Mpixel/s: a quarter of the way from 800 to 3000
    assertThat(top.getBitrateKbps()).isEqualTo(1370);
    assertThat(top.getMaxBitrateKbps()).isEqualTo(2055);
    assertThat(top.getBufferKbits()).isEqualTo(2740);
    assertThat(top.getLevel()).as("360p's 3.0, fitted: 48600 macroblocks a second").isEqualTo("3.1");
    assertThat(planner.plan(v3, source(854, 480, 30)).skipped().keySet()).extracting(RungSpec::getName)
        .containsExactly("720p", "1080p", "2160p");
  }

  @Test
  void aPalSourceGetsItsDisplaySizeAsTheTopRung() {
    // 720x576 with SAR 16:15: ffprobe's display size is 768x576
    assertThat(video(source(768, 576, 25))).extracting(RungPlannerTest::sized).containsExactly("360p 480x360", "576p 768x576");
  }

  @Test
  void anAnamorphicHdSourceAndAPortraitOneKeepTheTemplatesRungs() {
    // 1440x1080 with SAR 4:3 displays 1920x1080
    assertThat(video(source(1920, 1080, 25))).extracting(RungPlannerTest::sized)
        .containsExactly("360p 640x360", "720p 1280x720", "1080p 1920x1080");
    assertThat(video(source(1080, 1920, 30))).extracting(RungPlannerTest::sized)
        .containsExactly("360p 360x640", "720p 720x1280", "1080p 1080x1920");
  }

  @Test
  void aQhdSourceGetsA1440pTopRungAboveTheTemplates1080p() {
    assertThat(video(source(2560, 1440, 30))).extracting(RungPlannerTest::sized)
        .containsExactly("360p 640x360", "720p 1280x720", "1080p 1920x1080", "1440p 2560x1440");
    RungSpec top = rung(source(2560, 1440, 30), "1440p");
    assertThat(top.getBitrateKbps()).as("between 1080p's 6000 and 2160p's 16000 by pixel rate").isEqualTo(8593);
    assertThat(top.getLevel()).as("14400 macroblocks a frame: past level 4's 8192").isEqualTo("5.0");
  }

  @Test
  void aSourceAtARungOrAboveTheTopOneKeepsTheTemplatesRungs() {
    assertThat(video(source(1280, 720, 30))).extracting(RungPlannerTest::sized).containsExactly("360p 640x360", "720p 1280x720");
    assertThat(video(source(5120, 2880, 30))).extracting(RungPlannerTest::sized)
        .containsExactly("360p 640x360", "720p 1280x720", "1080p 1920x1080", "2160p 3840x2160");
    assertThat(video(source(1920, 1088, 30))).as("a few lines above a rung: that rung as declared")
        .extracting(RungPlannerTest::sized).containsExactly("360p 636x360", "720p 1270x720", "1080p 1906x1080");
  }

  @Test
  void theSourceSizeRungReplacesTheRungBelowWhenCloserThanTheMinimumStep() {
    RungPlan plan = planner.plan(v3, source(1422, 800, 30));

    // 800 lines against 720: 1.23x the pixels, under the template's 1.5x
    assertThat(video(source(1422, 800, 30))).extracting(RungPlannerTest::sized).containsExactly("360p 640x360", "800p 1422x800");
    assertThat(plan.skipped().entrySet()).filteredOn(e -> e.getKey().getName().equals("720p"))
        .singleElement().satisfies(e -> assertThat(e.getValue()).contains("replaced by 800p"));
  }

  @Test
  void aPerTitleFactorNamesTheSourceSizeRungByItsShortSide() {
    LadderTemplate perTitle = TemplateCatalog.builtIn().resolve(TemplateCatalog.PER_TITLE_TEMPLATE, null);

    RungPlan plan = planner.plan(perTitle, source(854, 480, 30), Map.of("480p", 0.5));

    assertThat(plan.encode().get(1).getName()).isEqualTo("480p");
    assertThat(plan.encode().get(1).getBitrateKbps()).isEqualTo(685);
  }

  @Test
  void aTemplateThatDoesNotFitItsLadderOnlySkipsTheRungsAboveTheSource() {
    LadderTemplate fixed = new LadderTemplate(v3.id(), v3.version(), v3.description(), v3.gopSeconds(),
        v3.segmentSeconds(), v3.maxFrameRate(), v3.video(), v3.audio(), null, v3.firstSegmentSeconds());

    assertThat(planner.plan(fixed, source(854, 480, 30)).encode()).extracting(RungSpec::getName).containsExactly("360p", "audio");
  }

  @ParameterizedTest(name = "{0}x{1}")
  @CsvSource({"1279, 719", "854, 480", "768, 576", "1920, 1080", "1080, 1920", "2560, 1440", "426, 240", "1422, 800"})
  void theTopRungCarriesTheSourcesPictureNoRungIsAboveItAndEveryRungKeepsItsAspect(int width, int height) {
    SourceInfo source = source(width, height, 30);
    List<RungSpec> rungs = video(source);

    RungSpec top = rungs.get(rungs.size() - 1);
    assertThat((double) Math.min(top.getWidth(), top.getHeight())).isCloseTo(source.shortSide(), within(source.shortSide() * 0.1));
    for (RungSpec r : rungs) {
      assertThat(r.getWidth()).as(sized(r)).isLessThanOrEqualTo(width).isEven();
      assertThat(r.getHeight()).as(sized(r)).isLessThanOrEqualTo(height).isEven();
      assertThat((double) r.getWidth() / r.getHeight()).as(sized(r)).isCloseTo((double) width / height, within(0.01 * width / height));
    }
  }
}
