package io.vwmedia.observability.alerts;

import java.time.Instant;
import java.util.Map;

/** Small builders of the alerts tests raise. */
public final class Alerts {

  private Alerts() {}

  public static Alert failed(String assetId, String reason) {
    return new Alert(AlertKind.ASSET_FAILED, assetId, "corr-" + assetId, null, reason, null,
        Instant.parse("2026-12-02T10:00:00Z"), Map.of());
  }

  public static Alert deadLettered(String assetId, String rung, String reason) {
    return new Alert(AlertKind.RUNG_DEAD_LETTERED, assetId, "corr-" + assetId, rung, reason, null,
        Instant.parse("2026-12-02T10:00:00Z"), Map.of("topic", "media.rendition.tasks-dlt", "attempts", "4"));
  }
}
