package io.vwmedia.observability.analytics;

import java.util.Map;

/**
 * Product analytics events, the story's names ({@code media_transcode_completed}, {@code media_packaged}): a port
 * so the observer never sees Segment's client. Sending never blocks and never fails the caller.
 */
public interface ProductEvents extends AutoCloseable {

  /** Sends nothing: analytics off. */
  ProductEvents NONE = new ProductEvents() {
    @Override
    public void track(String event, String assetId, String messageId, Map<String, Object> properties) {}

    @Override
    public void close() {}
  };

  /**
   * Queues one event about {@code assetId}; {@code messageId} is deterministic, so an event sent again after a
   * restart is the same message to the receiver (Segment deduplicates on it).
   */
  void track(String event, String assetId, String messageId, Map<String, Object> properties);

  /** Sends what is queued, then stops. */
  @Override
  void close();
}
