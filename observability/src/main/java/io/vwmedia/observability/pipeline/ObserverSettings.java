package io.vwmedia.observability.pipeline;

import io.vwmedia.config.Setting;
import io.vwmedia.config.SettingsGroup;
import java.time.Duration;
import java.util.List;

/** The pipeline observer: the consumer that turns the pipeline's records into asset meters, events and alerts. */
public final class ObserverSettings extends SettingsGroup.Declared {

  public static final Setting<Boolean> ENABLED = Setting.bool("vw.observer.enabled", true,
      "run the observer in this process (`topology`, `serve`; `run` only when Datadog, Segment or an alert sink would"
          + " see its output): asset meters, analytics events and alerts from media.rendition.done,"
          + " media.asset.published and the dead-letter topics");
  public static final Setting<Duration> MAX_EVENT_AGE = Setting.duration("vw.observer.max-event-age", "1h",
      "records older than this are not reported (a new observer group starts from the earliest record, and must not"
          + " alert on last week's failures)");
  public static final Setting<Duration> LAG_INTERVAL = Setting.duration("vw.observer.lag-interval", "15s",
      "how often the task topics' consumer lag (media.tasks.lag) is measured");

  public ObserverSettings() {
    super("observer", "Observer", List.of("run", "serve", "topology"), ENABLED, MAX_EVENT_AGE, LAG_INTERVAL);
  }
}
