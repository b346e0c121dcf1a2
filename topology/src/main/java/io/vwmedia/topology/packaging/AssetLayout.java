package io.vwmedia.topology.packaging;

import io.vwmedia.storage.StorageKeys;

/** Where an asset's files live in the object store: one folder per asset, one sub-folder per rung. */
public final class AssetLayout {

  public static final String MASTER_PLAYLIST = "master.m3u8";
  public static final String DASH_MANIFEST = "manifest.mpd";
  public static final String MEDIA_PLAYLIST = "playlist.m3u8";
  /** A video rendition's I-frame playlist (trick play), beside its media playlist. */
  public static final String IFRAME_PLAYLIST = "iframes.m3u8";

  private AssetLayout() {}

  public static String assetPrefix(String assetId) {
    return StorageKeys.validatePrefix("assets/" + assetId + "/");
  }

  public static String rungPrefix(String assetId, String rung) {
    return StorageKeys.validatePrefix(assetPrefix(assetId) + rung + "/");
  }

  public static String masterPlaylist(String assetId) {
    return assetPrefix(assetId) + MASTER_PLAYLIST;
  }

  public static String dashManifest(String assetId) {
    return assetPrefix(assetId) + DASH_MANIFEST;
  }

  public static String iframePlaylist(String assetId, String rung) {
    return rungPrefix(assetId, rung) + IFRAME_PLAYLIST;
  }

  public static String mediaPlaylist(String assetId, String rung) {
    return rungPrefix(assetId, rung) + MEDIA_PLAYLIST;
  }
}
