package io.vwmedia.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What tests read out of a published HLS media playlist. */
public final class Playlists {

  private static final Pattern ENCODE_FOLDER = Pattern.compile("#EXT-X-MAP:URI=\"(w-[0-9a-f]{8}/)init\\.mp4\"");

  private Playlists() {}

  /**
   * The folder of the encode a whole rung's media playlist names ({@code w-1f2e3d4c/}): its init segment's, and so its
   * segments', within the rung's folder (storage's {@code AssetLayout.encodeFolder}).
   */
  public static String encodeFolder(String playlist) {
    Matcher map = ENCODE_FOLDER.matcher(playlist);
    assertThat(map.find()).as("the playlist names its encode's folder: %s", playlist).isTrue();
    return map.group(1);
  }
}
