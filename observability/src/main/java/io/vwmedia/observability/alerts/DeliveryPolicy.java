package io.vwmedia.observability.alerts;

import io.vwmedia.config.Settings;
import java.time.Duration;

/**
 * How hard the dispatcher pushes alerts, declared in one place: retry policy after Temporal's {@code RetryOptions}
 * (a first interval doubling up to a cap, a bounded number of attempts), the queue bound and the collapse window.
 *
 * @param queueCapacity alerts waiting per sink before new ones are dropped
 * @param collapseWindow the same incident is said once in this window
 * @param maxAttempts attempts per alert and sink, the first included
 * @param firstBackoff the wait after the first failed attempt, doubled after each further one
 * @param maxBackoff the longest wait between attempts
 * @param drainTimeout how long closing waits for what is queued to be delivered
 */
public record DeliveryPolicy(int queueCapacity, Duration collapseWindow, int maxAttempts, Duration firstBackoff,
    Duration maxBackoff, Duration drainTimeout) {

  public static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  public static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
  public static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);

  public DeliveryPolicy {
    if (queueCapacity < 1 || maxAttempts < 1) {
      throw new IllegalArgumentException("queueCapacity and maxAttempts are at least 1");
    }
  }

  /** The policy {@code vw.alerts.*} describes. */
  public static DeliveryPolicy from(Settings settings) {
    return new DeliveryPolicy(settings.get(AlertSettings.QUEUE_CAPACITY), settings.get(AlertSettings.COLLAPSE_WINDOW),
        settings.get(AlertSettings.MAX_ATTEMPTS), FIRST_BACKOFF, MAX_BACKOFF, DRAIN_TIMEOUT);
  }

  /** The wait after failed attempt number {@code attempt} (1 for the first): 1 s, 2 s, 4 s... up to the cap. */
  Duration backoffAfter(int attempt) {
    Duration wait = firstBackoff;
    for (int i = 1; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }
}
