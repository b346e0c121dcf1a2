package io.vwmedia.observability.alerts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers which incidents ({@link Alert#collapseKey()}) were said in the last window, so an asset that fails its
 * retries ten times in a minute makes one message, not ten. The window starts when an incident is first said.
 */
final class RepeatedAlerts {

  /** Past this many incidents remembered, the expired ones are forgotten. */
  private static final int TIDY_ABOVE = 10_000;

  private final Duration window;
  private final Clock clock;
  private final Map<String, Instant> firstSaid = new ConcurrentHashMap<>();

  RepeatedAlerts(Duration window, Clock clock) {
    this.window = window;
    this.clock = clock;
  }

  /** Whether {@code alert}'s incident was already said within the window; if not, it is said now. */
  boolean isRepeat(Alert alert) {
    Instant now = clock.instant();
    boolean[] repeat = {false};
    firstSaid.compute(alert.collapseKey(), (key, since) -> {
      repeat[0] = since != null && now.isBefore(since.plus(window));
      return repeat[0] ? since : now;
    });
    if (firstSaid.size() > TIDY_ABOVE) {
      firstSaid.values().removeIf(since -> !now.isBefore(since.plus(window)));
    }
    return repeat[0];
  }
}
