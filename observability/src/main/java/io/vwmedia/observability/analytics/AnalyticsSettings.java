package io.vwmedia.observability.analytics;

import io.vwmedia.config.ConfigException;
import io.vwmedia.config.Setting;
import io.vwmedia.config.Settings;
import io.vwmedia.config.SettingsGroup;
import java.time.Duration;
import java.util.List;

/** Product analytics: Segment's tracking API, on when a write key is set. */
public final class AnalyticsSettings extends SettingsGroup.Declared {

  public static final Setting<String> WRITE_KEY = Setting.optionalString("vw.analytics.segment.write-key",
      "Segment write key; when set, media_transcode_completed and media_packaged events are sent to Segment");
  public static final Setting<String> ENDPOINT = Setting.string("vw.analytics.segment.endpoint",
      "https://api.segment.io", "Segment's tracking API (e.g. https://events.eu1.segmentapis.com, or a local server)");
  public static final Setting<String> USER_ID = Setting.optionalString("vw.analytics.segment.user-id",
      "the userId of every event; default none: each event's anonymousId is its asset id");
  public static final Setting<Integer> QUEUE_CAPACITY = Setting.integer("vw.analytics.segment.queue-capacity", 10_000,
      10, 1_000_000, "events held while Segment is slow or down; beyond it events are dropped and counted"
          + " (media.analytics.events{outcome=dropped})");
  public static final Setting<Duration> FLUSH_INTERVAL = Setting.duration("vw.analytics.segment.flush-interval", "5s",
      "how often queued events are sent in one batch; at least 1s (Segment's client refuses less)");

  public static final Setting<Integer> RETRIES = Setting.integer("vw.analytics.segment.retries", 3, 1, 10,
      "attempts per batch (Segment's client backs off from 15 s between them); then its events are dropped and"
          + " counted");

  public AnalyticsSettings() {
    super("analytics", "Analytics", List.of("run", "serve", "topology"),
        WRITE_KEY, ENDPOINT, USER_ID, QUEUE_CAPACITY, FLUSH_INTERVAL, RETRIES);
  }

  @Override
  public void check(Settings settings) {
    if (settings.get(FLUSH_INTERVAL).compareTo(Duration.ofSeconds(1)) < 0) {
      throw new ConfigException(FLUSH_INTERVAL.key() + " must be at least 1s (Segment's client refuses less), not "
          + settings.get(FLUSH_INTERVAL).toMillis() + "ms");
    }
  }
}
