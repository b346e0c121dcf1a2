package io.vwmedia.storage;

import java.net.URI;
import java.nio.file.Path;

/** Turns a task's source URI into what FFmpeg's {@code -i} takes, refusing schemes the worker cannot read. */
public final class SourceInputs {

  private SourceInputs() {}

  public static String toFfmpegInput(String sourceUri) {
    URI uri = URI.create(sourceUri);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme();
    return switch (scheme) {
      case "file" -> "file:" + Path.of(uri).toAbsolutePath();
      case "http", "https" -> uri.toString();
      default -> throw new IllegalArgumentException(
          "source URI scheme '" + scheme + "' is not supported (use file:, http: or https:): " + sourceUri);
    };
  }
}
