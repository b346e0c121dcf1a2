package io.vwmedia.topology.plan;

import io.vwmedia.events.RungSpec;
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
 * <p>For a source of constant frame rate the frame indices of each chunk follow from its rate (exact for 30000/1001
 * and the other NTSC rates, recognised from the probed average); for a variable-rate source the times are the plan
 * and the frame counts are only known once decoded.
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

    /** The index of the first frame at or after {@code startSeconds} of a source at {@code rate} frames per second. */
    public long firstFrame(FrameRate rate) {
      return rate.firstFrameAtOrAfter(startSeconds);
    }

    /** Frames of a source at {@code rate} in this chunk. */
    public long frameCount(FrameRate rate) {
      return rate.firstFrameAtOrAfter(endSeconds) - firstFrame(rate);
    }
  }

  /** A constant frame rate as a fraction, so that frame times are exact. */
  public record FrameRate(long numerator, long denominator) {

    /** The probed average as a fraction: NTSC rates (24000/1001, 30000/1001, 60000/1001) recognised, else per 1000. */
    public static FrameRate of(double fps) {
      for (long base : new long[] {24, 30, 48, 60, 120}) {
        if (Math.abs(fps - base * 1000.0 / 1001) < 1e-3) {
          return new FrameRate(base * 1000, 1001);
        }
      }
      return new FrameRate(Math.round(fps * 1000), 1000);
    }

    /** The first frame whose time {@code n * den / num} is at or after {@code seconds} (a microsecond of slack). */
    long firstFrameAtOrAfter(double seconds) {
      long micros = Math.round(seconds * 1_000_000);
      // n * den / num >= micros / 1e6  <=>  n >= micros * num / (den * 1e6)
      java.math.BigInteger top = java.math.BigInteger.valueOf(micros).multiply(java.math.BigInteger.valueOf(numerator));
      java.math.BigInteger bottom = java.math.BigInteger.valueOf(denominator).multiply(java.math.BigInteger.valueOf(1_000_000));
      java.math.BigInteger[] qr = top.divideAndRemainder(bottom);
      return qr[0].longValue() + (qr[1].signum() > 0 ? 1 : 0);
    }
  }

  private ChunkGrid() {}

  /** The start of every segment of the rung for a source of {@code durationSeconds}, from 0. */
  public static List<Double> segmentStarts(RungSpec rung, double durationSeconds) {
    double segment = rung.getSegmentSeconds();
    double first = rung.getFirstSegmentSeconds() > 0 && rung.getFirstSegmentSeconds() < segment
        ? rung.getFirstSegmentSeconds() : segment;
    List<Double> starts = new ArrayList<>(List.of(0.0));
    if (first < segment) {
      starts.add(first);
      starts.add(2 * first);
      for (int k = 1; first + k * segment < durationSeconds - 1e-6; k++) {
        starts.add(first + k * segment);
      }
    } else {
      for (int k = 1; k * segment < durationSeconds - 1e-6; k++) {
        starts.add(k * segment);
      }
    }
    starts.removeIf(s -> s >= durationSeconds - 1e-6 && s > 0);
    return starts;
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
