package io.vwmedia.launcher.stack;

import io.micrometer.core.instrument.MeterRegistry;
import io.vwmedia.aws.EventBridgeAlertSink;
import io.vwmedia.config.Settings;
import io.vwmedia.observability.alerts.AlertDispatcher;
import io.vwmedia.observability.alerts.AlertSink;
import io.vwmedia.observability.alerts.slack.SlackWebhookSink;
import java.util.ArrayList;
import java.util.List;

/** A process's alert dispatcher, to the sinks its settings turn on: Slack's webhook, an EventBridge bus, or none. */
final class Alerting {

  private Alerting() {}

  static AlertDispatcher dispatcher(Settings settings, MeterRegistry registry) {
    List<AlertSink> sinks = new ArrayList<>();
    SlackWebhookSink.fromSettings(settings).ifPresent(sinks::add);
    EventBridgeAlertSink.fromSettings(settings).ifPresent(sinks::add);
    return AlertDispatcher.from(settings, registry, sinks);
  }
}
