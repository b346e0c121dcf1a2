package io.vwmedia.observability.analytics;

import com.segment.analytics.Analytics;
import com.segment.analytics.Callback;
import com.segment.analytics.Log;
import com.segment.analytics.messages.Message;
import com.segment.analytics.messages.TrackMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vwmedia.config.Settings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ProductEvents} through Segment's own Java client (analytics-java): a bounded queue ({@code
 * vw.analytics.segment.queue-capacity}) flushed in batches to {@code /v1/import} by the client's thread, its
 * retries with backoff; an event that does not fit the queue or fails after the retries is dropped and counted in
 * {@code media.analytics.events{outcome=dropped}}, never waited for.
 */
public final class SegmentEvents implements ProductEvents {

  public static final String EVENTS = "media.analytics.events";
  private static final Logger log = LoggerFactory.getLogger(SegmentEvents.class);

  private final Analytics analytics;
  private final Optional<String> userId;
  private final Map<String, Object> common;
  private final MeterRegistry meters;

  private SegmentEvents(String writeKey, Settings settings, Map<String, Object> common, MeterRegistry meters) {
    this.userId = settings.find(AnalyticsSettings.USER_ID);
    this.common = Map.copyOf(common);
    this.meters = meters;
    this.analytics = Analytics.builder(writeKey)
        .endpoint(settings.get(AnalyticsSettings.ENDPOINT))
        .queueCapacity(settings.get(AnalyticsSettings.QUEUE_CAPACITY))
        .flushInterval(settings.get(AnalyticsSettings.FLUSH_INTERVAL).toMillis(), TimeUnit.MILLISECONDS)
        .retries(settings.get(AnalyticsSettings.RETRIES))
        .log(new Slf4jLog())
        .callback(new Callback() {
          @Override
          public void success(Message message) {
            count(message, "sent");
          }

          @Override
          public void failure(Message message, Throwable error) {
            log.warn("Segment event {} dropped after retries: {}", message.messageId(), error.toString());
            count(message, "dropped");
          }
        })
        .build();
  }

  /**
   * Segment's events when {@code vw.analytics.segment.write-key} is set, else {@link ProductEvents#NONE}.
   *
   * @param common properties every event carries (e.g. environment)
   */
  public static ProductEvents from(Settings settings, Map<String, Object> common, MeterRegistry meters) {
    return settings.find(AnalyticsSettings.WRITE_KEY).filter(k -> !k.isBlank())
        .<ProductEvents>map(key -> new SegmentEvents(key, settings, common, meters))
        .orElse(ProductEvents.NONE);
  }

  @Override
  public void track(String event, String assetId, String messageId, Map<String, Object> properties) {
    Map<String, Object> all = new LinkedHashMap<>(common);
    all.putAll(properties);
    all.put("asset_id", assetId);
    TrackMessage.Builder message = TrackMessage.builder(event).messageId(messageId).properties(all);
    message = userId.isPresent() ? message.userId(userId.get()) : message.anonymousId(assetId);
    boolean queued;
    try {
      queued = analytics.offer(message);
    } catch (RuntimeException e) {
      queued = false;
      log.warn("Segment event {} for {} not queued: {}", event, assetId, e.toString());
    }
    if (!queued) {
      counter(event, "dropped").increment();
    }
  }

  private void count(Message message, String outcome) {
    String event = message instanceof TrackMessage track ? track.event() : message.type().name();
    counter(event, outcome).increment();
  }

  private Counter counter(String event, String outcome) {
    return Counter.builder(EVENTS).description("Product analytics events, by what became of them")
        .tag("event", event).tag("outcome", outcome).register(meters);
  }

  @Override
  public void close() {
    analytics.flush();
    analytics.shutdown(); // waits for the queued batches to be sent or to fail
  }

  /** The client's own log lines, through SLF4J. */
  private static final class Slf4jLog implements Log {
    @Override
    public void print(Level level, String format, Object... args) {
      if (level == Level.ERROR) log.warn(String.format(format, args));
      else log.debug(String.format(format, args));
    }

    @Override
    public void print(Level level, Throwable error, String format, Object... args) {
      if (level == Level.ERROR) log.warn(String.format(format, args) + ": " + error);
      else log.debug(String.format(format, args), error);
    }
  }
}
