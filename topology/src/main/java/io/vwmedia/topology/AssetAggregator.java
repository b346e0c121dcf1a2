package io.vwmedia.topology;

import io.vwmedia.events.AssetProgress;
import io.vwmedia.events.AssetStatus;
import io.vwmedia.events.ChunkState;
import io.vwmedia.events.LivePackaging;
import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RungKind;
import io.vwmedia.events.RungStatus;
import io.vwmedia.events.Timings;
import io.vwmedia.topology.packaging.ChunkJoiner;
import io.vwmedia.topology.packaging.RepeatedCopies;
import io.vwmedia.topology.progress.AssetOutcomes;
import io.vwmedia.topology.progress.AssetProgressStore;
import io.vwmedia.topology.progress.ChunkProgressStore;
import io.vwmedia.topology.progress.ChunkProgressStore.Recorded;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
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
 * outcome are ignored, and what the repeated encode wrote in its own folder is removed ({@link RepeatedCopies}).
 *
 * <p>A rung encoded in chunks gets its result here: each chunk's first result is kept in the chunk-progress store
 * ({@link ChunkProgressStore}); once every chunk is DONE, {@link ChunkJoiner} makes the rung of them, and the first
 * chunk to fail fails the rung. What a repeated chunk wrote is removed as well. Chunks running far past their siblings get
 * a speculative copy ({@link ChunkSpeculation}), which this processor sends to the task topic.
 *
 * <p>Live publishing: an ENCODING result (a worker's segments so far) is kept in the asset's live map, and once a video
 * rung and the audio report, the asset goes to live packaging ({@link LivePackaging}, announced once), and again with
 * each later report and when a live rung ends, so its growing playlist follows and then ends. Only the first encode
 * folder reported for a rung counts (a later attempt's reports are ignored: the first one's playlist ends where it
 * got), and a rung that first reports after version 1 is not published live.
 */
final class AssetAggregator implements Processor<String, RenditionResult, String, SpecificRecord> {

  private static final Logger log = LoggerFactory.getLogger(AssetAggregator.class);

  private final Clock clock;
  private final boolean progressive;
  private final boolean live;
  private final ChunkJoiner joiner;
  private final RepeatedCopies copies;
  private final ChunkSpeculation speculation;
  private AssetProgressStore progressStore;
  private ChunkProgressStore chunkStore;
  private ProcessorContext<String, SpecificRecord> context;

  AssetAggregator(Clock clock, boolean progressive, boolean live, ChunkJoiner joiner, RepeatedCopies copies,
      ChunkSpeculation speculation) {
    this.clock = clock;
    this.progressive = progressive;
    this.live = live;
    this.joiner = joiner;
    this.copies = copies;
    this.speculation = speculation;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.progressStore = AssetProgressStore.in(context, MediaTopology.PROGRESS_STORE);
    this.chunkStore = ChunkProgressStore.in(context, MediaTopology.CHUNK_STORE);
    speculation.schedule(context, chunkStore, progressStore);
  }

  @Override
  public void process(Record<String, RenditionResult> record) {
    RenditionResult result = record.value();
    if (result == null) {
      return;
    }
    if (result.getStatus() == RungStatus.ENCODING) {
      onLiveResult(record, result);
      return;
    }
    if (result.getChunk() == null) {
      onRungResult(record, result);
      return;
    }
    chunkResult(result).ifPresent(rung -> onRungResult(record, rung));
  }

  /** The rung's result once this chunk result settles it: the joined rung, or the rung failed by this chunk. */
  private Optional<RenditionResult> chunkResult(RenditionResult result) {
    String assetId = result.getAssetId();
    String rung = result.getRung().getName();
    Recorded recorded = chunkStore.record(result);
    if (recorded instanceof Recorded.Repeated repeated) {
      copies.remove(result, repeated.winner().getOutcome());
      return Optional.empty();
    }
    AssetProgress progress = progressStore.get(assetId).orElse(null);
    if (recorded instanceof Recorded.Unknown) {
      log.info("result for chunk {} of {}/{} is for no chunk in flight; ignored", result.getChunk().getIndex(), assetId, rung);
      if (progress != null && progress.getOutcome() != null) {
        copies.remove(result, null); // a copy finishing after its asset's outcome: the winner was recorded before
      }
      return Optional.empty();
    }
    ChunkState state = ((Recorded.First) recorded).state();
    if (progress == null || progress.getOutcome() != null || progress.getResults().containsKey(rung)) {
      copies.remove(result, null); // its rung failed already by another chunk: nothing will name this one
      return Optional.empty();
    }
    List<ChunkState> siblings = chunkStore.rung(assetId, rung);
    if (result.getStatus() != RungStatus.DONE) {
      return Optional.of(joiner.failedBy(state, siblings));
    }
    if (siblings.stream().anyMatch(c -> c.getOutcome() == null)) {
      return Optional.empty();
    }
    RenditionResult joined = joiner.join(siblings);
    log.info("{}/{}: all {} chunks done, joined: {}", assetId, rung, siblings.size(), joined.getStatus());
    return Optional.of(joined);
  }

  /** A worker's segments so far: into the live map, and to live packaging once (and while) the asset is live. */
  private void onLiveResult(Record<String, RenditionResult> record, RenditionResult result) {
    String rung = result.getRung().getName();
    AssetProgress progress = progressStore.get(result.getAssetId()).orElse(null);
    if (!live || progress == null || progress.getOutcome() != null || progress.getResults().containsKey(rung)) {
      return;
    }
    RenditionResult known = progress.getLive().get(rung);
    if (known == null ? progress.getManifestVersion() > 0 : !known.getOutputPrefix().equals(result.getOutputPrefix())) {
      return;
    }
    Map<String, RenditionResult> rungs = new HashMap<>(progress.getLive());
    rungs.put(rung, result);
    AssetProgress updated = AssetProgress.newBuilder(progress).setLive(rungs).build();
    boolean announce = updated.getLiveAnnouncedAt() == null && updated.getManifestVersion() == 0
        && AssetOutcomes.playableLive(updated);
    if (announce) {
      updated = AssetProgress.newBuilder(updated).setLiveAnnouncedAt(clock.instant()).build();
      log.info("asset {}: live with {}", updated.getAssetId(), rungs.keySet().stream().sorted().toList());
    }
    progressStore.save(updated);
    if (updated.getLiveAnnouncedAt() != null) {
      context.forward(record.withKey(updated.getAssetId()).withValue(new LivePackaging(updated, announce)));
    }
  }

  private void onRungResult(Record<String, RenditionResult> record, RenditionResult result) {
    AssetProgress updated = progressStore.withResult(result).orElse(null);
    if (updated == null) {
      // a rung encoded twice: the first result counts, and the second encode's own folder goes
      progressStore.get(result.getAssetId())
          .map(p -> p.getResults().get(result.getRung().getName()))
          .ifPresent(winner -> copies.remove(result, winner));
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
      chunkStore.forget(assetId);
      context.forward(record.withKey(assetId).withValue(updated));
      if (outcome == AssetStatus.FAILED) {
        endLive(record, updated); // a FAILED asset is not packaged: its live playlists end here
      }
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
      if (updated.getLive().containsKey(result.getRung().getName())) {
        endLive(record, updated);
      }
    }
  }

  /** A live rung that ended with no version packaged for it: live packaging ends its playlist. */
  private void endLive(Record<String, ?> record, AssetProgress progress) {
    if (progress.getLiveAnnouncedAt() != null && !progress.getLive().isEmpty()) {
      context.forward(record.withKey(progress.getAssetId()).withValue(new LivePackaging(progress, false)));
    }
  }
}
