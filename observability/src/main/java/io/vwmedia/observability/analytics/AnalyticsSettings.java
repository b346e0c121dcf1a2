package io.vwmedia.observability.analytics;

import io.vwmedia.config.Setting;
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
      "how often queued events are sent in one batch");

  public AnalyticsSettings() {
    super("analytics", "Analytics", List.of("run", "serve", "topology"),
        WRITE_KEY, ENDPOINT, USER_ID, QUEUE_CAPACITY, FLUSH_INTERVAL);
  }
}
