package io.vwmedia.storage;

import java.util.Locale;
import java.util.Map;

/** MIME types of what the pipeline writes, by file extension: the one table stores and origins share. */
public final class ContentTypes {

  public static final String HLS_PLAYLIST = "application/vnd.apple.mpegurl";
  public static final String DASH_MPD = "application/dash+xml";
  public static final String CMAF_SEGMENT = "video/iso.segment";
  public static final String MP4 = "video/mp4";
  public static final String OCTET_STREAM = "application/octet-stream";

  private static final Map<String, String> BY_EXTENSION =
      Map.ofEntries(
          Map.entry("m3u8", HLS_PLAYLIST),
          Map.entry("mpd", DASH_MPD),
          Map.entry("m4s", CMAF_SEGMENT),
          Map.entry("mp4", MP4),
          Map.entry("m4v", MP4),
          Map.entry("m4a", "audio/mp4"),
          Map.entry("json", "application/json"),
          Map.entry("html", "text/html; charset=utf-8"),
          Map.entry("js", "text/javascript; charset=utf-8"),
          Map.entry("css", "text/css; charset=utf-8"),
          Map.entry("txt", "text/plain; charset=utf-8"),
          Map.entry("tsv", "text/tab-separated-values; charset=utf-8"),
          Map.entry("vtt", "text/vtt"));

  private ContentTypes() {}

  public static String forName(String name) {
    int dot = name.lastIndexOf('.');
    if (dot < 0) {
      return OCTET_STREAM;
    }
    return BY_EXTENSION.getOrDefault(name.substring(dot + 1).toLowerCase(Locale.ROOT), OCTET_STREAM);
  }

  /** Manifests change on republish: caches may keep them two seconds. */
  public static final String MANIFEST_CACHE_CONTROL = "public, max-age=2";
  /** Segments and init segments are never rewritten under the same key once published: cached for a year. */
  public static final String SEGMENT_CACHE_CONTROL = "public, max-age=31536000, immutable";

  /** The {@code Cache-Control} a store or origin sends for this object, the same everywhere. */
  public static String cacheControl(String name) {
    return isManifest(name) ? MANIFEST_CACHE_CONTROL : SEGMENT_CACHE_CONTROL;
  }

  /** True for playlists and MPDs, which change on republish and must be cached briefly. */
  public static boolean isManifest(String name) {
    String type = forName(name);
    return type.equals(HLS_PLAYLIST) || type.equals(DASH_MPD);
  }
}
