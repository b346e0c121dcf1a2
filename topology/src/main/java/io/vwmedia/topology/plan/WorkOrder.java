package io.vwmedia.topology.plan;

import io.vwmedia.events.ChunkSpec;
import io.vwmedia.events.RenditionTask;
import io.vwmedia.events.RungKind;
import io.vwmedia.events.RungSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The order an asset's tasks go out in, and their keys. First what makes the asset playable: the lowest video rung
 * (all its chunks, in order) and the audio, so progressive publishing still comes early. Then the rest longest first,
 * by the work each is (seconds of picture times pixels), so the biggest tasks start first and the small ones fill in
 * at the end instead of leaving one long task to finish alone. An asset without chunks keeps the plan's order (its
 * rungs go to a worker together, to share one decode). A whole rung is keyed {@code assetId/rung}; a chunk
 * {@code assetId/rung/c00012}, so an asset's chunks spread over the task topic's partitions (and over the workers).
 */
public final class WorkOrder {

  private WorkOrder() {}

  public static List<RenditionTask> of(List<RenditionTask> tasks) {
    if (tasks.stream().allMatch(t -> t.getChunk() == null)) {
      return tasks;
    }
    RungSpec lowest = tasks.stream().map(RenditionTask::getRung).filter(r -> r.getKind() == RungKind.VIDEO)
        .min(Comparator.comparingLong(WorkOrder::pixels)).orElse(null);
    List<RenditionTask> first = new ArrayList<>();
    List<RenditionTask> rest = new ArrayList<>();
    for (RenditionTask task : tasks) {
      boolean playable = task.getRung().getKind() != RungKind.VIDEO || task.getRung().equals(lowest);
      (playable ? first : rest).add(task);
    }
    first.sort(Comparator.comparing((RenditionTask t) -> t.getRung().getKind() == RungKind.VIDEO ? 0 : 1)
        .thenComparingInt(t -> t.getChunk() == null ? 0 : t.getChunk().getIndex()));
    rest.sort(Comparator.comparingDouble(WorkOrder::work).reversed());
    first.addAll(rest);
    return first;
  }

  /** The task's record key: by rung, and by chunk for a chunk. */
  public static String key(RenditionTask task) {
    String rung = task.getAssetId() + "/" + task.getRung().getName();
    ChunkSpec chunk = task.getChunk();
    return chunk == null ? rung : rung + String.format(Locale.ROOT, "/c%05d", chunk.getIndex());
  }

  /** Seconds of picture times pixels; audio counts as a 64x64 picture. */
  static double work(RenditionTask task) {
    ChunkSpec chunk = task.getChunk();
    double seconds = chunk == null ? task.getSourceDurationSeconds() : chunk.getEndSeconds() - chunk.getStartSeconds();
    return seconds * Math.max(64 * 64, pixels(task.getRung()));
  }

  private static long pixels(RungSpec rung) {
    return (long) rung.getWidth() * rung.getHeight();
  }
}
