package io.vwmedia.storage;

import java.util.UUID;

/**
 * Where an asset's files live in the object store, for everyone who writes or reads them: the planner (where a rung
 * goes), the worker, the packager and the publisher. Media: {@code assets/{id}/{rung}/} holds a rung's media playlist
 * and I-frame playlist, and, in a folder of each encode's own ({@link #encodeFolder}, {@link #chunkFolder}), the init
 * segment, segments and segment timeline ({@link SegmentTimeline}) that encode wrote; the playlists name the folder
 * of the encode that counted. Manifests: {@code manifests/{id}/v{n}/} holds each
 * version's HLS master and DASH MPD, never rewritten, and {@code manifests/{id}/} the stable pointers, copies of the
 * latest version. A player on an earlier version keeps every file it needs.
 */
public final class AssetLayout {

  public static final String MASTER_PLAYLIST = "master.m3u8";
  public static final String DASH_MANIFEST = "manifest.mpd";
  public static final String MEDIA_PLAYLIST = "playlist.m3u8";
  /** A video rendition's I-frame playlist (trick play), beside its media playlist. */
  public static final String IFRAME_PLAYLIST = "iframes.m3u8";
  /**
   * A rung's live playlist (live publishing), in the rung's folder: an HLS EVENT playlist of the first encode that
   * reported segments, growing while it runs, ended when the rung is done.
   */
  public static final String LIVE_PLAYLIST = "live.m3u8";
  /** A rung's segment timeline, written by the worker beside the segments it describes: {@link SegmentTimeline}. */
  public static final String TIMELINE = "timeline.tsv";

  private AssetLayout() {}

  /**
   * A new folder for one encode of a whole rung, under the rung's folder and named for a tag drawn for this encode
   * ({@code assets/a1/720p/w-1f2e3d4c/}): a rung encoded twice (a redelivered task, a partition moved mid-encode)
   * never overwrites the files the first result describes, and the copy that does not count is removed whole.
   */
  public static String encodeFolder(String rungPrefix) {
    return StorageKeys.validatePrefix(StorageKeys.validatePrefix(rungPrefix) + "w-" + tag() + "/");
  }

  /** A new folder for one copy of chunk {@code index} of a rung ({@code assets/a1/720p/c0003-1f2e3d4c/}), as {@link #encodeFolder}. */
  public static String chunkFolder(String rungPrefix, int index) {
    return StorageKeys.validatePrefix(StorageKeys.validatePrefix(rungPrefix) + "c%04d-%s/".formatted(index, tag()));
  }

  /**
   * Where {@code folder} is within the rung's folder, as the rung's playlists name it: {@code ""} for the rung's folder
   * itself (the managed leg's output, results of workers from before encode folders), {@code w-1f2e3d4c/} for an
   * encode's own folder.
   *
   * @throws IllegalArgumentException when the folder is not the rung's or one under it
   */
  public static String withinRung(String rungPrefix, String folder) {
    if (folder == null || !folder.startsWith(rungPrefix)) {
      throw new IllegalArgumentException("folder " + folder + " is not under its rung's " + rungPrefix);
    }
    return folder.substring(rungPrefix.length());
  }

  /** Whether {@code folder} is one encode's own folder under the rung's (and so removable whole), not the rung's own. */
  public static boolean isCopyFolder(String rungPrefix, String folder) {
    return folder != null && folder.startsWith(rungPrefix) && folder.length() > rungPrefix.length() && folder.endsWith("/");
  }

  private static String tag() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  public static String assetPrefix(String assetId) {
    return StorageKeys.validatePrefix("assets/" + assetId + "/");
  }

  public static String rungPrefix(String assetId, String rung) {
    return StorageKeys.validatePrefix(assetPrefix(assetId) + rung + "/");
  }

  /**
   * Where the managed leg's job writes a rung before the workers bring it into {@link #rungPrefix}: a folder of the
   * asset's own, per attempt, outside every rung's folder (whose stale files are removed when a rung is stored).
   */
  public static String managedStagingPrefix(String assetId, int attempt, String rung) {
    return StorageKeys.validatePrefix(assetPrefix(assetId) + "mediaconvert-a" + attempt + "/" + rung + "/");
  }

  public static String manifestsPrefix(String assetId) {
    return StorageKeys.validatePrefix("manifests/" + assetId + "/");
  }

  public static String versionPrefix(String assetId, int version) {
    if (version < 1) {
      throw new IllegalArgumentException("manifest versions start at 1, was " + version);
    }
    return StorageKeys.validatePrefix(manifestsPrefix(assetId) + "v" + version + "/");
  }

  /** The stable pointer: the HLS master of the latest version. */
  public static String masterPlaylist(String assetId) {
    return manifestsPrefix(assetId) + MASTER_PLAYLIST;
  }

  /** The stable pointer: the DASH MPD of the latest version. */
  public static String dashManifest(String assetId) {
    return manifestsPrefix(assetId) + DASH_MANIFEST;
  }

  public static String masterPlaylist(String assetId, int version) {
    return versionPrefix(assetId, version) + MASTER_PLAYLIST;
  }

  public static String dashManifest(String assetId, int version) {
    return versionPrefix(assetId, version) + DASH_MANIFEST;
  }

  /** The relative path from a manifest in {@code manifestFolder} to the asset's media folder, e.g. {@code ../../assets/a1/}. */
  public static String mediaFrom(String manifestFolder, String assetId) {
    long depth = manifestFolder.chars().filter(c -> c == '/').count();
    return "../".repeat((int) depth) + assetPrefix(assetId);
  }

  /** The live version's HLS master (manifest version 0), rewritten while the set of live rungs grows. */
  public static String liveMasterPlaylist(String assetId) {
    return liveManifestsPrefix(assetId) + MASTER_PLAYLIST;
  }

  public static String liveManifestsPrefix(String assetId) {
    return StorageKeys.validatePrefix(manifestsPrefix(assetId) + "live/");
  }

  public static String livePlaylist(String assetId, String rung) {
    return rungPrefix(assetId, rung) + LIVE_PLAYLIST;
  }

  public static String iframePlaylist(String assetId, String rung) {
    return rungPrefix(assetId, rung) + IFRAME_PLAYLIST;
  }

  public static String mediaPlaylist(String assetId, String rung) {
    return rungPrefix(assetId, rung) + MEDIA_PLAYLIST;
  }

  public static String timeline(String assetId, String rung) {
    return rungPrefix(assetId, rung) + TIMELINE;
  }
}
