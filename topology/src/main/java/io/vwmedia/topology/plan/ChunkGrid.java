package io.vwmedia.topology.plan;

import io.vwmedia.events.RungSpec;
import io.vwmedia.ffmpeg.encode.FrameGrid;
import io.vwmedia.ffmpeg.encode.SegmentGrid;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a rung's CMAF segments start, and how they group into chunks of whole segments that workers can encode apart
 * (issue 14). The grid is the one the whole-rung encode cuts on ({@code FfmpegCommandBuilder}): a segment starts at
 * 0, at the first segment's target, at twice it, then every segment target after the first (1 s first segments
 * with 4 s segments: 0, 1, 2, 5, 9, 13 s…; without a shorter first segment: every segment target). A segment
 * starts on the first frame at or after its boundary, so a chunk is the frames from its first boundary up to the
 * next chunk's: cut at the same times, a chunked rung has the same frames, keyframes and segments as a whole one.
 *
 * <p>The grid is FFmpeg's own ({@link SegmentGrid}, the worker cuts a chunk's segments on it too), and frame indices
 * are in the rung's output frame grid ({@link FrameGrid}: constant rate, exact for 30000/1001 and the other NTSC
 * rates), which a variable-rate source is converted to like any other.
 */
public final class ChunkGrid {

  /**
   * One chunk of a rung.
   *
   * @param index from 0
   * @param count chunks of the rung
   * @param firstSegment number of its first segment (the rung's segments are numbered from 1)
   * @param segmentCount its segments
   * @param startSeconds the boundary it starts at: its first frame is the first at or after it
   * @param endSeconds the next chunk's start, or the source's duration for the last one
   */
  public record Chunk(int index, int count, int firstSegment, int segmentCount, double startSeconds, double endSeconds) {

    /** The index of the first frame at or after {@code startSeconds} in the rung's frame grid. */
    public long firstFrame(FrameGrid frames) {
      return frames.firstFrameAtOrAfter(SegmentGrid.micros(startSeconds));
    }

    /**
     * The frames of this chunk in the rung's frame grid: up to the next chunk's first, or for the last chunk the
     * frames the {@code fps} filter makes of a source ending at {@code endSeconds} ({@link FrameGrid#framesEndingAt}).
     */
    public long frameCount(FrameGrid frames) {
      long end = SegmentGrid.micros(endSeconds);
      return (index == count - 1 ? frames.framesEndingAt(end) : frames.firstFrameAtOrAfter(end)) - firstFrame(frames);
    }
  }

  private ChunkGrid() {}

  /** The start of every segment of the rung for a source of {@code durationSeconds}, from 0. */
  public static List<Double> segmentStarts(RungSpec rung, double durationSeconds) {
    return SegmentGrid.of(rung).segmentStarts(0, SegmentGrid.micros(durationSeconds)).stream()
        .map(micros -> micros / 1_000_000.0).toList();
  }

  /**
   * The rung's chunks: whole segments, each chunk as close to {@code targetSeconds} as whole segments allow (at
   * least one segment), the short first segments in chunk 0, a short tail joined to the chunk before it when it
   * would be under half the target.
   */
  public static List<Chunk> chunks(RungSpec rung, double durationSeconds, double targetSeconds) {
    if (targetSeconds <= 0) {
      throw new IllegalArgumentException("a chunk's target must be positive: " + targetSeconds);
    }
    List<Double> starts = segmentStarts(rung, durationSeconds);
    List<int[]> spans = new ArrayList<>(); // first segment index (0-based), segment count
    int i = 0;
    while (i < starts.size()) {
      int j = i + 1;
      while (j < starts.size() && starts.get(j) - starts.get(i) < targetSeconds - 1e-6) {
        j++;
      }
      spans.add(new int[] {i, j - i});
      i = j;
    }
    if (spans.size() > 1) {
      int[] last = spans.get(spans.size() - 1);
      if (durationSeconds - starts.get(last[0]) < targetSeconds / 2) {
        spans.remove(spans.size() - 1);
        spans.get(spans.size() - 1)[1] += last[1];
      }
    }
    List<Chunk> chunks = new ArrayList<>();
    for (int c = 0; c < spans.size(); c++) {
      int[] s = spans.get(c);
      double start = starts.get(s[0]);
      double end = c + 1 < spans.size() ? starts.get(spans.get(c + 1)[0]) : durationSeconds;
      chunks.add(new Chunk(c, spans.size(), s[0] + 1, s[1], start, end));
    }
    return chunks;
  }
}
