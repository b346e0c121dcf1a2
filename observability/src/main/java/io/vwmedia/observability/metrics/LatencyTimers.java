package io.vwmedia.observability.metrics;

import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * How vw-media's latency timers are published, one rule for all: a percentile histogram (Prometheus buckets, so
 * quantiles aggregate across pods) and client-side p50/p95 (Datadog's {@code .percentile}, tag {@code phi}), with
 * buckets between the shortest and longest value the timer expects.
 */
public final class LatencyTimers {

  private LatencyTimers() {}

  public static Timer.Builder histogram(String name, String description, Duration shortest, Duration longest) {
    return Timer.builder(name)
        .description(description)
        .publishPercentileHistogram()
        .publishPercentiles(0.5, 0.95)
        .minimumExpectedValue(shortest)
        .maximumExpectedValue(longest);
  }
}
