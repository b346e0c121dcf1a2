package io.vwmedia.topology;

import io.vwmedia.events.AssetProgress;
import io.vwmedia.events.AssetStatus;
import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RenditionTask;
import io.vwmedia.events.RungSpec;
import io.vwmedia.events.RungStatus;
import io.vwmedia.events.Timings;
import io.vwmedia.events.UploadRequested;
import io.vwmedia.storage.FfmpegInput;
import io.vwmedia.topology.plan.RateQuality;
import io.vwmedia.topology.plan.RateQualityProbe;
import io.vwmedia.topology.plan.RenditionTasks;
import io.vwmedia.topology.plan.RungPlan;
import io.vwmedia.topology.plan.RungPlanner;
import io.vwmedia.topology.probe.SourceInfo;
import io.vwmedia.topology.probe.SourceProber;
import io.vwmedia.topology.probe.SourceRejectedException;
import io.vwmedia.topology.publish.Publisher;
import io.vwmedia.topology.template.LadderTemplate;
import io.vwmedia.topology.template.TemplateCatalog;
import io.vwmedia.topology.template.TemplateException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First step of the flow: probes an uploaded source, plans its rungs from the template, records the plan in
 * the asset-progress store, and emits one {@link RenditionTask} per rung to encode (keyed {@code assetId/rung}).
 * An upload that cannot become an asset is answered at once with a FAILED {@code AssetPublished}. A second
 * upload event for an asset already known is ignored, so an asset has one outcome.
 */
final class AssetPlanner implements Processor<String, UploadRequested, String, SpecificRecord> {

  private static final Logger log = LoggerFactory.getLogger(AssetPlanner.class);

  private final TemplateCatalog templates;
  private final SourceProber prober;
  private final RateQualityProbe rateQuality;
  private final RungPlanner planner;
  private final Publisher publisher;
  private final Clock clock;
  private KeyValueStore<String, AssetProgress> progressStore;
  private ProcessorContext<String, SpecificRecord> context;

  AssetPlanner(TemplateCatalog templates, SourceProber prober, RateQualityProbe rateQuality, RungPlanner planner,
      Publisher publisher, Clock clock) {
    this.templates = templates;
    this.prober = prober;
    this.rateQuality = rateQuality;
    this.planner = planner;
    this.publisher = publisher;
    this.clock = clock;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.progressStore = context.getStateStore(MediaTopology.PROGRESS_STORE);
  }

  @Override
  public void process(Record<String, UploadRequested> record) {
    UploadRequested request = record.value();
    if (request == null) {
      return;
    }
    String assetId = request.getAssetId();
    if (progressStore.get(assetId) != null) {
      log.info("ignoring a repeated upload event for asset {}", assetId);
      return;
    }
    Timings timings = Timings.newBuilder().setRequestedAt(request.getRequestedAt()).build();
    SourceInfo source;
    RungPlan plan;
    try {
      AssetIds.validate(assetId);
      if (!assetId.equals(record.key())) {
        throw new IllegalArgumentException("the message key '" + record.key() + "' must be the asset id '" + assetId + "'");
      }
      LadderTemplate template = templates.resolve(request.getTemplateId(), request.getOverrides());
      FfmpegInput input = prober.admit(request.getSourceUri());
      source = prober.probe(input);
      plan = planner.plan(template, source);
      if (template.perTitle() != null) {
        plan = planner.plan(template, source, perTitleFactors(assetId, input, source, template, plan));
      }
    } catch (SourceRejectedException | TemplateException | IllegalArgumentException e) {
      log.warn("asset {} rejected: {}", assetId, e.getMessage());
      progressStore.put(assetId, AssetProgress.newBuilder()
          .setAssetId(assetId)
          .setCorrelationId(request.getCorrelationId())
          .setTimings(timings)
          .setPlanned(List.of())
          .setOutcome(AssetStatus.FAILED)
          .build());
      context.forward(record.withValue(publisher.rejected(request, e.getMessage())));
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StreamsException("interrupted while probing " + assetId, e);
    }

    Instant now = clock.instant();
    List<RungSpec> planned = new ArrayList<>(plan.encode());
    Map<String, RenditionResult> results = new HashMap<>();
    plan.skipped().forEach((spec, reason) -> {
      planned.add(spec);
      results.put(spec.getName(), skipped(assetId, request.getCorrelationId(), spec, reason, now));
    });
    progressStore.put(assetId, AssetProgress.newBuilder()
        .setAssetId(assetId)
        .setCorrelationId(request.getCorrelationId())
        .setSourceDurationSeconds(source.durationSeconds())
        .setTimings(Timings.newBuilder(timings).setPlannedAt(now).build())
        .setPlanned(planned)
        .setResults(results)
        .build());
    log.info("asset {}: {}x{} {} s source, encoding {}, skipping {}", assetId, source.width(), source.height(),
        source.durationSeconds(), plan.encode().stream().map(RungSpec::getName).toList(),
        plan.skipped().keySet().stream().map(RungSpec::getName).toList());
    for (RungSpec rung : plan.encode()) {
      RenditionTask task = RenditionTasks.forRung(
          assetId, request.getCorrelationId(), request.getSourceUri(), source, rung, now);
      context.forward(record.withKey(assetId + "/" + rung.getName()).withValue(task));
    }
  }

  /**
   * Per video rung, the fraction of the template's bitrate that reaches the template's target quality on this
   * source, from one probe of the rungs as planned at the template's bitrates; none (the template's bitrates)
   * if the probe fails.
   */
  private Map<String, Double> perTitleFactors(
      String assetId, FfmpegInput input, SourceInfo source, LadderTemplate template, RungPlan plan)
      throws InterruptedException {
    Map<String, RateQuality> probed = rateQuality.probe(input, source, plan.encode(), template.perTitle());
    if (probed.isEmpty()) {
      log.warn("asset {}: the per-title probe failed; using the template's bitrates", assetId);
      return Map.of();
    }
    Map<String, Double> factors = new HashMap<>();
    for (RungSpec rung : plan.encode()) {
      RateQuality rq = probed.get(rung.getName());
      if (rq == null) {
        continue;
      }
      double factor = rq.bitrateFactor(rung.getBitrateKbps(), template.perTitle());
      factors.put(rung.getName(), factor);
      log.info("asset {} {}: probe {} kbit/s {} dB, {} kbit/s {} dB; template {} kbit/s ~{} dB; target {} dB -> {} kbit/s",
          assetId, rung.getName(), Math.round(rq.highKbps()), fmt(rq.highPsnr()), Math.round(rq.lowKbps()),
          fmt(rq.lowPsnr()), rung.getBitrateKbps(), fmt(rq.psnrAt(rung.getBitrateKbps())),
          fmt(template.perTitle().targetPsnr()), Math.round(rung.getBitrateKbps() * factor));
    }
    return factors;
  }

  private static String fmt(double v) {
    return String.format(java.util.Locale.ROOT, "%.1f", v);
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
}
