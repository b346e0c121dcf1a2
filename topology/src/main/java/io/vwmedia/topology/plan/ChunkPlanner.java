package io.vwmedia.topology.plan;

import io.vwmedia.events.ChunkSpec;
import io.vwmedia.events.RungKind;
import io.vwmedia.events.RungSpec;
import io.vwmedia.ffmpeg.encode.FrameGrid;
import io.vwmedia.topology.template.LadderTemplate;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a rung is encoded whole or in chunks, and cuts it: a video rung of a source at least the template's
 * {@code chunking.minSourceSeconds} long (or {@code vw.chunking.min-source-seconds}) becomes chunks of whole segments
 * of about {@code targetChunkSeconds} ({@link ChunkGrid}), lengthened for an asset whose top rung makes fewer pixels
 * per second than the template's {@code targetChunkAt} (so a chunk holds about the same encoding work whatever the
 * source), each with its frames in the rung's output frame grid. Every
 * rung of an asset has the same segment grid, so chunk {@code i} covers the same time in every rung. Audio is never
 * chunked: AAC frames do not fall on the video's segment boundaries.
 */
public final class ChunkPlanner {

  private final ChunkingSettings.Config settings;

  public ChunkPlanner(ChunkingSettings.Config settings) {
    this.settings = settings;
  }

  /** With the templates' own values. */
  public ChunkPlanner() {
    this(ChunkingSettings.Config.TEMPLATES);
  }

  /**
   * The rung's chunks, or an empty list when it is encoded whole.
   *
   * @param assetRungs every rung of the asset (the largest video rung sizes the chunks; audio is ignored)
   */
  public List<ChunkSpec> chunks(LadderTemplate template, RungSpec rung, List<RungSpec> assetRungs, double sourceSeconds) {
    if (rung.getKind() != RungKind.VIDEO) {
      return List.of();
    }
    Optional<LadderTemplate.Chunking> declared = Optional.ofNullable(template.chunking());
    Optional<Double> threshold = settings.minSourceSeconds().or(() -> declared.map(LadderTemplate.Chunking::minSourceSeconds));
    Optional<Double> target = settings.targetSeconds()
        .or(() -> declared.map(c -> c.targetChunkSeconds() * workScale(c.targetChunkAt(), assetRungs)));
    if (threshold.isEmpty() || target.isEmpty() || sourceSeconds < threshold.get()) {
      return List.of();
    }
    List<ChunkGrid.Chunk> grid = ChunkGrid.chunks(rung, sourceSeconds, target.get());
    if (grid.size() < 2) {
      return List.of();
    }
    FrameGrid rate = FrameGrid.of(rung.getFrameRate());
    return grid.stream().map(c -> ChunkSpec.newBuilder()
        .setIndex(c.index())
        .setCount(c.count())
        .setFirstSegment(c.firstSegment())
        .setSegmentCount(c.segmentCount())
        .setFirstFrame(c.firstFrame(rate))
        .setFrameCount(c.frameCount(rate))
        .setStartSeconds(c.startSeconds())
        .setEndSeconds(c.endSeconds())
        .setCopy(0)
        .build()).toList();
  }

  /**
   * How many times longer than the template's target this asset's chunks are, so each holds about the encoding work
   * the target was sized for: the reference's pixels per second over those of the asset's largest video rung, never
   * below 1 (a larger top rung keeps the target: its chunks take longer, the tail of a long encode shrinks).
   */
  static double workScale(LadderTemplate.ChunkWork reference, List<RungSpec> assetRungs) {
    double top = assetRungs.stream().filter(r -> r.getKind() == RungKind.VIDEO)
        .mapToDouble(r -> (double) r.getWidth() * r.getHeight() * r.getFrameRate()).max().orElse(0);
    if (reference == null || !(top > 0)) {
      return 1;
    }
    return Math.max(1, reference.pixelsPerSecond() / top);
  }
}
