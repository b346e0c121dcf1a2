package io.vwmedia.simulation.model;

import java.util.ArrayList;
import java.util.List;

/**
 * How a rung's timeline is cut into chunk tasks, as the planner of issue 14 does ({@code topology}'s
 * {@code ChunkGrid.chunks}): segments start at 0, at the first segment's length, at twice it, then every segment
 * length after the first (1 s and 4 s: 0, 1, 2, 5, 9, 13 s...); a chunk takes whole segments until it is at least
 * {@code targetChunkSeconds} long (longer for an asset whose top rung is below 1080p); a last chunk under half the
 * target joins the one before it. Only sources longer than {@code minSourceSeconds} are cut; shorter ones are one task
 * per rung.
 */
public record ChunkRule(boolean enabled, double minSourceSeconds, double targetChunkSeconds, double firstSegmentSeconds,
    double segmentSeconds) {

  public static ChunkRule off() {
    return new ChunkRule(false, Double.POSITIVE_INFINITY, 0, 1, 4);
  }

  public boolean chunks(double sourceSeconds) {
    return enabled && sourceSeconds > minSourceSeconds;
  }

  /** Segment starts of a rung of this source, from 0. */
  List<Double> segmentStarts(double sourceSeconds) {
    double first = firstSegmentSeconds > 0 && firstSegmentSeconds < segmentSeconds ? firstSegmentSeconds : segmentSeconds;
    List<Double> starts = new ArrayList<>(List.of(0.0));
    if (first < segmentSeconds) {
      starts.add(first);
      starts.add(2 * first);
      for (int k = 1; first + k * segmentSeconds < sourceSeconds - 1e-6; k++) {
        starts.add(first + k * segmentSeconds);
      }
    } else {
      for (int k = 1; k * segmentSeconds < sourceSeconds - 1e-6; k++) {
        starts.add(k * segmentSeconds);
      }
    }
    starts.removeIf(t -> t >= sourceSeconds - 1e-6 && t > 0);
    return starts;
  }

  /**
   * The chunks of an asset whose top video rung is this tall, for a target chunk length meant for a top rung {@code
   * sizedAtHeight} tall (the template's {@code chunking.targetChunkAt}, {@link Ladder#chunksSizedAtHeight}): a top
   * rung with fewer pixels gets chunks as much longer, so each holds about the same work (the model's sources are 16:9
   * at one frame rate, so pixels go with the height squared). A {@code sizedAtHeight} of 0 takes the target as it is.
   */
  public List<Span> spans(double sourceSeconds, int topRungHeight, int sizedAtHeight) {
    double scale = topRungHeight > 0 && sizedAtHeight > 0
        ? Math.max(1, Math.pow((double) sizedAtHeight / topRungHeight, 2)) : 1;
    return new ChunkRule(enabled, minSourceSeconds, targetChunkSeconds * scale, firstSegmentSeconds, segmentSeconds)
        .spans(sourceSeconds);
  }

  /** The chunks with the target length as it is. */
  public List<Span> spans(double sourceSeconds) {
    if (!chunks(sourceSeconds)) {
      return List.of(new Span(0, 0, sourceSeconds));
    }
    List<Double> starts = segmentStarts(sourceSeconds);
    List<Integer> chunkStarts = new ArrayList<>();
    int i = 0;
    while (i < starts.size()) {
      chunkStarts.add(i);
      int j = i + 1;
      while (j < starts.size() && starts.get(j) - starts.get(i) < targetChunkSeconds - 1e-6) {
        j++;
      }
      i = j;
    }
    if (chunkStarts.size() > 1
        && sourceSeconds - starts.get(chunkStarts.get(chunkStarts.size() - 1)) < targetChunkSeconds / 2) {
      chunkStarts.remove(chunkStarts.size() - 1);
    }
    List<Span> spans = new ArrayList<>();
    for (int c = 0; c < chunkStarts.size(); c++) {
      double start = starts.get(chunkStarts.get(c));
      double end = c + 1 < chunkStarts.size() ? starts.get(chunkStarts.get(c + 1)) : sourceSeconds;
      spans.add(new Span(c, start, end - start));
    }
    return spans;
  }
}
