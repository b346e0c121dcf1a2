package io.vwmedia.topology.progress;

import io.vwmedia.events.AssetProgress;
import io.vwmedia.events.RenditionResult;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The asset-progress state store, by what the topology does with it: look an asset up, record a rung's result, save
 * what admission, planning or the aggregator decided. Its value per asset is the plan
 * and one small summary per rung (the segment lists are in timeline files beside the segments), so neither the store
 * nor its changelog grows with the source's length. The first result of a rung wins.
 */
public final class AssetProgressStore {

  private static final Logger log = LoggerFactory.getLogger(AssetProgressStore.class);

  private final KeyValueStore<String, AssetProgress> store;

  public AssetProgressStore(KeyValueStore<String, AssetProgress> store) {
    this.store = store;
  }

  /** The store named {@code storeName} that a processor was connected to. */
  public static AssetProgressStore in(ProcessorContext<?, ?> context, String storeName) {
    return new AssetProgressStore(context.getStateStore(storeName));
  }

  /** The asset's progress; empty for an asset never seen. */
  public Optional<AssetProgress> get(String assetId) {
    return Optional.ofNullable(store.get(assetId));
  }

  /**
   * The asset's progress with {@code result} recorded, not yet saved (the aggregator decides the outcome first and
   * {@link #save}s once); empty when the result is to be ignored: its asset is unknown or already has its outcome,
   * its rung has a result already (a task encoded twice), or its rung was not planned.
   */
  public Optional<AssetProgress> withResult(RenditionResult result) {
    String assetId = result.getAssetId();
    String rung = result.getRung().getName();
    AssetProgress progress = store.get(assetId);
    if (progress == null) {
      log.warn("result for {}/{} belongs to no planned asset; ignored", assetId, rung);
      return Optional.empty();
    }
    if (progress.getOutcome() != null || progress.getResults().containsKey(rung)) {
      log.info("repeated result for {}/{} ignored", assetId, rung);
      return Optional.empty();
    }
    if (progress.getPlanned().stream().noneMatch(r -> r.getName().equals(rung))) {
      log.warn("result for {}/{} names a rung that was not planned; ignored", assetId, rung);
      return Optional.empty();
    }
    Map<String, RenditionResult> results = new HashMap<>(progress.getResults());
    results.put(rung, result);
    return Optional.of(AssetProgress.newBuilder(progress).setResults(results).build());
  }

  /** Saves an asset's progress: admitted, probed, planned, refused, or after a result. */
  public void save(AssetProgress progress) {
    store.put(progress.getAssetId(), progress);
  }
}
