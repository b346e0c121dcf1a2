package io.vwmedia.topology;

import java.util.regex.Pattern;

/** What an asset id may be: it becomes a storage folder and a Kafka key, so nothing that could escape either. */
public final class AssetIds {

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");

  private AssetIds() {}

  /** Throws {@link IllegalArgumentException} with a user's reason when {@code assetId} is not allowed. */
  public static String validate(String assetId) {
    if (assetId == null || !VALID.matcher(assetId).matches()) {
      throw new IllegalArgumentException(
          "asset id '" + assetId + "' is not allowed: use 1 to 128 of A-Z a-z 0-9 . _ - , not starting with '.' or '-'");
    }
    return assetId;
  }
}
