package io.vwmedia.topology.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vwmedia.events.RungSpec;
import io.vwmedia.ffmpeg.probe.SourceInfo;
import io.vwmedia.topology.template.LadderTemplate;
import io.vwmedia.topology.template.TemplateCatalog;
import org.junit.jupiter.api.Test;

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
    // Sintel's 1920x818: the 720p rung is 1690x720, 4770 macroblocks, past level 3.1's 3600
    assertThat(rung(source(1920, 818, 30), "720p").getLevel()).isEqualTo("3.2");
    // 60 fps: 720p needs 216000 macroblocks a second (3.2), 1080p 489600 (4.2)
    assertThat(rung(source(1920, 1080, 60), "720p").getLevel()).isEqualTo("3.2");
    assertThat(rung(source(1920, 1080, 60), "1080p").getLevel()).isEqualTo("4.2");
  }
}
