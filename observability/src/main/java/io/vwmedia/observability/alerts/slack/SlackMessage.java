package io.vwmedia.observability.alerts.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vwmedia.observability.alerts.Alert;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * An alert as a Slack message: Block Kit {@code blocks} (a header naming the kind and the asset, the reason, the
 * facts as fields, a button to the status page) and a plain {@code text} that notifications and clients without
 * blocks show. Within Block Kit's limits: a header of 150 characters, a section of 3000, ten fields.
 */
final class SlackMessage {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int HEADER_MAX = 150;
  private static final int SECTION_MAX = 3000;
  private static final int FIELD_MAX = 2000;
  private static final int FIELDS_MAX = 10;

  private SlackMessage() {}

  static String json(Alert alert, String environment) {
    ObjectNode message = JSON.createObjectNode();
    message.put("text", text(alert, environment));
    ArrayNode blocks = message.putArray("blocks");
    blocks.addObject().put("type", "header").set("text", plain(cut(headline(alert), HEADER_MAX)));
    blocks.addObject().put("type", "section").set("text", markdown(cut(escape(alert.reason()), SECTION_MAX)));
    ArrayNode fields = blocks.addObject().put("type", "section").putArray("fields");
    facts(alert, environment).entrySet().stream().limit(FIELDS_MAX).forEach(fact ->
        fields.add(markdown(cut("*" + fact.getKey() + "*\n" + escape(fact.getValue()), FIELD_MAX))));
    if (alert.statusUrl() != null) {
      ObjectNode button = blocks.addObject().put("type", "actions").putArray("elements").addObject()
          .put("type", "button").put("url", alert.statusUrl());
      button.set("text", plain("Open the status page"));
    }
    try {
      return JSON.writeValueAsString(message);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** e.g. {@code vw-media Asset Failed: a1}. */
  private static String headline(Alert alert) {
    return alert.kind().detailType() + (alert.assetId() == null ? "" : ": " + alert.assetId());
  }

  /** e.g. {@code [prod] critical vw-media Asset Failed: a1 (rung 720p): no video rung succeeded <status url>}. */
  private static String text(Alert alert, String environment) {
    return "[" + environment + "] " + alert.kind().severity() + " " + headline(alert)
        + (alert.rung() == null ? "" : " (rung " + alert.rung() + ")") + ": " + escape(alert.reason())
        + (alert.statusUrl() == null ? "" : " <" + alert.statusUrl() + ">");
  }

  /** Severity, rung, environment, correlation id, then the alert's context, each only when known. */
  private static Map<String, String> facts(Alert alert, String environment) {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("Severity", alert.kind().severity());
    if (alert.rung() != null) facts.put("Rung", alert.rung());
    facts.put("Environment", environment);
    if (alert.correlationId() != null) facts.put("Correlation id", alert.correlationId());
    facts.put("At", alert.at().toString());
    new TreeMap<>(alert.context()).forEach(facts::putIfAbsent);
    return facts;
  }

  private static ObjectNode plain(String text) {
    return JSON.createObjectNode().put("type", "plain_text").put("text", text);
  }

  private static ObjectNode markdown(String text) {
    return JSON.createObjectNode().put("type", "mrkdwn").put("text", text);
  }

  /** Slack reads {@code &}, {@code <} and {@code >} as markup: they are escaped in text from outside. */
  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
