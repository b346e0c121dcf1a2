package io.vwmedia.observability.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vwmedia.events.AssetPublished;
import io.vwmedia.events.AssetStatus;
import io.vwmedia.observability.metrics.LatencyTimers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The asset-level meters, from the published events: how long from upload accepted to manifests written (first
 * playable and final), time to first playable, assets by terminal status, and dead letters of every stage.
 */
final class AssetMeters {

  static final String PUBLISH_LATENCY = "media.manifest.publish.latency";
  static final String FIRST_PLAYABLE = "media.asset.first.playable";
  static final String ASSETS_COMPLETED = "media.assets.completed";
  static final String DEAD_LETTERS = "media.dead.letters";
  private static final List<String> FORMATS = List.of("hls", "dash");

  private final MeterRegistry registry;

  /** @param deadLetterTopics the dead-letter topics, counted from zero so a dashboard shows 0, not "no data" */
  AssetMeters(MeterRegistry registry, List<String> deadLetterTopics) {
    this.registry = registry;
    deadLetterTopics.forEach(this::deadLetters);
  }

  /** One published event: a manifest version written, and for a terminal one, the asset's outcome. */
  void published(AssetPublished event) {
    Instant requested = event.getTimings().getRequestedAt();
    boolean terminal = event.getStatus() != AssetStatus.PLAYABLE;
    if (event.getManifestVersion() > 0) {
      Instant written = event.getTimings().getPackagedAt() != null ? event.getTimings().getPackagedAt()
          : event.getTimings().getPublishedAt();
      Duration latency = between(requested, written);
      if (event.getManifestVersion() == 1) {
        FORMATS.forEach(f -> publishLatency(f, "first-playable").record(latency));
        firstPlayable().record(between(requested, event.getTimings().getPublishedAt()));
      }
      if (terminal) {
        FORMATS.forEach(f -> publishLatency(f, "final").record(latency));
      }
    }
    if (terminal) {
      Counter.builder(ASSETS_COMPLETED).description("Assets that reached a terminal status")
          .tag("status", event.getStatus().name().toLowerCase(Locale.ROOT)).register(registry).increment();
    }
  }

  /** A record on a dead-letter topic. */
  void deadLettered(String topic) {
    deadLetters(topic).increment();
  }

  private Counter deadLetters(String topic) {
    return Counter.builder(DEAD_LETTERS).description("Records sent to a dead-letter topic, any stage")
        .tag("topic", topic).register(registry);
  }

  /**
   * @param manifest {@code first-playable} or {@code final}: tagged {@code manifest}, not {@code version}, which every
   *     meter already carries (the build's, Datadog's unified service tag) and which would hide it
   */
  private Timer publishLatency(String format, String manifest) {
    return LatencyTimers.histogram(PUBLISH_LATENCY,
            "Upload accepted to manifest written, for the first playable version and the final one",
            Duration.ofSeconds(1), Duration.ofHours(12))
        .tag("format", format).tag("manifest", manifest)
        .register(registry);
  }

  private Timer firstPlayable() {
    return LatencyTimers.histogram(FIRST_PLAYABLE, "Upload accepted to the first playable manifest published",
            Duration.ofSeconds(1), Duration.ofHours(12))
        .register(registry);
  }

  private static Duration between(Instant from, Instant to) {
    return to == null || from == null ? Duration.ZERO : Duration.between(from, to).isNegative() ? Duration.ZERO
        : Duration.between(from, to);
  }
}
