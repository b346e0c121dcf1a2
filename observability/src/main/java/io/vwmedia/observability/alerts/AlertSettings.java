package io.vwmedia.observability.alerts;

import io.vwmedia.config.Setting;
import io.vwmedia.config.SettingsGroup;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Where alerts go (an EventBridge bus, a Slack incoming webhook) and how hard they are pushed there. The EventBridge
 * settings are declared here, beside the others, though only the aws module reads them: the group is data.
 */
public final class AlertSettings extends SettingsGroup.Declared {

  public static final Setting<String> EVENTBRIDGE_BUS = Setting.string("vw.alerts.eventbridge.bus",
      "media-transcode-alerts", "the EventBridge event bus alerts are put on (PutEvents, source `vw-media`)");
  public static final Setting<Boolean> EVENTBRIDGE_ENABLED = Setting.bool("vw.alerts.eventbridge.enabled", false,
      "send alerts to EventBridge; credentials come from the AWS SDK's default chain")
      .defaultText("false (true when `vw.alerts.eventbridge.endpoint` is set)");
  public static final Setting<URI> EVENTBRIDGE_ENDPOINT = Setting.url("vw.alerts.eventbridge.endpoint",
      "a different EventBridge API endpoint (a VPC endpoint, a local server in tests); setting it turns EventBridge on")
      .defaultText("EventBridge's own for the region");
  public static final Setting<String> EVENTBRIDGE_REGION = Setting.optionalString("vw.alerts.eventbridge.region",
      "the region of the event bus").defaultText("the AWS SDK's region chain, else us-east-1");
  public static final Setting<URI> SLACK_WEBHOOK_URL = Setting.url("vw.alerts.slack.webhook-url",
      "a Slack incoming webhook (`https://hooks.slack.com/services/...`); when set, alerts are also posted there, at"
          + " most one message a second. The URL is a secret: give it as `VW_ALERTS_SLACK_WEBHOOK_URL` from a"
          + " secret store");
  public static final Setting<URI> STATUS_BASE_URL = Setting.url("vw.alerts.status-base-url",
      "the status page's base URL: an alert about an asset links to `{base}/#/assets/{assetId}`");
  public static final Setting<Duration> COLLAPSE_WINDOW = Setting.duration("vw.alerts.collapse-window", "10m",
      "the same alert (asset, kind, rung and reason) is said once in this window; repeats are counted, not sent");
  public static final Setting<Integer> MAX_ATTEMPTS = Setting.integer("vw.alerts.max-attempts", 5, 1, 20,
      "attempts to deliver an alert to one sink, 1 s apart and doubling (at most 1 min); then it is dropped, logged"
          + " and counted");
  public static final Setting<Integer> QUEUE_CAPACITY = Setting.integer("vw.alerts.queue-capacity", 1000, 1, 1_000_000,
      "alerts waiting for each sink; more are dropped and counted, so raising an alert never waits");

  public AlertSettings() {
    super("alerts", "Alerts", List.of("run", "serve", "worker", "topology"),
        EVENTBRIDGE_BUS, EVENTBRIDGE_ENABLED, EVENTBRIDGE_ENDPOINT, EVENTBRIDGE_REGION, SLACK_WEBHOOK_URL,
        STATUS_BASE_URL, COLLAPSE_WINDOW, MAX_ATTEMPTS, QUEUE_CAPACITY);
  }
}
