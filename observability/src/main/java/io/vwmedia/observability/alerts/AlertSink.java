package io.vwmedia.observability.alerts;

import java.time.Duration;
import java.util.List;

/**
 * Where alerts go (Slack's incoming webhook, an EventBridge bus): a port, so the dispatcher never sees an SDK. A sink
 * delivers a batch or throws; the dispatcher owns queueing, retries and rate limits, and a sink says what it needs of
 * them ({@link #maxBatch}, {@link #minInterval}) and which failures are not worth retrying ({@link Rejected}).
 */
public interface AlertSink {

  /** A short name for logs and the {@code sink} tag, e.g. {@code slack}. */
  String name();

  /** At most this many alerts per {@link #deliver} call (EventBridge: 10). */
  int maxBatch();

  /** The least time from the end of one {@link #deliver} call to the next (Slack's webhooks: one message a second). */
  default Duration minInterval() {
    return Duration.ZERO;
  }

  /**
   * Delivers {@code alerts}; returns those that were not accepted and may be retried (e.g. EventBridge's failed
   * entries), empty when all were. Throws when the call as a whole failed: {@link Throttled} when the far side asked
   * to be called again later, {@link Rejected} when it refused for good, anything else for a failure that may pass.
   */
  List<Alert> deliver(List<Alert> alerts) throws Exception;

  /** The far side asked to be called again after a while (HTTP 429 with {@code Retry-After}): an attempt spent. */
  final class Throttled extends Exception {
    private final Duration retryAfter;

    public Throttled(String message, Duration retryAfter) {
      super(message);
      this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
      return retryAfter;
    }
  }

  /**
   * The far side refused the alerts in a way a retry would only repeat (Slack's 404 {@code no_service}, 403
   * {@code invalid_token}): they are dropped at once.
   */
  final class Rejected extends Exception {
    public Rejected(String message) {
      super(message);
    }
  }
}
