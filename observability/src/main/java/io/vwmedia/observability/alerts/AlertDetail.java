package io.vwmedia.observability.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.TreeMap;

/**
 * The JSON an alert is published as: the {@code detail} of its EventBridge event, the shape rules, input
 * transformers and infrastructure/eventbridge/alert-event.sample.json are written against. Every field is always
 * there (null when unknown), so a rule's JSONPath finds it; {@code version} changes when a field does.
 */
public final class AlertDetail {

  /** The version of this shape. */
  public static final String VERSION = "1";

  private static final ObjectMapper JSON = new ObjectMapper();

  private AlertDetail() {}

  /** {@code alert} as detail JSON, told in {@code environment} ({@code vw.metrics.environment}). */
  public static String json(Alert alert, String environment) {
    ObjectNode detail = JSON.createObjectNode()
        .put("version", VERSION)
        .put("kind", alert.kind().name())
        .put("severity", alert.kind().severity())
        .put("assetId", alert.assetId())
        .put("correlationId", alert.correlationId())
        .put("rung", alert.rung())
        .put("reason", alert.reason())
        .put("statusUrl", alert.statusUrl())
        .put("environment", environment)
        .put("occurredAt", alert.at().toString());
    detail.set("context", JSON.valueToTree(new TreeMap<>(alert.context())));
    try {
      return JSON.writeValueAsString(detail);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
