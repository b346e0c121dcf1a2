package io.vwmedia.topology.packaging;

import io.vwmedia.events.AssetPackaged;
import io.vwmedia.events.AssetProgress;
import io.vwmedia.events.AssetStatus;
import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RungKind;
import io.vwmedia.events.RungStatus;
import io.vwmedia.events.Timings;
import io.vwmedia.storage.ContentTypes;
import io.vwmedia.storage.ObjectStore;
import io.vwmedia.topology.AssetOutcomes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;

/**
 * Packages an asset whose rungs are all terminal: HLS media playlists, the HLS master and the DASH MPD, all over
 * the CMAF segments the workers stored, with only the rungs that are DONE. Media playlists are written before
 * the master and the MPD, so a player that finds a manifest finds everything it names.
 */
public final class ManifestPackager {

  private final ObjectStore store;
  private final Clock clock;
  private final HlsManifestWriter hls = new HlsManifestWriter();
  private final DashManifestWriter dash = new DashManifestWriter();

  public ManifestPackager(ObjectStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  public AssetPackaged pack(AssetProgress progress) {
    String assetId = progress.getAssetId();
    List<RenditionResult> video = progress.getResults().values().stream()
        .filter(r -> r.getStatus() == RungStatus.DONE && r.getRung().getKind() == RungKind.VIDEO)
        .sorted(Comparator.comparingInt(RenditionResult::getHeight).thenComparing(r -> r.getRung().getName()))
        .toList();
    if (video.isEmpty()) {
      throw new IllegalStateException("asset " + assetId + " has no video rung to package");
    }
    RenditionResult audio = progress.getResults().values().stream()
        .filter(r -> r.getStatus() == RungStatus.DONE && r.getRung().getKind() == RungKind.AUDIO)
        .findFirst()
        .orElse(null);

    for (RenditionResult r : video) {
      write(AssetLayout.mediaPlaylist(assetId, r.getRung().getName()), hls.media(r));
      if (HlsManifestWriter.hasIframes(r)) {
        write(AssetLayout.iframePlaylist(assetId, r.getRung().getName()), hls.iframes(r));
      }
    }
    if (audio != null) {
      write(AssetLayout.mediaPlaylist(assetId, audio.getRung().getName()), hls.media(audio));
    }
    write(AssetLayout.dashManifest(assetId), dash.mpd(video, audio));
    write(AssetLayout.masterPlaylist(assetId), hls.master(video, audio));

    Timings timings = Timings.newBuilder(progress.getTimings()).setPackagedAt(clock.instant()).build();
    return AssetPackaged.newBuilder()
        .setAssetId(assetId)
        .setCorrelationId(progress.getCorrelationId())
        .setDegraded(progress.getOutcome() == AssetStatus.DEGRADED)
        .setHlsMaster(AssetLayout.masterPlaylist(assetId))
        .setDashManifest(AssetLayout.dashManifest(assetId))
        .setRenditions(AssetOutcomes.renditions(progress, assetId))
        .setTimings(timings)
        .build();
  }

  private void write(String key, String content) {
    store.put(key, content.getBytes(StandardCharsets.UTF_8), ContentTypes.forName(key));
  }
}
