package io.vwmedia.topology.publish;

import io.vwmedia.events.AssetPackaged;
import io.vwmedia.events.AssetProgress;
import io.vwmedia.events.AssetPublished;
import io.vwmedia.events.AssetStatus;
import io.vwmedia.events.Rendition;
import io.vwmedia.events.Timings;
import io.vwmedia.storage.AssetLayout;
import io.vwmedia.storage.CdnInvalidator;
import io.vwmedia.storage.ObjectStore;
import io.vwmedia.topology.progress.AssetOutcomes;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Makes the one terminal event of an asset for the published topic: for a packaged asset, after the CDN has
 * been told its manifests changed; for a failed one, with the reason a user reads.
 */
public final class Publisher {

  private final CdnInvalidator cdn;
  private final Clock clock;
  private final PublicUrls urls;

  /**
   * @param publicBaseUrl where viewers reach the store (a CDN or origin URL); when empty, locations are the
   *     store's own ({@link ObjectStore#locate}), e.g. local paths on the embedded default
   */
  public Publisher(ObjectStore store, CdnInvalidator cdn, Clock clock, Optional<String> publicBaseUrl) {
    this.cdn = cdn;
    this.clock = clock;
    this.urls = new PublicUrls(store, publicBaseUrl);
  }

  /**
   * The event for one packaged version: PLAYABLE while more renditions are coming, then PUBLISHED or DEGRADED. The
   * CDN is told that the stable pointers changed; version folders are new keys and need no invalidation.
   */
  public AssetPublished published(AssetPackaged packaged) {
    if (packaged.getLive()) {
      return live(packaged);
    }
    int version = packaged.getManifestVersion();
    // the version tells this publish from a later one of the same asset, and is the same on a retry
    cdn.invalidate(packaged.getAssetId() + "@v" + version, List.of(packaged.getHlsMaster(), packaged.getDashManifest()));
    AssetStatus status = !packaged.getComplete() ? AssetStatus.PLAYABLE
        : packaged.getDegraded() ? AssetStatus.DEGRADED : AssetStatus.PUBLISHED;
    return AssetPublished.newBuilder()
        .setAssetId(packaged.getAssetId())
        .setCorrelationId(packaged.getCorrelationId())
        .setStatus(status)
        .setReason(AssetOutcomes.reason(status, packaged.getRenditions()))
        .setHlsUrl(url(packaged.getHlsMaster()))
        .setDashUrl(url(packaged.getDashManifest()))
        .setManifestVersion(version)
        .setHlsVersionUrl(url(AssetLayout.masterPlaylist(packaged.getAssetId(), version)))
        .setDashVersionUrl(url(AssetLayout.dashManifest(packaged.getAssetId(), version)))
        .setRenditions(packaged.getRenditions())
        .setTimings(Timings.newBuilder(packaged.getTimings()).setPublishedAt(clock.instant()).build())
        .build();
  }

  /**
   * The live version's PLAYABLE event (manifest version 0): the HLS pointer and the live master; no DASH yet. The CDN
   * is told that the HLS pointer changed.
   */
  private AssetPublished live(AssetPackaged packaged) {
    cdn.invalidate(packaged.getAssetId() + "@live", List.of(packaged.getHlsMaster()));
    return AssetPublished.newBuilder()
        .setAssetId(packaged.getAssetId())
        .setCorrelationId(packaged.getCorrelationId())
        .setStatus(AssetStatus.PLAYABLE)
        .setHlsUrl(url(packaged.getHlsMaster()))
        .setManifestVersion(0)
        .setHlsVersionUrl(url(AssetLayout.liveMasterPlaylist(packaged.getAssetId())))
        .setRenditions(packaged.getRenditions())
        .setTimings(Timings.newBuilder(packaged.getTimings()).setPublishedAt(clock.instant()).build())
        .build();
  }

  /** An asset whose rungs all ended without a playable video rung. */
  public AssetPublished failed(AssetProgress progress) {
    List<Rendition> renditions = AssetOutcomes.renditions(progress, progress.getAssetId());
    return AssetPublished.newBuilder()
        .setAssetId(progress.getAssetId())
        .setCorrelationId(progress.getCorrelationId())
        .setStatus(AssetStatus.FAILED)
        .setReason(AssetOutcomes.reason(AssetStatus.FAILED, renditions))
        .setRenditions(renditions)
        .setTimings(Timings.newBuilder(progress.getTimings()).setPublishedAt(clock.instant()).build())
        .build();
  }

  /** An asset refused before any rung ran: bad id, unknown template, a source refused or unreadable. */
  public AssetPublished rejected(AssetProgress progress, String reason) {
    return AssetPublished.newBuilder()
        .setAssetId(progress.getAssetId())
        .setCorrelationId(progress.getCorrelationId())
        .setStatus(AssetStatus.FAILED)
        .setReason(reason)
        .setTimings(Timings.newBuilder(progress.getTimings()).setPublishedAt(clock.instant()).build())
        .build();
  }

  private String url(String key) {
    return urls.of(key);
  }
}
