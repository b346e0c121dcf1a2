package io.vwmedia.launcher.probe;

import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * What a set of loads adds up to: p50 and p95 of load → first frame and of player ready → first frame over the
 * loads that showed one, and the loads that failed. Percentiles are nearest-rank (the value at rank ⌈n·p⌉ of the
 * sorted times, as bench/startup.sh takes them), so each is a time some load really had.
 */
public record StartupStats(int runs, Percentiles loadToFirstFrame, Percentiles readyToFirstFrame,
    List<StartupLoad> failures) {

  /** p50 and p95 in milliseconds; empty when no load had the time. */
  public record Percentiles(OptionalLong p50Ms, OptionalLong p95Ms) {}

  public static StartupStats of(List<StartupLoad> loads) {
    List<StartupLoad> shown = loads.stream().filter(l -> !l.failed()).toList();
    return new StartupStats(loads.size(),
        percentiles(shown, StartupLoad::firstFrameMs),
        percentiles(shown, StartupLoad::readyToFirstFrameMs),
        loads.stream().filter(StartupLoad::failed).toList());
  }

  public int errors() {
    return failures.size();
  }

  /** No load failed and the p95 of load → first frame is within {@code maxP95Ms}. */
  public boolean passes(long maxP95Ms) {
    return failures.isEmpty() && loadToFirstFrame.p95Ms().isPresent() && loadToFirstFrame.p95Ms().getAsLong() <= maxP95Ms;
  }

  /** Nearest-rank percentile {@code p} (0 to 100) of {@code sortedMs}. */
  static long percentile(List<Long> sortedMs, int p) {
    int rank = (int) Math.ceil(sortedMs.size() * p / 100.0);
    return sortedMs.get(Math.max(0, rank - 1));
  }

  private static Percentiles percentiles(List<StartupLoad> loads, Function<StartupLoad, OptionalLong> time) {
    List<Long> sorted = loads.stream().map(time).filter(OptionalLong::isPresent).map(OptionalLong::getAsLong)
        .sorted().toList();
    if (sorted.isEmpty()) return new Percentiles(OptionalLong.empty(), OptionalLong.empty());
    return new Percentiles(OptionalLong.of(percentile(sorted, 50)), OptionalLong.of(percentile(sorted, 95)));
  }
}
