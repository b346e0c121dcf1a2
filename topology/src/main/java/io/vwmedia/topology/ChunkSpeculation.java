package io.vwmedia.topology;

import io.vwmedia.events.AssetProgress;
import io.vwmedia.events.ChunkSpec;
import io.vwmedia.events.ChunkState;
import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RenditionTask;
import io.vwmedia.events.RungStatus;
import io.vwmedia.topology.plan.WorkOrder;
import io.vwmedia.topology.progress.AssetProgressStore;
import io.vwmedia.topology.progress.ChunkProgressStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Speculative copies of straggling chunks, after MapReduce's backup tasks: a chunk still without a result when its
 * rung's other chunks are mostly done (at least half), and {@code factor} times their median encode time has passed
 * since the last of them finished, is issued once more ({@code chunk.copy = 1}). Both copies run; the first result
 * wins and the other's folder is removed, so they never collide. The topology sees results, not starts: a chunk
 * still waiting in a busy queue looks like a straggler too, and gets a copy it may not have needed (at most one per
 * chunk, so the waste is bounded).
 */
final class ChunkSpeculation {

  private static final Logger log = LoggerFactory.getLogger(ChunkSpeculation.class);

  /** No copies. */
  static final ChunkSpeculation OFF = new ChunkSpeculation(0, Duration.ofSeconds(10));

  private final double factor;
  private final Duration check;

  /**
   * @param factor how many median encode times past the last sibling's finish a chunk gets its copy; 0: never
   * @param check how often to look (wall-clock time)
   */
  ChunkSpeculation(double factor, Duration check) {
    this.factor = factor;
    this.check = check;
  }

  /** Starts looking every {@code check}, if copies are on. */
  void schedule(ProcessorContext<String, SpecificRecord> context, ChunkProgressStore chunks, AssetProgressStore assets) {
    if (factor <= 0) {
      return;
    }
    context.schedule(check, PunctuationType.WALL_CLOCK_TIME, now -> {
      for (RenditionTask copy : copies(chunks, assets, Instant.ofEpochMilli(now))) {
        context.forward(new Record<>(WorkOrder.key(copy), copy, now));
      }
    });
  }

  /** The copies due now, each recorded in the chunk store so it goes out once. */
  List<RenditionTask> copies(ChunkProgressStore chunks, AssetProgressStore assets, Instant now) {
    Map<String, List<ChunkState>> byRung = new LinkedHashMap<>();
    for (ChunkState state : chunks.all()) {
      RenditionTask task = state.getTask();
      byRung.computeIfAbsent(task.getAssetId() + "/" + task.getRung().getName(), k -> new ArrayList<>()).add(state);
    }
    List<RenditionTask> copies = new ArrayList<>();
    for (List<ChunkState> rung : byRung.values()) {
      List<RenditionResult> done = rung.stream().map(ChunkState::getOutcome)
          .filter(r -> r != null && r.getStatus() == RungStatus.DONE).toList();
      List<ChunkState> running = rung.stream().filter(c -> c.getOutcome() == null && c.getSpeculatedAt() == null).toList();
      if (running.isEmpty() || done.isEmpty() || done.size() * 2 < rung.size()) {
        continue;
      }
      RenditionTask any = rung.get(0).getTask();
      AssetProgress progress = assets.get(any.getAssetId()).orElse(null);
      if (progress == null || progress.getOutcome() != null || progress.getResults().containsKey(any.getRung().getName())) {
        continue;
      }
      long median = median(done.stream().mapToLong(RenditionResult::getEncodeDurationMs).sorted().toArray());
      Instant lastFinished = done.stream().map(RenditionResult::getFinishedAt).max(Instant::compareTo).orElseThrow();
      if (now.isBefore(lastFinished.plusMillis(Math.round(factor * median)))) {
        continue;
      }
      for (ChunkState straggler : running) {
        RenditionTask task = straggler.getTask();
        ChunkSpec chunk = ChunkSpec.newBuilder(task.getChunk()).setCopy(1).build();
        log.info("{}/{}: chunk {} still running {} after its last sibling (median encode {} ms); issuing a copy",
            task.getAssetId(), task.getRung().getName(), chunk.getIndex() + 1,
            Duration.between(lastFinished, now), median);
        chunks.speculated(straggler, now);
        copies.add(RenditionTask.newBuilder(task).setChunk(chunk).setIssuedAt(now).build());
      }
    }
    return copies;
  }

  private static long median(long[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
