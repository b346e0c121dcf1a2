package io.vwmedia.observability.pipeline;

import io.vwmedia.events.AssetPublished;
import io.vwmedia.events.AssetStatus;
import io.vwmedia.observability.alerts.Alert;
import io.vwmedia.observability.alerts.AlertKind;
import io.vwmedia.observability.alerts.AlertPublisher;
import io.vwmedia.topics.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The alerts the pipeline's records call for: an asset FAILED or DEGRADED, a rung task dead-lettered. */
final class AssetAlerts {

  private final AlertPublisher alerts;

  /** The dispatcher behind {@code alerts} links each to its asset's status page. */
  AssetAlerts(AlertPublisher alerts) {
    this.alerts = alerts;
  }

  void published(AssetPublished e) {
    AlertKind kind = e.getStatus() == AssetStatus.FAILED ? AlertKind.ASSET_FAILED
        : e.getStatus() == AssetStatus.DEGRADED ? AlertKind.ASSET_DEGRADED : null;
    if (kind == null) {
      return;
    }
    Map<String, String> context = new LinkedHashMap<>();
    context.put("manifestVersion", Integer.toString(e.getManifestVersion()));
    if (e.getHlsUrl() != null) context.put("hlsUrl", e.getHlsUrl());
    alerts.raise(new Alert(kind, e.getAssetId(), e.getCorrelationId(), null,
        e.getReason() == null ? e.getStatus().name() : e.getReason(), null,
        e.getTimings().getPublishedAt() != null ? e.getTimings().getPublishedAt() : Instant.now(), context));
  }

  /** A rung task on {@code media.rendition.tasks-dlt}: its key is {@code assetId/rung}. */
  void renditionTaskDeadLettered(ConsumerRecord<byte[], byte[]> r) {
    String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
    String chunk = null;
    if (key.matches(".+/[^/]+/c\\d+")) { // a chunk task's key: assetId/rung/cNNNNN
      chunk = key.substring(key.lastIndexOf('/') + 1);
      key = key.substring(0, key.lastIndexOf('/'));
    }
    int slash = key.lastIndexOf('/');
    String assetId = slash > 0 ? key.substring(0, slash) : key.isEmpty() ? null : key;
    String rung = slash > 0 ? key.substring(slash + 1) : null;
    String reason = Optional.ofNullable(DeadLetters.header(r.headers(), DeadLetters.EXCEPTION_MESSAGE))
        .orElse("dead-lettered");
    Map<String, String> context = new LinkedHashMap<>();
    context.put("topic", Optional.ofNullable(DeadLetters.header(r.headers(), DeadLetters.TOPIC)).orElse(r.topic()));
    Optional.ofNullable(DeadLetters.header(r.headers(), DeadLetters.STAGE)).ifPresent(s -> context.put("stage", s));
    Optional.ofNullable(DeadLetters.header(r.headers(), DeadLetters.TASK)).ifPresent(s -> context.put("worker", s));
    Optional.ofNullable(chunk).ifPresent(c -> context.put("chunk", c));
    alerts.raise(new Alert(AlertKind.RUNG_DEAD_LETTERED, assetId, null, rung, reason, null,
        Instant.ofEpochMilli(r.timestamp()), context));
  }
}
