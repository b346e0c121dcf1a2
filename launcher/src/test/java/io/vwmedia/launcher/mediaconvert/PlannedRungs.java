package io.vwmedia.launcher.mediaconvert;

import io.vwmedia.events.RenditionTask;
import io.vwmedia.ffmpeg.probe.SourceInfo;
import io.vwmedia.topology.plan.RenditionTasks;
import io.vwmedia.topology.plan.RungPlanner;
import io.vwmedia.topology.template.TemplateCatalog;
import java.time.Instant;
import java.util.List;

/** The rung tasks the topology's own planner makes for {@code vw-media-hls-v3} on a source: what the managed leg gets. */
final class PlannedRungs {

  private PlannedRungs() {}

  /** An SDR progressive H.264 source with audio, of this size, rate and duration. */
  static SourceInfo source(int width, int height, double fps, double seconds) {
    return new SourceInfo(width, height, fps, seconds, true, "h264", false, null, "bt709", false);
  }

  static List<RenditionTask> of(String assetId, String correlationId, String sourceUri, SourceInfo source) {
    var template = TemplateCatalog.builtIn().resolve(TemplateCatalog.DEFAULT_TEMPLATE, null);
    return new RungPlanner().plan(template, source).encode().stream()
        .map(rung -> RenditionTasks.forRung(assetId, correlationId, sourceUri, source, rung,
            Instant.parse("2026-12-02T00:00:00Z")))
        .toList();
  }
}
