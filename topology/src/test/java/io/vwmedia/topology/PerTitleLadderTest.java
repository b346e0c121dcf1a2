package io.vwmedia.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vwmedia.events.RungKind;
import io.vwmedia.events.RungSpec;
import io.vwmedia.ffmpeg.probe.SourceInfo;
import io.vwmedia.topology.plan.RateQuality;
import io.vwmedia.topology.plan.RungPlan;
import io.vwmedia.topology.plan.RungPlanner;
import io.vwmedia.topology.template.LadderTemplate.PerTitle;
import io.vwmedia.topology.template.LadderTemplate;
import io.vwmedia.topology.template.TemplateCatalog;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Per-title bitrates: each rung gets what reaches the target quality on this source, never more than the template's.
 * The probe itself runs in the workers: {@code PerTitleProbeTest} in the launcher measures real sources.
 */
class PerTitleLadderTest {

  static final LadderTemplate PER_TITLE = TemplateCatalog.builtIn().resolve(TemplateCatalog.PER_TITLE_TEMPLATE, null);
  static final PerTitle TARGET_45 = new PerTitle(8, "veryfast", 16, 26, 45.0, 0.0, 0.25);
  static final SourceInfo NOISY_720P = new SourceInfo(1280, 720, 25, 4, false, "h264", false, null, "bt709", false);

  @Test
  void aimsAtTheTargetWhereTheTemplateWouldOverServe() {
    // 40 dB at 1000 kbit/s, 46 dB at 4000: 3 dB per doubling, so 45 dB at 2000 * 2^(2/3) kbit/s
    RateQuality line = new RateQuality(4000, 46, 1000, 40);

    assertThat(line.dbPerDoubling()).isEqualTo(3.0);
    assertThat(line.kbpsFor(45.0)).isCloseTo(4000 / Math.pow(2, 1.0 / 3), within(0.01));
    assertThat(line.bitrateFactor(6000, TARGET_45)).isCloseTo(4000 / Math.pow(2, 1.0 / 3) / 6000, within(1e-9));
  }

  @Test
  void aimsTheMarginAboveTheTarget() {
    RateQuality line = new RateQuality(4000, 46, 1000, 40);
    PerTitle withMargin = new PerTitle(8, "veryfast", 16, 26, 45.0, 1.0, 0.25);

    assertThat(line.bitrateFactor(6000, withMargin)).isCloseTo(4000.0 / 6000, within(1e-9)); // 46 dB
  }

  @Test
  void keepsTheTemplatesBitrateWhereEvenThatFallsShortOfTheTarget() {
    RateQuality hard = new RateQuality(8000, 38, 2000, 33);

    assertThat(hard.bitrateFactor(6000, TARGET_45)).isEqualTo(1.0);
  }

  @Test
  void takesTheEconomyProbesBitrateWhenEvenThatReachesTheTarget() {
    RateQuality easy = new RateQuality(900, 52, 1200, 47); // inverted points: only the economy one is trusted

    assertThat(easy.bitrateFactor(3000, TARGET_45)).isEqualTo(0.4);
  }

  @Test
  void fallsBackToTheTemplateWhenTheProbePointsSayNothing() {
    assertThat(new RateQuality(1000, 40, 1000, 40).bitrateFactor(3000, TARGET_45)).isEqualTo(1.0);
    assertThat(new RateQuality(500, 38, 900, 41).bitrateFactor(3000, TARGET_45)).isEqualTo(1.0);
  }

  @Test
  void scalesEachRungsAverageByItsOwnFactorAndKeepsItsPeakAndBufferRatios() throws Exception {
    RungPlan plan = new RungPlanner().plan(PER_TITLE, NOISY_720P, Map.of("360p", 0.5, "720p", 0.8));

    List<RungSpec> video = plan.encode().stream().filter(r -> r.getKind() == RungKind.VIDEO).toList();
    assertThat(video).extracting(RungSpec::getName).containsExactly("360p", "720p");
    assertThat(video).extracting(RungSpec::getBitrateKbps).containsExactly(400, 2400);
    assertThat(video).extracting(RungSpec::getMaxBitrateKbps).containsExactly(600, 3600);
    assertThat(video).extracting(RungSpec::getBufferKbits).containsExactly(800, 4800);
  }

  @Test
  void onlyTheOptInTemplateProbes() {
    assertThat(TemplateCatalog.builtIn().resolve(TemplateCatalog.DEFAULT_TEMPLATE, null).perTitle()).isNull();
    assertThat(PER_TITLE.perTitle()).isEqualTo(new PerTitle(8, "veryfast", 16, 26, 45.0, 0.75, 0.25));
    assertThat(PER_TITLE.video()).extracting(LadderTemplate.VideoRung::bitrateKbps).containsExactly(800, 3000, 6000, 16000);
  }
}
