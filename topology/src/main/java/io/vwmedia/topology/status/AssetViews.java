package io.vwmedia.topology.status;

import io.vwmedia.events.AssetProgress;
import io.vwmedia.events.AssetStatus;
import io.vwmedia.events.QualityScores;
import io.vwmedia.events.Rendition;
import io.vwmedia.events.RenditionResult;
import io.vwmedia.storage.AssetLayout;
import io.vwmedia.topology.progress.AssetOutcomes;
import io.vwmedia.topology.publish.PublicUrls;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Turns an asset's progress, as the topology keeps it, into the {@link AssetView} the status API shows. The rungs,
 * the outcome and the reason come from {@link AssetOutcomes}, the rules the aggregator and the publisher follow, so
 * the page cannot tell a different story than the published events.
 */
public final class AssetViews {

  static final String REFUSED = "refused before its rungs were planned; the FAILED event on media.asset.published"
      + " says why";

  private final PublicUrls urls;

  public AssetViews(PublicUrls urls) {
    this.urls = urls;
  }

  public AssetView of(AssetProgress progress) {
    String assetId = progress.getAssetId();
    List<Rendition> renditions = AssetOutcomes.renditions(progress, assetId);
    String status = status(progress);
    List<AssetView.Rung> rungs = renditions.stream().map(r -> rung(r, progress.getResults().get(r.getName()))).toList();
    return new AssetView(
        assetId,
        progress.getCorrelationId(),
        status,
        reason(progress, renditions),
        progress.getTemplateId(),
        progress.getSourceUri(),
        progress.getSourceDurationSeconds(),
        progress.getResults().size(),
        progress.getPlanned().size(),
        rungs,
        manifests(assetId, progress.getManifestVersion(), progress.getLiveAnnouncedAt() != null),
        new AssetView.Timings(
            iso(progress.getTimings().getRequestedAt()),
            iso(progress.getTimings().getPlannedAt()),
            iso(progress.getTimings().getRenditionsDoneAt())));
  }

  /**
   * The outcome once every rung is terminal (or the upload was refused); before it PLAYABLE when a version (or the
   * live version) was handed to packaging, PROBING while a probe is awaited or nothing is planned yet, else ENCODING.
   */
  static String status(AssetProgress progress) {
    if (progress.getOutcome() != null) return progress.getOutcome().name();
    if (progress.getManifestVersion() > 0 || progress.getLiveAnnouncedAt() != null) return AssetStatus.PLAYABLE.name();
    if (progress.getAwaiting() != null || progress.getPlanned().isEmpty()) return "PROBING";
    return "ENCODING";
  }

  private static String reason(AssetProgress progress, List<Rendition> renditions) {
    if (progress.getOutcome() == AssetStatus.FAILED && progress.getPlanned().isEmpty()) {
      return REFUSED;
    }
    return progress.getOutcome() == null ? null : AssetOutcomes.reason(progress.getOutcome(), renditions);
  }

  private static AssetView.Rung rung(Rendition r, RenditionResult result) {
    QualityScores q = r.getQuality();
    return new AssetView.Rung(
        r.getName(),
        r.getKind().name(),
        r.getStatus().name(),
        r.getWidth(),
        r.getHeight(),
        r.getFfmpegEncoder(),
        r.getEncodeDurationMs(),
        r.getTargetBitrateKbps(),
        r.getMaxBitrateKbps(),
        r.getAverageBandwidth(),
        r.getBandwidth(),
        result == null ? 0 : result.getSegmentBytes(),
        r.getSegmentCount(),
        q == null ? null : new AssetView.Quality(q.getPsnr(), q.getSsim(), q.getVmaf()),
        result == null ? null : result.getError());
  }

  /** The versions so far; before version 1, the live version alone (version 0: HLS only) once it was announced. */
  private AssetView.Manifests manifests(String assetId, int version, boolean live) {
    if (version < 1) {
      return live ? new AssetView.Manifests(0, urls.of(AssetLayout.masterPlaylist(assetId)), null,
          List.of(new AssetView.Version(0, urls.of(AssetLayout.liveMasterPlaylist(assetId)), null))) : null;
    }
    List<AssetView.Version> versions = IntStream.rangeClosed(1, version)
        .mapToObj(v -> new AssetView.Version(v,
            urls.of(AssetLayout.masterPlaylist(assetId, v)), urls.of(AssetLayout.dashManifest(assetId, v))))
        .toList();
    return new AssetView.Manifests(version,
        urls.of(AssetLayout.masterPlaylist(assetId)), urls.of(AssetLayout.dashManifest(assetId)), versions);
  }

  private static String iso(Instant at) {
    return at == null ? null : at.toString();
  }
}
