package io.vwmedia.topology.routing;

/**
 * When new assets overflow to the managed leg: once the rung tasks waiting for the workers reach the threshold, and
 * until they are down to half of it. Between the two the last decision holds, so a lag hovering around the
 * threshold does not send every other asset elsewhere. A threshold of 0 never overflows.
 */
public final class OverflowPolicy {

  private final long threshold;
  private volatile boolean overflowing;
  private volatile long lastLag = -1;

  public OverflowPolicy(long threshold) {
    if (threshold < 0) {
      throw new IllegalArgumentException("the overflow threshold cannot be negative: " + threshold);
    }
    this.threshold = threshold;
  }

  /** A new reading of the workers' lag; returns whether new assets overflow from now on. */
  public boolean observe(long lag) {
    lastLag = lag;
    if (threshold == 0) {
      return false;
    }
    if (lag >= threshold) {
      overflowing = true;
    } else if (lag <= threshold / 2) {
      overflowing = false;
    }
    return overflowing;
  }

  /** Whether new assets go to the managed leg now. */
  public boolean overflowing() {
    return overflowing;
  }

  /** The last lag read, -1 before the first. */
  public long lastLag() {
    return lastLag;
  }

  public long threshold() {
    return threshold;
  }
}
