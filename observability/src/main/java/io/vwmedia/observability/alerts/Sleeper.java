package io.vwmedia.observability.alerts;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Waits between attempts and between rate-limited calls: a seam, so tests need not wait out real backoff. */
@FunctionalInterface
public interface Sleeper {

  /** Waits for real. */
  Sleeper SYSTEM = duration -> TimeUnit.NANOSECONDS.sleep(duration.toNanos());

  void sleep(Duration duration) throws InterruptedException;
}
