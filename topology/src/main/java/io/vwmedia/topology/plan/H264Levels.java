package io.vwmedia.topology.plan;

import java.util.List;

/**
 * H.264 levels (ITU-T H.264 Table A-1) and the lowest one a rung fits: macroblocks per frame and per second, frame
 * width and height, and the High profile's bitrate and coded picture buffer (1.25x the table's Baseline/Main values).
 * A template names the level for a 16:9 picture at up to 30 fps; a wider picture or a higher frame rate needs more,
 * and a decoder may refuse a stream that claims less than it is.
 */
public final class H264Levels {

  /** One row of Table A-1: MaxMBPS, MaxFS (macroblocks), MaxBR and MaxCPB (kbit/s, Baseline/Main). */
  record Level(String name, long maxMbPerSecond, long maxFrameMbs, long maxKbps, long maxCpbKbits) {}

  static final List<Level> TABLE = List.of(
      new Level("1.0", 1485, 99, 64, 175),
      new Level("1.1", 3000, 396, 192, 500),
      new Level("1.2", 6000, 396, 384, 1000),
      new Level("1.3", 11880, 396, 768, 2000),
      new Level("2.0", 11880, 396, 2000, 2000),
      new Level("2.1", 19800, 792, 4000, 4000),
      new Level("2.2", 20250, 1620, 4000, 4000),
      new Level("3.0", 40500, 1620, 10000, 10000),
      new Level("3.1", 108000, 3600, 14000, 14000),
      new Level("3.2", 216000, 5120, 20000, 20000),
      new Level("4.0", 245760, 8192, 20000, 25000),
      new Level("4.1", 245760, 8192, 50000, 62500),
      new Level("4.2", 522240, 8704, 50000, 62500),
      new Level("5.0", 589824, 22080, 135000, 135000),
      new Level("5.1", 983040, 36864, 240000, 240000),
      new Level("5.2", 2073600, 36864, 240000, 240000),
      new Level("6.0", 4177920, 139264, 240000, 240000),
      new Level("6.1", 8355840, 139264, 480000, 480000),
      new Level("6.2", 16711680, 139264, 800000, 800000));

  private static final double HIGH_PROFILE_FACTOR = 1.25;

  private H264Levels() {}

  /**
   * The lowest level at or above {@code atLeast} that a High-profile stream of this size, rate, peak bitrate and
   * VBV buffer fits.
   *
   * @param atLeast the template's level, e.g. {@code 3.1}; null for none
   * @throws IllegalArgumentException when not even the highest level fits
   */
  public static String fitting(String atLeast, int width, int height, double fps, int maxKbps, int bufferKbits) {
    long widthMbs = (width + 15) / 16;
    long heightMbs = (height + 15) / 16;
    long frameMbs = widthMbs * heightMbs;
    double mbPerSecond = frameMbs * fps;
    double floor = atLeast == null ? 0 : Double.parseDouble(atLeast);
    for (Level l : TABLE) {
      boolean fits = Double.parseDouble(l.name()) >= floor - 1e-9
          && frameMbs <= l.maxFrameMbs()
          && widthMbs * widthMbs <= 8 * l.maxFrameMbs()
          && heightMbs * heightMbs <= 8 * l.maxFrameMbs()
          && mbPerSecond <= l.maxMbPerSecond() + 1e-6
          && maxKbps <= l.maxKbps() * HIGH_PROFILE_FACTOR
          && bufferKbits <= l.maxCpbKbits() * HIGH_PROFILE_FACTOR;
      if (fits) {
        return l.name();
      }
    }
    throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
        "no H.264 level fits %dx%d at %.3f fps and %d kbit/s", width, height, fps, maxKbps));
  }
}
