package io.vwmedia.topology;

import io.vwmedia.events.AssetProgress;
import io.vwmedia.events.AssetStatus;
import io.vwmedia.events.ChunkSpec;
import io.vwmedia.events.EncoderLeg;
import io.vwmedia.events.ManagedEncodeTask;
import io.vwmedia.events.ProbeKind;
import io.vwmedia.events.ProbeResult;
import io.vwmedia.events.ProbeTask;
import io.vwmedia.events.RatePoints;
import io.vwmedia.events.RateQualityEncodes;
import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RenditionTask;
import io.vwmedia.events.RungKind;
import io.vwmedia.events.RungSpec;
import io.vwmedia.events.RungStatus;
import io.vwmedia.events.Timings;
import io.vwmedia.ffmpeg.probe.SourceInfo;
import io.vwmedia.topology.plan.ChunkPlanner;
import io.vwmedia.topology.plan.RateQuality;
import io.vwmedia.topology.plan.RenditionTasks;
import io.vwmedia.topology.plan.RungPlan;
import io.vwmedia.topology.plan.RungPlanner;
import io.vwmedia.topology.plan.WorkOrder;
import io.vwmedia.topology.progress.AssetProgressStore;
import io.vwmedia.topology.progress.ChunkProgressStore;
import io.vwmedia.topology.publish.Publisher;
import io.vwmedia.topology.routing.EncoderRouting;
import io.vwmedia.topology.template.LadderTemplate.PerTitle;
import io.vwmedia.topology.template.LadderTemplate;
import io.vwmedia.topology.template.TemplateCatalog;
import io.vwmedia.topology.template.TemplateException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans an admitted asset's rungs from what the workers measured. On the source probe: a refused or unreadable source
 * fails the asset at once; otherwise the rungs are planned from the template, and either one {@link RenditionTask} per
 * rung goes out (keyed {@code assetId/rung}) or, for a per-title template, a rate-quality {@link ProbeTask} for the
 * planned video rungs first. On the rate-quality probe: each video rung's bitrate is the one that reaches the
 * template's target quality on this source (the template's where the probe gave nothing), and the tasks go out.
 * The tasks go to our workers, or, for an asset {@link EncoderRouting} puts on the managed leg, all together as one
 * {@link ManagedEncodeTask} (keyed by asset id) for one MediaConvert job. For our workers, a long source's video
 * rungs go out as chunks ({@link ChunkPlanner}, recorded in the chunk-progress store), in {@link WorkOrder}.
 * A probe result the asset is not waiting for (a redelivered task's second answer) is ignored.
 */
final class AssetPlanner implements Processor<String, ProbeResult, String, SpecificRecord> {

  private static final Logger log = LoggerFactory.getLogger(AssetPlanner.class);

  private final TemplateCatalog templates;
  private final RungPlanner planner;
  private final Publisher publisher;
  private final EncoderRouting routing;
  private final ChunkPlanner chunkPlanner;
  private final Clock clock;
  private AssetProgressStore progressStore;
  private ChunkProgressStore chunkStore;
  private ProcessorContext<String, SpecificRecord> context;

  AssetPlanner(TemplateCatalog templates, RungPlanner planner, Publisher publisher, EncoderRouting routing,
      ChunkPlanner chunkPlanner, Clock clock) {
    this.templates = templates;
    this.planner = planner;
    this.publisher = publisher;
    this.routing = routing;
    this.chunkPlanner = chunkPlanner;
    this.clock = clock;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.progressStore = AssetProgressStore.in(context, MediaTopology.PROGRESS_STORE);
    this.chunkStore = ChunkProgressStore.in(context, MediaTopology.CHUNK_STORE);
  }

  @Override
  public void process(Record<String, ProbeResult> record) {
    ProbeResult probe = record.value();
    if (probe == null) {
      return;
    }
    String assetId = probe.getAssetId();
    AssetProgress progress = progressStore.get(assetId).orElse(null);
    if (progress == null || progress.getAwaiting() != probe.getKind()) {
      log.info("probe result {} for asset {} is not awaited; ignored", probe.getKind(), assetId);
      return;
    }
    try {
      LadderTemplate template = templates.resolve(progress.getTemplateId(), progress.getOverrides());
      if (probe.getKind() == ProbeKind.SOURCE) {
        plannedFromSource(record, progress, probe, template);
      } else {
        SourceInfo source = SourceInfo.of(progress.getSource());
        RungPlan atTemplateRates = planner.plan(template, source);
        issueTasks(record, progress, source,
            planner.plan(template, source, perTitleFactors(assetId, probe, template, atTemplateRates)), template);
      }
    } catch (SourceRejected | TemplateException | IllegalArgumentException e) {
      log.warn("asset {} rejected: {}", assetId, e.getMessage());
      AssetProgress failed = AssetProgress.newBuilder(progress).setAwaiting(null).setOutcome(AssetStatus.FAILED).build();
      progressStore.save(failed);
      context.forward(record.withValue(publisher.rejected(failed, e.getMessage())));
    }
  }

  private void plannedFromSource(Record<String, ProbeResult> record, AssetProgress progress, ProbeResult probe,
      LadderTemplate template) throws SourceRejected {
    if (probe.getError() != null || probe.getSource() == null) {
      throw new SourceRejected(probe.getError() == null ? "the source could not be probed" : probe.getError());
    }
    SourceInfo source = SourceInfo.of(probe.getSource());
    RungPlan plan = planner.plan(template, source);
    AssetProgress probed = AssetProgress.newBuilder(progress)
        .setSource(probe.getSource())
        .setSourceDurationSeconds(source.durationSeconds())
        .build();
    List<RungSpec> video = plan.encode().stream().filter(r -> r.getKind() == RungKind.VIDEO).toList();
    if (template.perTitle() == null || video.isEmpty()) {
      issueTasks(record, probed, source, plan, template);
      return;
    }
    PerTitle perTitle = template.perTitle();
    progressStore.save(AssetProgress.newBuilder(probed).setAwaiting(ProbeKind.RATE_QUALITY).build());
    context.forward(record.withValue(ProbeTask.newBuilder()
        .setAssetId(progress.getAssetId())
        .setCorrelationId(progress.getCorrelationId())
        .setSourceUri(progress.getSourceUri())
        .setKind(ProbeKind.RATE_QUALITY)
        .setSource(probe.getSource())
        .setRungs(video)
        .setEncodes(RateQualityEncodes.newBuilder()
            .setSeconds(perTitle.probeSeconds())
            .setPreset(perTitle.probePreset())
            .setQualityCrf(perTitle.qualityCrf())
            .setEconomyCrf(perTitle.economyCrf())
            .build())
        .setIssuedAt(clock.instant())
        .build()));
  }

  /**
   * Records the plan (skipped rungs as SKIPPED results) and sends one task per rung to encode, to the workers or, for
   * an asset on the managed leg, all in one managed task.
   */
  private void issueTasks(Record<String, ProbeResult> record, AssetProgress progress, SourceInfo source, RungPlan plan,
      LadderTemplate template) {
    EncoderRouting.Route route = routing.route(template, progress.getOverrides()); // refused before anything is saved
    String assetId = progress.getAssetId();
    Instant now = clock.instant();
    List<RungSpec> planned = new ArrayList<>(plan.encode());
    Map<String, RenditionResult> results = new HashMap<>();
    plan.skipped().forEach((spec, reason) -> {
      planned.add(spec);
      results.put(spec.getName(), skipped(assetId, progress.getCorrelationId(), spec, reason, now));
    });
    progressStore.save(AssetProgress.newBuilder(progress)
        .setAwaiting(null)
        .setTimings(Timings.newBuilder(progress.getTimings()).setPlannedAt(now).build())
        .setPlanned(planned)
        .setResults(results)
        .build());
    log.info("asset {}: {}x{} {} s source, encoding {} on {} ({}), skipping {}", assetId, source.width(), source.height(),
        source.durationSeconds(), plan.encode().stream().map(RungSpec::getName).toList(), route.leg(), route.reason(),
        plan.skipped().keySet().stream().map(RungSpec::getName).toList());
    List<RenditionTask> tasks = plan.encode().stream().map(rung -> RenditionTasks.forRung(
        assetId, progress.getCorrelationId(), progress.getSourceUri(), source, rung, now)).toList();
    if (route.leg() == EncoderLeg.MEDIACONVERT) {
      context.forward(record.withKey(assetId).withValue(ManagedEncodeTask.newBuilder()
          .setAssetId(assetId)
          .setCorrelationId(progress.getCorrelationId())
          .setReason(route.reason())
          .setTasks(tasks)
          .setIssuedAt(now)
          .build()));
      return;
    }
    for (RenditionTask task : WorkOrder.of(chunked(tasks, template, source))) {
      if (task.getChunk() != null) {
        chunkStore.planned(task);
      }
      context.forward(record.withKey(WorkOrder.key(task)).withValue(task));
    }
  }

  /** The tasks with each rung the template chunks for this source replaced by its chunks' tasks. */
  private List<RenditionTask> chunked(List<RenditionTask> tasks, LadderTemplate template, SourceInfo source) {
    List<RenditionTask> out = new ArrayList<>();
    List<RungSpec> rungs = tasks.stream().map(RenditionTask::getRung).toList();
    for (RenditionTask task : tasks) {
      List<ChunkSpec> chunks = chunkPlanner.chunks(template, task.getRung(), rungs, source.videoSeconds());
      if (chunks.isEmpty()) {
        out.add(task);
      }
      chunks.forEach(chunk -> out.add(RenditionTask.newBuilder(task).setChunk(chunk).build()));
    }
    return out;
  }

  /**
   * Per video rung, the fraction of the template's bitrate that reaches the template's target quality on this
   * source, from the probe's two points; none (the template's bitrates) where the probe gave nothing.
   */
  private Map<String, Double> perTitleFactors(String assetId, ProbeResult probe, LadderTemplate template, RungPlan plan) {
    if (probe.getPoints().isEmpty()) {
      log.warn("asset {}: the per-title probe gave nothing ({}); using the template's bitrates", assetId,
          probe.getError() == null ? "no points" : probe.getError());
      return Map.of();
    }
    PerTitle perTitle = template.perTitle();
    Map<String, Double> factors = new HashMap<>();
    for (RungSpec rung : plan.encode()) {
      RatePoints points = probe.getPoints().get(rung.getName());
      if (points == null) {
        continue;
      }
      RateQuality rq = new RateQuality(points.getHighKbps(), points.getHighPsnr(), points.getLowKbps(), points.getLowPsnr());
      double factor = rq.bitrateFactor(rung.getBitrateKbps(), perTitle);
      factors.put(rung.getName(), factor);
      log.info("asset {} {}: probe {} kbit/s {} dB, {} kbit/s {} dB; template {} kbit/s ~{} dB; target {} dB -> {} kbit/s",
          assetId, rung.getName(), Math.round(rq.highKbps()), fmt(rq.highPsnr()), Math.round(rq.lowKbps()),
          fmt(rq.lowPsnr()), rung.getBitrateKbps(), fmt(rq.psnrAt(rung.getBitrateKbps())),
          fmt(perTitle.targetPsnr()), Math.round(rung.getBitrateKbps() * factor));
    }
    return factors;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static RenditionResult skipped(String assetId, String correlationId, RungSpec spec, String reason, Instant now) {
    return RenditionResult.newBuilder()
        .setAssetId(assetId)
        .setCorrelationId(correlationId)
        .setRung(spec)
        .setStatus(RungStatus.SKIPPED)
        .setError(reason)
        .setFinishedAt(now)
        .build();
  }

  /** The workers found the source unusable. */
  private static final class SourceRejected extends Exception {
    SourceRejected(String reason) {
      super(reason);
    }
  }
}
