package io.vwmedia.ffmpeg.encode;

import io.vwmedia.events.RungSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a rung's segments start and where its encode puts keyframes, in microseconds of the rung's timeline.
 *
 * <p>With a first segment shorter than the others the segments ramp up: the first lasts the first segment's target,
 * and each one after it as long as all before it together, up to the segment target (1 s first segments with 4 s
 * segments: 1, 1, 2, then 4 s each, starting at 0, 1, 2, 4, 8, 12 s…). A player that starts after the first segment
 * then always has as much media buffered as the next segment holds, so on a link just above the lowest rung's rate
 * each download ends before the buffer runs dry; 1, 1, 3, 4 s (what FFmpeg's HLS muxer cuts with {@code
 * -hls_init_time}) stalled every player at 1.6 Mbit/s (docs/benchmarks.md). Without a shorter first segment, every
 * segment lasts the target.
 *
 * <p>Keyframes: one at every segment start, and one every GOP from each segment's start within it. FFmpeg forces them
 * ({@link FfmpegCommandBuilder#keyframes}); the worker joins what the muxer cuts on them into these segments (for a
 * chunk, the whole rung's), so the segments are the same however the rung was encoded.
 *
 * @param firstMicros the first segment's target ({@link FfmpegCommandBuilder#firstSegmentSeconds})
 * @param segmentMicros every segment's target once the ramp is over
 * @param gopMicros the GOP
 */
public record SegmentGrid(long firstMicros, long segmentMicros, long gopMicros) {

  public SegmentGrid {
    if (firstMicros <= 0 || segmentMicros <= 0 || gopMicros <= 0) {
      throw new IllegalArgumentException("segment and GOP durations are positive");
    }
  }

  public static SegmentGrid of(RungSpec rung) {
    return new SegmentGrid(micros(FfmpegCommandBuilder.firstSegmentSeconds(rung)), micros(rung.getSegmentSeconds()),
        micros(rung.getGopSeconds()));
  }

  /** Seconds as FFmpeg parses a duration option: to the microsecond. */
  public static long micros(double seconds) {
    return Math.round(seconds * 1_000_000);
  }

  /** Whether the segments ramp up from a shorter first one (and the worker joins the muxer's cuts into them). */
  public boolean ramps() {
    return firstMicros < segmentMicros;
  }

  /** Where the ramp ends: the start of the first segment that lasts the whole target (0 without a ramp). */
  public long rampEnd() {
    return ramp().get(ramp().size() - 1);
  }

  /**
   * A length every segment boundary is a multiple of (the first segment's target and the segment target are): audio,
   * where every frame may start a segment, is cut into fragments this long and joined into the segments.
   */
  public long fragmentMicros() {
    long a = firstMicros;
    long b = segmentMicros;
    while (b != 0) {
      long r = a % b;
      a = b;
      b = r;
    }
    return a;
  }

  /**
   * Keyframes before {@link #rampEnd}, in order: each ramp segment's start and every GOP after it within the segment.
   * From the ramp's end on, a keyframe every GOP.
   */
  public List<Long> rampKeyframes() {
    List<Long> starts = ramp();
    List<Long> keyframes = new ArrayList<>();
    for (int s = 0; s + 1 < starts.size(); s++) {
      for (long t = starts.get(s); t < starts.get(s + 1); t += gopMicros) {
        keyframes.add(t);
      }
    }
    return keyframes;
  }

  /**
   * How many keyframes the whole rung's encode forces before {@code micros}: FFmpeg's {@code n_forced} on the first
   * frame at or after it, so that a chunk starting there forces the same keyframes as the whole rung.
   */
  public long keyframesBefore(long micros) {
    if (micros <= 0) {
      return 0;
    }
    long inRamp = rampKeyframes().stream().filter(t -> t < micros).count();
    long end = rampEnd();
    return inRamp + (micros > end ? ceilDiv(micros - end, gopMicros) : 0);
  }

  /** The segment starts at or after {@code fromMicros} and before {@code toMicros}, in order. */
  public List<Long> segmentStarts(long fromMicros, long toMicros) {
    List<Long> starts = new ArrayList<>();
    List<Long> ramp = ramp();
    for (long start : ramp.subList(0, ramp.size() - 1)) {
      if (start >= toMicros) {
        return starts;
      }
      if (start >= fromMicros) {
        starts.add(start);
      }
    }
    long end = ramp.get(ramp.size() - 1);
    long k = fromMicros <= end ? 0 : (fromMicros - end) / segmentMicros;
    for (long start = end + k * segmentMicros; start < toMicros; start += segmentMicros) {
      if (start >= fromMicros) {
        starts.add(start);
      }
    }
    return starts;
  }

  /**
   * The ramp's segment starts and, last, its end: 0, first, then each start the one before plus the time from 0 to
   * it, up to the first start from which a segment lasts the target. Without a ramp, just 0.
   */
  private List<Long> ramp() {
    List<Long> starts = new ArrayList<>(List.of(0L));
    if (!ramps()) {
      return starts;
    }
    long start = firstMicros;
    while (start < segmentMicros) {
      starts.add(start);
      start += start;
    }
    starts.add(start);
    return starts;
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
