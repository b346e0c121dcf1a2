package io.vwmedia.observability.alerts;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One alert, whatever carries it (EventBridge, Slack): what happened to which asset, why, and where to look.
 *
 * @param kind what went wrong
 * @param assetId the asset, or null for a worker-wide alert (an encoder fallback)
 * @param correlationId the upload's correlation id, or null
 * @param rung the rung concerned (a dead-lettered task's), or null
 * @param reason why, in the words the published event or the worker used
 * @param statusUrl the asset's status page, or null when none is configured
 * @param at when it happened
 * @param context further facts (worker id, topic, attempts...), small strings only
 */
public record Alert(
    AlertKind kind,
    String assetId,
    String correlationId,
    String rung,
    String reason,
    String statusUrl,
    Instant at,
    Map<String, String> context) {

  public Alert {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(at, "at");
    context = Map.copyOf(context);
  }

  /** This alert, linking to {@code url}. */
  public Alert withStatusUrl(String url) {
    return new Alert(kind, assetId, correlationId, rung, reason, url, at, context);
  }

  /** Alerts with the same key are one incident: a sink says it once. */
  public String collapseKey() {
    return kind + "|" + assetId + "|" + rung + "|" + reason;
  }
}
