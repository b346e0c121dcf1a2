package io.vwmedia.observability.alerts;

import java.util.List;

/**
 * Where alerts go (Slack's incoming webhook, an EventBridge bus): a port, so the dispatcher never sees an SDK. A sink
 * delivers a batch or throws; the dispatcher owns queueing, retries and rate limits.
 */
public interface AlertSink {

  /** A short name for logs and the {@code sink} tag, e.g. {@code slack}. */
  String name();

  /** At most this many alerts per {@link #deliver} call (EventBridge: 10). */
  int maxBatch();

  /**
   * Delivers {@code alerts}; returns those that were not accepted and may be retried (e.g. EventBridge's failed
   * entries), empty when all were. Throws when the call as a whole failed.
   */
  List<Alert> deliver(List<Alert> alerts) throws Exception;
}
