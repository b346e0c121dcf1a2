package io.vwmedia.observability.alerts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What became of each alert, as counters: {@code media.alerts.sent} and {@code media.alerts.dropped} per sink and
 * kind (dropped also per {@link DropCause}), {@code media.alerts.collapsed} per kind.
 */
final class AlertMeters {

  static final String SENT = "media.alerts.sent";
  static final String DROPPED = "media.alerts.dropped";
  static final String COLLAPSED = "media.alerts.collapsed";

  /** Why an alert never reached a sink: the {@code cause} tag. */
  enum DropCause {
    /** The sink's queue was full when the alert was raised. */
    QUEUE_FULL("queue-full"),
    /** Every attempt failed. */
    RETRIES_EXHAUSTED("retries-exhausted"),
    /** The sink refused it for good (e.g. Slack's 404 no_service). */
    REJECTED("rejected"),
    /** The dispatcher closed before it could be delivered. */
    CLOSED("closed");

    final String tag;

    DropCause(String tag) {
      this.tag = tag;
    }
  }

  private final MeterRegistry registry;

  AlertMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  void sent(AlertSink sink, Alert alert) {
    Counter.builder(SENT).description("alerts a sink accepted")
        .tag("sink", sink.name()).tag("kind", alert.kind().name())
        .register(registry).increment();
  }

  void dropped(AlertSink sink, Alert alert, DropCause cause) {
    Counter.builder(DROPPED).description("alerts that never reached a sink")
        .tag("sink", sink.name()).tag("kind", alert.kind().name()).tag("cause", cause.tag)
        .register(registry).increment();
  }

  void collapsed(Alert alert) {
    Counter.builder(COLLAPSED).description("alerts not sent because the same one was sent within the window")
        .tag("kind", alert.kind().name())
        .register(registry).increment();
  }
}
