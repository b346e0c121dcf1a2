package io.vwmedia.ffmpeg.encode;

import io.vwmedia.events.RungSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a whole rung's encode puts its keyframes and cuts its segments, in microseconds of the rung's timeline, as
 * FFmpeg reads the options {@link FfmpegCommandBuilder} gives it: keyframes where {@code -force_key_frames} forces
 * them (0, the first segment's target, twice it, then every GOP after the first segment; or every GOP), segments
 * where the HLS muxer cuts ({@code -hls_init_time}, {@code -hls_time}: 0, the first segment's target, twice it, then
 * every segment target after the first; or every segment target). A chunk encoded apart is cut by the worker on these
 * same boundaries, so its segments are the whole rung's.
 *
 * @param firstMicros the first segment's target ({@link FfmpegCommandBuilder#firstSegmentSeconds})
 * @param segmentMicros every other segment's target
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

  /**
   * How many keyframes the whole rung's encode forces before {@code micros}: FFmpeg's {@code n_forced} on the first
   * frame at or after it, so that a chunk starting there forces the same keyframes as the whole rung.
   */
  public long keyframesBefore(long micros) {
    if (micros <= 0) {
      return 0;
    }
    if (firstMicros >= gopMicros) {
      return ceilDiv(micros, gopMicros);
    }
    if (micros <= firstMicros) {
      return 1;
    }
    if (micros <= 2 * firstMicros) {
      return 2;
    }
    return 2 + ceilDiv(micros - firstMicros, gopMicros);
  }

  /**
   * The time of the last keyframe the whole rung's encode forces at or before {@code micros} (0 before the first
   * segment's end): where a chunk's pre-roll starts, so that its encode begins on a keyframe of the rung's own.
   */
  public long keyframeAtOrBefore(long micros) {
    if (micros <= 0) {
      return 0;
    }
    if (firstMicros >= gopMicros) {
      return micros / gopMicros * gopMicros;
    }
    if (micros < firstMicros) {
      return 0;
    }
    if (micros < 2 * firstMicros) {
      return firstMicros;
    }
    if (micros < firstMicros + gopMicros) {
      return 2 * firstMicros;
    }
    return firstMicros + (micros - firstMicros) / gopMicros * gopMicros;
  }

  /** The segment starts at or after {@code fromMicros} and before {@code toMicros}, in order. */
  public List<Long> segmentStarts(long fromMicros, long toMicros) {
    List<Long> starts = new ArrayList<>();
    for (long k = 0; ; k++) {
      long start = start(k);
      if (start >= toMicros) {
        return starts;
      }
      if (start >= fromMicros) {
        starts.add(start);
      }
    }
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  /** The start of segment {@code k} (from 0). */
  private long start(long k) {
    if (firstMicros >= segmentMicros) {
      return k * segmentMicros;
    }
    return k <= 2 ? k * firstMicros : firstMicros + (k - 2) * segmentMicros;
  }
}
