package io.vwmedia.topology;

import io.vwmedia.events.AssetProgress;
import io.vwmedia.events.AssetStatus;
import io.vwmedia.events.ProbeKind;
import io.vwmedia.events.ProbeTask;
import io.vwmedia.events.Timings;
import io.vwmedia.events.UploadRequested;
import io.vwmedia.topology.progress.AssetProgressStore;
import io.vwmedia.topology.publish.Publisher;
import io.vwmedia.topology.template.TemplateCatalog;
import io.vwmedia.topology.template.TemplateException;
import java.time.Clock;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First step of the flow: takes an upload in, or answers it at once with a FAILED {@code AssetPublished} when it
 * cannot become an asset (a bad id, an unknown template or override). An admitted asset is recorded in the
 * asset-progress store, awaiting its source probe, and a {@link ProbeTask} goes to the workers, which check the source
 * against their source policy before ffprobe opens it: a source is only ever looked at where it is read. A second upload event for an asset already known is ignored, so an asset has one outcome.
 */
final class AssetAdmission implements Processor<String, UploadRequested, String, SpecificRecord> {

  private static final Logger log = LoggerFactory.getLogger(AssetAdmission.class);

  private final TemplateCatalog templates;
  private final Publisher publisher;
  private final Clock clock;
  private AssetProgressStore progressStore;
  private ProcessorContext<String, SpecificRecord> context;

  AssetAdmission(TemplateCatalog templates, Publisher publisher, Clock clock) {
    this.templates = templates;
    this.publisher = publisher;
    this.clock = clock;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.progressStore = AssetProgressStore.in(context, MediaTopology.PROGRESS_STORE);
  }

  @Override
  public void process(Record<String, UploadRequested> record) {
    UploadRequested request = record.value();
    if (request == null) {
      return;
    }
    String assetId = request.getAssetId();
    if (progressStore.get(assetId).isPresent()) {
      log.info("ignoring a repeated upload event for asset {}", assetId);
      return;
    }
    AssetProgress admitted = AssetProgress.newBuilder()
        .setAssetId(assetId)
        .setCorrelationId(request.getCorrelationId())
        .setSourceUri(request.getSourceUri())
        .setTemplateId(request.getTemplateId())
        .setOverrides(request.getOverrides())
        .setTimings(Timings.newBuilder().setRequestedAt(request.getRequestedAt()).build())
        .setPlanned(List.of())
        .build();
    try {
      AssetIds.validate(assetId);
      if (!assetId.equals(record.key())) {
        throw new IllegalArgumentException("the message key '" + record.key() + "' must be the asset id '" + assetId + "'");
      }
      templates.resolve(request.getTemplateId(), request.getOverrides());
    } catch (TemplateException | IllegalArgumentException e) {
      log.warn("asset {} rejected: {}", assetId, e.getMessage());
      AssetProgress rejected = AssetProgress.newBuilder(admitted).setOutcome(AssetStatus.FAILED).build();
      progressStore.save(rejected);
      context.forward(record.withValue(publisher.rejected(rejected, e.getMessage())));
      return;
    }
    progressStore.save(AssetProgress.newBuilder(admitted).setAwaiting(ProbeKind.SOURCE).build());
    context.forward(record.withValue(ProbeTask.newBuilder()
        .setAssetId(assetId)
        .setCorrelationId(request.getCorrelationId())
        .setSourceUri(request.getSourceUri())
        .setKind(ProbeKind.SOURCE)
        .setIssuedAt(clock.instant())
        .build()));
  }
}
