package io.vwmedia.storage;

import java.util.regex.Pattern;

/** The one place that decides what a storage key may look like, so no caller can write outside its store. */
public final class StorageKeys {

  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");

  private StorageKeys() {}

  /**
   * Returns {@code key} if every slash-separated part is a plain name (letters, digits, dot, dash, underscore,
   * not starting with a dot); throws otherwise. No empty parts, no {@code .} or {@code ..}, no leading slash.
   */
  public static String validate(String key) {
    if (key == null || key.isEmpty() || key.length() > 1024) {
      throw new IllegalArgumentException("storage key must be 1 to 1024 characters: '" + key + "'");
    }
    for (String part : key.split("/", -1)) {
      if (!SEGMENT.matcher(part).matches()) {
        throw new IllegalArgumentException(
            "storage key '" + key + "' has an invalid part '" + part
                + "' (allowed: letters, digits, '.', '-', '_', not starting with '.')");
      }
    }
    return key;
  }

  /** Validates a prefix: a key, optionally ending in a slash. */
  public static String validatePrefix(String prefix) {
    String trimmed = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    validate(trimmed);
    return prefix;
  }
}
