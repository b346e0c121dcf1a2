package io.vwmedia.topology.packaging;

import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RungStatus;
import io.vwmedia.storage.AssetLayout;
import io.vwmedia.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what an encode that does not count wrote: a rung or chunk encoded twice (a redelivered task, a partition
 * moved mid-encode, the losing copy of a speculated chunk) has each copy in a folder of its own
 * ({@link AssetLayout#encodeFolder}, {@link AssetLayout#chunkFolder}), so the copy the aggregator ignores is removed
 * whole and nothing a manifest names is touched. A result naming the rung's own folder (the managed leg's, a worker's
 * from before encode folders) is never removed: its files may be the ones that count.
 */
public final class RepeatedCopies {

  private static final Logger log = LoggerFactory.getLogger(RepeatedCopies.class);

  private final ObjectStore store;

  public RepeatedCopies(ObjectStore store) {
    this.store = store;
  }

  /**
   * Removes the folder of {@code repeated}, a result the aggregator ignores, unless it is the folder of
   * {@code winner} (the result that counts; null when none is known, e.g. the rung failed by another chunk).
   */
  public void remove(RenditionResult repeated, RenditionResult winner) {
    String prefix = repeated.getOutputPrefix();
    String rungPrefix = AssetLayout.rungPrefix(repeated.getAssetId(), repeated.getRung().getName());
    if (repeated.getStatus() != RungStatus.DONE || !AssetLayout.isCopyFolder(rungPrefix, prefix)
        || (winner != null && prefix.equals(winner.getOutputPrefix()))) {
      return;
    }
    log.info("{}/{}: {} done twice; removing the copy that does not count, {}", repeated.getAssetId(),
        repeated.getRung().getName(), repeated.getChunk() == null ? "rung" : "chunk " + ChunkJoiner.describe(repeated.getChunk()),
        prefix);
    store.deletePrefix(prefix);
  }
}
