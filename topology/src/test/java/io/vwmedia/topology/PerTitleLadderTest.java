package io.vwmedia.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.vwmedia.events.RungSpec;
import io.vwmedia.topology.plan.ComplexityProbe;
import io.vwmedia.topology.plan.RungPlan;
import io.vwmedia.topology.plan.RungPlanner;
import io.vwmedia.topology.probe.SourceInfo;
import io.vwmedia.topology.probe.SourceProber;
import io.vwmedia.topology.template.LadderTemplate;
import io.vwmedia.topology.template.LadderTemplate.PerTitle;
import io.vwmedia.topology.template.TemplateCatalog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-title bitrates: easy content spends fewer bits, hard content keeps the template's. */
class PerTitleLadderTest {

  @TempDir static Path dir;
  static Path flat;
  static Path noisy;
  static final LadderTemplate PER_TITLE = TemplateCatalog.builtIn().resolve(TemplateCatalog.PER_TITLE_TEMPLATE, null);
  final ComplexityProbe probe = new ComplexityProbe("ffmpeg", Duration.ofSeconds(60));

  @BeforeAll
  static void sources() throws Exception {
    flat = dir.resolve("flat.mp4");
    TestMedia.generate(flat, "color=c=0x406080:size=1280x720:rate=25", 4, false);
    noisy = dir.resolve("noisy.mp4");
    TestMedia.generate(noisy, "testsrc2=size=1280x720:rate=25", 4, false, "noise=alls=60:allf=t+u");
  }

  private static SourceInfo probe(Path source) throws Exception {
    return new SourceProber("ffprobe", Duration.ofSeconds(30)).probe(source.toUri().toString());
  }

  @Test
  void measuresFlatContentAsNeedingFarFewerBitsThanNoisyContent() throws Exception {
    double flatKbps = probe.probeKbps(flat.toUri().toString(), probe(flat), PER_TITLE.perTitle()).orElseThrow();
    double noisyKbps = probe.probeKbps(noisy.toUri().toString(), probe(noisy), PER_TITLE.perTitle()).orElseThrow();

    assertThat(flatKbps).isLessThan(noisyKbps / 10);
    assertThat(ComplexityProbe.bitrateFactor(flatKbps, PER_TITLE.perTitle())).isEqualTo(0.35);
    assertThat(ComplexityProbe.bitrateFactor(noisyKbps, PER_TITLE.perTitle())).isEqualTo(1.0);
  }

  @Test
  void keepsTheFactorWithinTheTemplatesBounds() {
    PerTitle p = new PerTitle(23, 360, 12, 650, 0.35);

    assertThat(ComplexityProbe.bitrateFactor(65, p)).isEqualTo(0.35);
    assertThat(ComplexityProbe.bitrateFactor(325, p)).isEqualTo(0.5);
    assertThat(ComplexityProbe.bitrateFactor(5000, p)).isEqualTo(1.0);
  }

  @Test
  void scalesEveryRungsAverageAndKeepsItsPeakAndBufferRatios() throws Exception {
    RungPlan plan = new RungPlanner().plan(PER_TITLE, probe(noisy), 0.5);

    List<RungSpec> video = plan.encode().stream().filter(r -> r.getWidth() > 0).toList();
    assertThat(video).extracting(RungSpec::getName).containsExactly("360p", "720p");
    assertThat(video).extracting(RungSpec::getBitrateKbps).containsExactly(400, 1500);
    assertThat(video).extracting(RungSpec::getMaxBitrateKbps).containsExactly(600, 2250);
    assertThat(video).extracting(RungSpec::getBufferKbits).containsExactly(800, 3000);
  }

  @Test
  void onlyTheOptInTemplateProbes() {
    assertThat(TemplateCatalog.builtIn().resolve(TemplateCatalog.DEFAULT_TEMPLATE, null).perTitle()).isNull();
    assertThat(PER_TITLE.perTitle()).isEqualTo(new PerTitle(23, 360, 12, 650, 0.35));
    assertThat(PER_TITLE.video()).extracting(LadderTemplate.VideoRung::bitrateKbps).containsExactly(800, 3000, 6000, 16000);
  }
}
