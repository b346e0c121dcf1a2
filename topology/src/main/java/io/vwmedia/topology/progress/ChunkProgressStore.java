package io.vwmedia.topology.progress;

import io.vwmedia.events.ChunkState;
import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RenditionTask;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The chunk-progress state store: one entry per chunk of a rung encoded in chunks, keyed
 * {@code {assetId}/{rung}/{index}}, so recording a chunk rewrites a few hundred bytes rather than the asset's whole
 * progress, and a rung's chunks are one prefix scan. Entries are written when the chunks are planned, take the
 * chunk's first terminal result, and are removed once the asset has its outcome: the store holds only assets in
 * flight.
 */
public final class ChunkProgressStore {

  private final KeyValueStore<String, ChunkState> store;

  public ChunkProgressStore(KeyValueStore<String, ChunkState> store) {
    this.store = store;
  }

  /** The store named {@code storeName} that a processor was connected to. */
  public static ChunkProgressStore in(ProcessorContext<?, ?> context, String storeName) {
    return new ChunkProgressStore(context.getStateStore(storeName));
  }

  /** Records a planned chunk task, before it is sent. */
  public void planned(RenditionTask task) {
    store.put(key(task.getAssetId(), task.getRung().getName(), task.getChunk().getIndex()),
        new ChunkState(task, null, null));
  }

  /** How a chunk's result was taken. */
  public sealed interface Recorded {
    /** The chunk's first terminal result: it counts. */
    record First(ChunkState state) implements Recorded {}

    /** The chunk already had a result (a redelivery, the other copy of a speculated chunk): this one is not used. */
    record Repeated(ChunkState winner) implements Recorded {}

    /** No such chunk in flight: its asset has its outcome already, or it was never planned. */
    record Unknown() implements Recorded {}
  }

  /** Takes a chunk's terminal result: the first one per chunk is kept, the others are reported as repeats. */
  public Recorded record(RenditionResult result) {
    String key = key(result.getAssetId(), result.getRung().getName(), result.getChunk().getIndex());
    ChunkState state = store.get(key);
    if (state == null) {
      return new Recorded.Unknown();
    }
    if (state.getOutcome() != null) {
      return new Recorded.Repeated(state);
    }
    ChunkState done = ChunkState.newBuilder(state).setOutcome(result).build();
    store.put(key, done);
    return new Recorded.First(done);
  }

  /** Every chunk of the rung, in order. */
  public List<ChunkState> rung(String assetId, String rung) {
    List<ChunkState> chunks = scan(assetId + "/" + rung + "/");
    chunks.sort(Comparator.comparingInt(c -> c.getTask().getChunk().getIndex()));
    return chunks;
  }

  /** Every chunk in flight, of every asset, in key order (asset, rung, index). */
  public List<ChunkState> all() {
    List<ChunkState> chunks = new ArrayList<>();
    try (KeyValueIterator<String, ChunkState> it = store.all()) {
      it.forEachRemaining(kv -> chunks.add(kv.value));
    }
    return chunks;
  }

  /** Notes that a speculative copy of the chunk went out. */
  public void speculated(ChunkState state, Instant at) {
    RenditionTask task = state.getTask();
    store.put(key(task.getAssetId(), task.getRung().getName(), task.getChunk().getIndex()),
        ChunkState.newBuilder(state).setSpeculatedAt(at).build());
  }

  /** Removes the asset's chunks, once it has its outcome. */
  public void forget(String assetId) {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, ChunkState> it = store.prefixScan(assetId + "/", new StringSerializer())) {
      it.forEachRemaining(kv -> keys.add(kv.key));
    }
    keys.forEach(store::delete);
  }

  private List<ChunkState> scan(String prefix) {
    List<ChunkState> chunks = new ArrayList<>();
    try (KeyValueIterator<String, ChunkState> it = store.prefixScan(prefix, new StringSerializer())) {
      it.forEachRemaining((KeyValue<String, ChunkState> kv) -> chunks.add(kv.value));
    }
    return chunks;
  }

  static String key(String assetId, String rung, int index) {
    return assetId + "/" + rung + "/" + String.format("%05d", index);
  }
}
