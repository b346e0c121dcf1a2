package io.vwmedia.topology;

import io.vwmedia.events.AssetProgress;
import io.vwmedia.events.AssetStatus;
import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RungKind;
import io.vwmedia.events.RungStatus;
import io.vwmedia.events.Timings;
import io.vwmedia.topology.progress.AssetOutcomes;
import io.vwmedia.topology.progress.AssetProgressStore;
import java.time.Clock;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects rung results per asset in the asset-progress store ({@link AssetProgressStore}) and emits the asset for packaging: once when its
 * last planned rung is terminal, with its outcome decided by {@link AssetOutcomes}, and, with progressive
 * publishing, each time before that when the renditions ready so far make a new playable version (a first video
 * rung with the audio settled, then each further rung). Each emission carries the next manifest version. The first
 * result of a rung wins: a repeated result (a task encoded twice after a rebalance) and any result after the
 * outcome are ignored.
 */
final class AssetAggregator implements Processor<String, RenditionResult, String, AssetProgress> {

  private static final Logger log = LoggerFactory.getLogger(AssetAggregator.class);

  private final Clock clock;
  private final boolean progressive;
  private AssetProgressStore progressStore;
  private ProcessorContext<String, AssetProgress> context;

  AssetAggregator(Clock clock, boolean progressive) {
    this.clock = clock;
    this.progressive = progressive;
  }

  @Override
  public void init(ProcessorContext<String, AssetProgress> context) {
    this.context = context;
    this.progressStore = AssetProgressStore.in(context, MediaTopology.PROGRESS_STORE);
  }

  @Override
  public void process(Record<String, RenditionResult> record) {
    RenditionResult result = record.value();
    if (result == null) {
      return;
    }
    AssetProgress updated = progressStore.withResult(result).orElse(null);
    if (updated == null) {
      return;
    }
    String assetId = result.getAssetId();
    int version = updated.getManifestVersion();
    if (AssetOutcomes.allRungsTerminal(updated)) {
      AssetStatus outcome = AssetOutcomes.decide(updated);
      updated = AssetProgress.newBuilder(updated)
          .setOutcome(outcome)
          .setManifestVersion(version + (outcome == AssetStatus.FAILED ? 0 : 1))
          .setTimings(Timings.newBuilder(updated.getTimings()).setRenditionsDoneAt(clock.instant()).build())
          .build();
      log.info("asset {}: every rung is terminal, outcome {}", assetId, outcome);
      progressStore.save(updated);
      context.forward(record.withKey(assetId).withValue(updated));
    } else if (progressive && AssetOutcomes.playable(updated)
        // a new version when the result adds a rendition, or settles the audio: the asset was not playable before
        && (result.getStatus() == RungStatus.DONE || result.getRung().getKind() == RungKind.AUDIO)) {
      updated = AssetProgress.newBuilder(updated).setManifestVersion(version + 1).build();
      log.info("asset {}: playable with {} so far, version {}", assetId,
          updated.getResults().values().stream().filter(r -> r.getStatus() == RungStatus.DONE).map(r -> r.getRung().getName()).sorted().toList(),
          updated.getManifestVersion());
      progressStore.save(updated);
      context.forward(record.withKey(assetId).withValue(updated));
    } else {
      progressStore.save(updated);
    }
  }
}
