package io.vwmedia.observability.pipeline;

import io.vwmedia.events.AssetPublished;
import io.vwmedia.events.AssetStatus;
import io.vwmedia.events.QualityScores;
import io.vwmedia.events.Rendition;
import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RungStatus;
import io.vwmedia.observability.analytics.ProductEvents;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The story's two product events, made from the pipeline's own records: {@code media_transcode_completed} per rung
 * result (done, failed or skipped) and {@code media_packaged} per manifest version. Properties are snake_case, the
 * Segment convention; every event has {@code asset_id}.
 */
final class AnalyticsEvents {

  static final String TRANSCODE_COMPLETED = "media_transcode_completed";
  static final String PACKAGED = "media_packaged";

  private final ProductEvents events;
  /** Time to first playable of assets seen lately, so later versions can say it too. */
  private final Map<String, Long> firstPlayableMs = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
      return size() > 10_000;
    }
  };

  AnalyticsEvents(ProductEvents events) {
    this.events = events;
  }

  void transcodeCompleted(RenditionResult r) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("correlation_id", r.getCorrelationId());
    p.put("rung", r.getRung().getName());
    p.put("kind", r.getRung().getKind().name().toLowerCase(Locale.ROOT));
    p.put("codec", r.getRung().getCodec());
    p.put("encoder", r.getFfmpegEncoder());
    p.put("outcome", r.getStatus().name().toLowerCase(Locale.ROOT));
    p.put("duration_ms", r.getEncodeDurationMs());
    p.put("attempts", r.getAttempts());
    p.put("worker", r.getWorker());
    if (r.getStatus() == RungStatus.DONE) {
      p.put("bitrate", r.getAverageBitrate());
      p.put("peak_bitrate", r.getPeakBitrate());
      p.put("target_bitrate", r.getRung().getBitrateKbps() * 1000L);
      p.put("width", r.getWidth());
      p.put("height", r.getHeight());
      p.put("segment_count", r.getSegmentCount());
      p.put("bytes", r.getSegmentBytes());
      QualityScores q = r.getQuality();
      if (q != null) {
        p.put("psnr", q.getPsnr());
        p.put("ssim", q.getSsim());
        if (q.getVmaf() != null) p.put("vmaf", q.getVmaf());
      }
    } else {
      p.put("error", r.getError());
      if (r.getFailureClass() != null) p.put("failure_class", r.getFailureClass().name().toLowerCase(Locale.ROOT));
    }
    String id = r.getAssetId() + "/" + r.getRung().getName() + "/" + r.getStatus() + "/" + r.getAttempts();
    events.track(TRANSCODE_COMPLETED, r.getAssetId(), id, p);
  }

  void packaged(AssetPublished e) {
    if (e.getManifestVersion() <= 0) {
      return; // FAILED: nothing was packaged
    }
    long sinceRequest = e.getTimings().getPublishedAt() == null ? 0
        : e.getTimings().getPublishedAt().toEpochMilli() - e.getTimings().getRequestedAt().toEpochMilli();
    if (e.getManifestVersion() == 1) {
      firstPlayableMs.put(e.getAssetId(), sinceRequest);
    }
    Long firstPlayable = firstPlayableMs.get(e.getAssetId());
    List<String> rungs = e.getRenditions().stream().filter(r -> r.getStatus() == RungStatus.DONE)
        .map(Rendition::getName).toList();
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("correlation_id", e.getCorrelationId());
    p.put("status", e.getStatus().name().toLowerCase(Locale.ROOT));
    p.put("manifest_version", e.getManifestVersion());
    p.put("final", e.getStatus() != AssetStatus.PLAYABLE);
    p.put("hls_url", e.getHlsVersionUrl() != null ? e.getHlsVersionUrl() : e.getHlsUrl());
    p.put("dash_url", e.getDashVersionUrl() != null ? e.getDashVersionUrl() : e.getDashUrl());
    p.put("rungs", rungs);
    p.put("degraded", e.getStatus() == AssetStatus.DEGRADED);
    if (e.getReason() != null) p.put("reason", e.getReason());
    if (firstPlayable != null) p.put("time_to_first_playable_ms", firstPlayable);
    p.put("time_since_upload_ms", sinceRequest);
    events.track(PACKAGED, e.getAssetId(), e.getAssetId() + "/v" + e.getManifestVersion() + "/" + e.getStatus(), p);
  }
}
