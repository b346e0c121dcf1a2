package io.vwmedia.simulation.cluster;

/**
 * Speculative copies of chunks: a chunk still running {@code factor} times longer than the median of its finished
 * siblings (once at least {@code minDoneFraction} of them have finished) is issued once more, as a new record at the
 * end of the task topic; the first result wins, the other copy runs to its end and is ignored. Checked every
 * {@code checkSeconds}.
 */
public record Speculation(boolean enabled, double factor, double minDoneFraction, double checkSeconds) {

  public static Speculation off() {
    return new Speculation(false, 2, 0.5, 15);
  }
}
