package io.vwmedia.topology.packaging;

import io.vwmedia.events.AssetPackaged;
import io.vwmedia.events.AssetProgress;
import io.vwmedia.events.AssetStatus;
import io.vwmedia.events.LivePackaging;
import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RungKind;
import io.vwmedia.events.RungStatus;
import io.vwmedia.events.Timings;
import io.vwmedia.storage.AssetLayout;
import io.vwmedia.storage.ContentTypes;
import io.vwmedia.storage.ObjectStore;
import io.vwmedia.storage.SegmentTimeline;
import io.vwmedia.topology.progress.AssetOutcomes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;

/**
 * Packages one manifest version of an asset: its HLS media and I-frame playlists beside the CMAF segments the workers
 * stored (each rung's segments read from the timeline file its worker stored with them), then the version's HLS
 * master and DASH MPD under {@code manifests/{id}/v{n}/}, then the stable pointers
 * {@code manifests/{id}/master.m3u8} and {@code manifest.mpd} (copies of the version, so a player needs no redirect),
 * with only the rungs that are DONE so far. Every file is written before anything that names it, so a player that
 * finds a manifest finds everything it names; a version's files are never rewritten with other content, so a
 * player on an earlier version keeps playing. Packaging a version again (a retry) writes the same bytes.
 *
 * <p>The live version ({@link #packLive}, manifest version 0) is the exception: its rungs' playlists are HLS EVENT
 * playlists in each rung's folder ({@code live.m3u8}) that grow as the workers store segments and end when the rung is
 * terminal, under a master in {@code manifests/{id}/live/}, which the stable HLS pointer copies until version 1.
 * An EVENT playlist only ever gains segments and finally its end tag, so a player on it keeps playing too.
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
    List<RungMedia> video = progress.getResults().values().stream()
        .filter(r -> r.getStatus() == RungStatus.DONE && r.getRung().getKind() == RungKind.VIDEO)
        .sorted(Comparator.comparingInt(RenditionResult::getHeight).thenComparing(r -> r.getRung().getName()))
        .map(this::media)
        .toList();
    if (video.isEmpty()) {
      throw new IllegalStateException("asset " + assetId + " has no video rung to package");
    }
    RungMedia audio = progress.getResults().values().stream()
        .filter(r -> r.getStatus() == RungStatus.DONE && r.getRung().getKind() == RungKind.AUDIO)
        .findFirst()
        .map(this::media)
        .orElse(null);

    int version = Math.max(1, progress.getManifestVersion());
    writeLivePlaylists(progress);
    for (RungMedia r : video) {
      write(AssetLayout.mediaPlaylist(assetId, r.name()), hls.media(r));
      if (HlsManifestWriter.hasIframes(r)) {
        write(AssetLayout.iframePlaylist(assetId, r.name()), hls.iframes(r));
      }
    }
    if (audio != null) {
      write(AssetLayout.mediaPlaylist(assetId, audio.name()), hls.media(audio));
    }
    String versionFolder = AssetLayout.versionPrefix(assetId, version);
    String fromVersion = AssetLayout.mediaFrom(versionFolder, assetId);
    write(AssetLayout.dashManifest(assetId, version), dash.mpd(video, audio, fromVersion));
    write(AssetLayout.masterPlaylist(assetId, version), hls.master(video, audio, fromVersion));
    String fromPointer = AssetLayout.mediaFrom(AssetLayout.manifestsPrefix(assetId), assetId);
    write(AssetLayout.dashManifest(assetId), dash.mpd(video, audio, fromPointer));
    write(AssetLayout.masterPlaylist(assetId), hls.master(video, audio, fromPointer));

    Timings timings = Timings.newBuilder(progress.getTimings()).setPackagedAt(clock.instant()).build();
    return AssetPackaged.newBuilder()
        .setAssetId(assetId)
        .setCorrelationId(progress.getCorrelationId())
        .setDegraded(progress.getOutcome() == AssetStatus.DEGRADED)
        .setHlsMaster(AssetLayout.masterPlaylist(assetId))
        .setDashManifest(AssetLayout.dashManifest(assetId))
        .setManifestVersion(version)
        .setComplete(progress.getOutcome() != null)
        .setRenditions(AssetOutcomes.renditions(progress, assetId))
        .setTimings(timings)
        .build();
  }

  /**
   * The live version: each live rung's playlist as far as its segments go (ended if the rung is terminal) and, until
   * version 1 exists, the live master and the stable HLS pointer with every live video rung. Announced once: the
   * first time, it is packaged (a PLAYABLE event follows, manifest version 0); after that nothing is.
   */
  public List<AssetPackaged> packLive(LivePackaging live) {
    AssetProgress progress = live.getProgress();
    String assetId = progress.getAssetId();
    List<RungMedia> rungs = writeLivePlaylists(progress);
    if (progress.getManifestVersion() == 0) {
      List<RungMedia> video = rungs.stream()
          .filter(r -> r.result().getRung().getKind() == RungKind.VIDEO)
          .sorted(Comparator.comparingInt((RungMedia r) -> r.result().getHeight()).thenComparing(RungMedia::name))
          .toList();
      RungMedia audio = rungs.stream()
          .filter(r -> r.result().getRung().getKind() == RungKind.AUDIO).findFirst().orElse(null);
      if (!video.isEmpty()) {
        String fromLive = AssetLayout.mediaFrom(AssetLayout.liveManifestsPrefix(assetId), assetId);
        write(AssetLayout.liveMasterPlaylist(assetId), hls.liveMaster(video, audio, fromLive));
        String fromPointer = AssetLayout.mediaFrom(AssetLayout.manifestsPrefix(assetId), assetId);
        write(AssetLayout.masterPlaylist(assetId), hls.liveMaster(video, audio, fromPointer));
      }
    }
    if (!live.getAnnounce()) {
      return List.of();
    }
    return List.of(AssetPackaged.newBuilder()
        .setAssetId(assetId)
        .setCorrelationId(progress.getCorrelationId())
        .setDegraded(false)
        .setHlsMaster(AssetLayout.masterPlaylist(assetId))
        .setDashManifest(AssetLayout.dashManifest(assetId))
        .setManifestVersion(0)
        .setLive(true)
        .setComplete(false)
        .setRenditions(AssetOutcomes.renditions(progress, assetId))
        .setTimings(Timings.newBuilder(progress.getTimings()).setPackagedAt(clock.instant()).build())
        .build());
  }

  /**
   * Each live rung's EVENT playlist: as far as its segments go, and ended once the rung is terminal (with every
   * segment, when the encode that went live is the one that counts; where it got, when another one does).
   *
   * @return the live rungs as written, each timeline read once
   */
  private List<RungMedia> writeLivePlaylists(AssetProgress progress) {
    List<RungMedia> written = new java.util.ArrayList<>();
    for (String rung : progress.getLive().keySet()) {
      RungMedia media = liveMedia(progress, rung);
      write(AssetLayout.livePlaylist(progress.getAssetId(), rung), hls.live(media, progress.getResults().containsKey(rung)));
      written.add(media);
    }
    return written;
  }

  /** A live rung's segments: the finished encode's, when it is the encode that went live; else the live one's. */
  private RungMedia liveMedia(AssetProgress progress, String rung) {
    RenditionResult live = progress.getLive().get(rung);
    RenditionResult done = progress.getResults().get(rung);
    boolean sameEncode = done != null && done.getStatus() == RungStatus.DONE
        && live.getOutputPrefix().equals(done.getOutputPrefix());
    return media(sameEncode ? done : live);
  }

  /** A DONE rung with its segments, read from the timeline its worker stored beside them. */
  private RungMedia media(RenditionResult result) {
    return RungMedia.of(result, SegmentTimeline.of(result, store));
  }

  private void write(String key, String content) {
    store.put(key, content.getBytes(StandardCharsets.UTF_8), ContentTypes.forName(key));
  }
}
