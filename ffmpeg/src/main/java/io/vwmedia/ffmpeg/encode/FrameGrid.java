package io.vwmedia.ffmpeg.encode;

import io.vwmedia.ffmpeg.source.SourcePreparation;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A rung's output frame grid as an exact fraction: frame {@code n} is presented at {@code n * den / num} seconds.
 * It is the rate FFmpeg is given ({@link SourcePreparation#rate}: 30000/1001 for 29.97), so a chunk's frame indices,
 * its timestamps in any timescale and the offsets FFmpeg is told all name the very frames the whole rung's encode
 * makes, with no rounding drift over a long source.
 *
 * @param num frames
 * @param den per this many seconds
 */
public record FrameGrid(long num, long den) {

  private static final long MICROS = 1_000_000;

  public FrameGrid {
    if (num <= 0 || den <= 0) {
      throw new IllegalArgumentException("a frame rate is positive: " + num + "/" + den);
    }
  }

  /** The grid of a rung encoded at {@code fps}, read from the very text FFmpeg's {@code fps} filter is given. */
  public static FrameGrid of(double fps) {
    String rate = SourcePreparation.rate(fps);
    int slash = rate.indexOf('/');
    if (slash > 0) {
      return new FrameGrid(Long.parseLong(rate.substring(0, slash)), Long.parseLong(rate.substring(slash + 1)));
    }
    BigDecimal decimal = new BigDecimal(rate).stripTrailingZeros();
    if (decimal.scale() <= 0) {
      return new FrameGrid(decimal.longValueExact(), 1);
    }
    return new FrameGrid(decimal.unscaledValue().longValueExact(), BigInteger.TEN.pow(decimal.scale()).longValueExact());
  }

  /** The first frame presented at or after {@code micros} microseconds: the one a keyframe forced there lands on. */
  public long firstFrameAtOrAfter(long micros) {
    // n * den / num >= micros / 1e6  <=>  n >= micros * num / (den * 1e6)
    BigInteger[] qr = BigInteger.valueOf(micros).multiply(BigInteger.valueOf(num))
        .divideAndRemainder(BigInteger.valueOf(den).multiply(BigInteger.valueOf(MICROS)));
    return qr[0].longValueExact() + (qr[1].signum() > 0 ? 1 : 0);
  }

  /**
   * How many frames FFmpeg's {@code fps} filter makes of a stream that ends at {@code micros}: it rounds the end to
   * the grid's nearest frame (half away from zero), so a stream ending less than half a frame past frame n's start
   * has n frames. A duration probed to the microsecond, which can lie a fraction of a microsecond past the last
   * frame's end, then counts no frame more (a 24 fps stream of 7921 frames lasts 330.041667 s, and the first frame
   * at or after that is 7922).
   */
  public long framesEndingAt(long micros) {
    BigInteger perFrame = BigInteger.valueOf(den).multiply(BigInteger.valueOf(MICROS));
    return BigInteger.valueOf(micros).multiply(BigInteger.valueOf(num)).shiftLeft(1).add(perFrame)
        .divide(perFrame.shiftLeft(1)).longValueExact();
  }

  /**
   * Where frame {@code frame} starts in a track of {@code timescale} ticks per second; a timescale that cannot place
   * it exactly is refused, since a segment boundary a tick off would not be the whole rung's.
   */
  public long ticks(long frame, long timescale) {
    BigInteger[] qr = BigInteger.valueOf(frame).multiply(BigInteger.valueOf(timescale)).multiply(BigInteger.valueOf(den))
        .divideAndRemainder(BigInteger.valueOf(num));
    if (qr[1].signum() != 0) {
      throw new IllegalArgumentException("a timescale of " + timescale + " cannot place frame " + frame + " of a "
          + num + "/" + den + " fps rung exactly");
    }
    return qr[0].longValueExact();
  }

  /** When frame {@code frame} is presented, to the nearest microsecond. */
  public long micros(long frame) {
    return BigInteger.valueOf(frame).multiply(BigInteger.valueOf(den * MICROS))
        .add(BigInteger.valueOf(num / 2)).divide(BigInteger.valueOf(num)).longValueExact();
  }

  /** The duration of {@code frames} frames in seconds. */
  public double seconds(long frames) {
    return (double) frames * den / num;
  }
}
