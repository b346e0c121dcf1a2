package io.vwmedia.launcher.pertitle;

import static org.assertj.core.api.Assertions.assertThat;

import io.vwmedia.ffmpeg.probe.SourceInfo;
import io.vwmedia.ffmpeg.probe.SourceProber;
import io.vwmedia.ffmpeg.quality.RateQualityProbe;
import io.vwmedia.ffmpeg.source.FfmpegInput;
import io.vwmedia.ffmpeg.source.SourcePolicy;
import io.vwmedia.launcher.Media;
import io.vwmedia.topology.plan.RateQuality;
import io.vwmedia.topology.plan.RungPlan;
import io.vwmedia.topology.plan.RungPlanner;
import io.vwmedia.topology.template.LadderTemplate.PerTitle;
import io.vwmedia.topology.template.LadderTemplate;
import io.vwmedia.topology.template.TemplateCatalog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-title probe on real sources, as a worker runs it (real ffprobe, real FFmpeg), read as the topology's planner
 * reads it: each rung probed at its own size, flat content given the floor and grain the template's bitrate.
 */
class PerTitleProbeTest {

  @TempDir static Path dir;
  static Path flat;
  static Path noisy;
  static final LadderTemplate PER_TITLE = TemplateCatalog.builtIn().resolve(TemplateCatalog.PER_TITLE_TEMPLATE, null);
  final RateQualityProbe probe = new RateQualityProbe("ffmpeg", Duration.ofSeconds(120));

  @BeforeAll
  static void sources() throws Exception {
    flat = Media.generate(dir.resolve("flat.mp4"), "color=c=0x406080:size=1280x720:rate=25", 4, false);
    // grain at full resolution: 360p averages much of it away, 720p cannot
    noisy = Media.generate(dir.resolve("noisy.mp4"), "testsrc2=size=1280x720:rate=25", "noise=alls=40:allf=t+u",
        "yuv420p", 4, false);
  }

  private Map<String, RateQuality> probed(Path source) throws Exception {
    SourceInfo info = new SourceProber("ffprobe", Duration.ofSeconds(30), SourcePolicy.filesUnder(dir)).probe(source.toUri().toString());
    RungPlan plan = new RungPlanner().plan(PER_TITLE, info);
    PerTitle p = PER_TITLE.perTitle();
    Map<String, RateQuality> lines = new HashMap<>();
    probe.probe(new FfmpegInput(List.of(), "file:" + source), info, plan.encode(),
            new RateQualityProbe.Encodes(p.probeSeconds(), p.probePreset(), p.qualityCrf(), p.economyCrf()))
        .forEach((rung, points) -> lines.put(rung,
            new RateQuality(points.highKbps(), points.highPsnr(), points.lowKbps(), points.lowPsnr())));
    return lines;
  }

  @Test
  void probesEachVideoRungAtItsOwnSizeWithTwoPointsOfRisingQuality() throws Exception {
    Map<String, RateQuality> noisyRungs = probed(noisy);

    assertThat(noisyRungs).containsOnlyKeys("360p", "720p");
    noisyRungs.values().forEach(rq -> {
      assertThat(rq.highKbps()).isGreaterThan(rq.lowKbps());
      assertThat(rq.highPsnr()).isGreaterThan(rq.lowPsnr());
    });
    assertThat(noisyRungs.get("720p").highKbps()).as("grain costs more bits at 720p").isGreaterThan(noisyRungs.get("360p").highKbps());
  }

  @Test
  void givesFlatContentTheFloorAndGrainTheTemplatesBitrate() throws Exception {
    Map<String, RateQuality> flatRungs = probed(flat);
    Map<String, RateQuality> noisyRungs = probed(noisy);

    assertThat(flatRungs.get("720p").bitrateFactor(3000, PER_TITLE.perTitle())).isEqualTo(0.25);
    assertThat(noisyRungs.get("720p").bitrateFactor(3000, PER_TITLE.perTitle())).isEqualTo(1.0);
  }
}
