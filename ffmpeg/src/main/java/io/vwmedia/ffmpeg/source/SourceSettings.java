package io.vwmedia.ffmpeg.source;

import io.vwmedia.config.Setting;
import io.vwmedia.config.SettingsGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The settings of {@link SourcePolicy}: what a source may be, checked by every worker before FFmpeg opens it. */
public final class SourceSettings extends SettingsGroup.Declared {

  public static final Setting<List<String>> SCHEMES = Setting.list("vw.source.schemes",
      List.of("file", "http", "https"), List.of("file", "http", "https", "s3"), "the URI schemes a source may have;"
          + " `s3` lets producers name an upload where it lies (`s3://bucket/key`): the worker signs a short-lived URL"
          + " for it with its own credentials (its IAM role), in the region and endpoint of `vw.storage.s3.*`");
  public static final Setting<List<Path>> FILE_ROOTS = Setting.paths("vw.source.file-roots",
      "comma-separated folders a `file:` source must be under, symbolic links resolved first. `run` adds the folders"
          + " of the files it is given").defaultText("the working directory");
  public static final Setting<Boolean> ALLOW_PRIVATE_HOSTS = Setting.bool("vw.source.allow-private-hosts", false,
      "allow `http(s):` sources whose host resolves to a loopback, link-local (cloud metadata), private,"
          + " carrier-grade NAT or unique-local address");
  public static final Setting<Double> MAX_GIB = Setting.decimal("vw.source.max-gib", 50, 0.001, 1 << 20,
      "largest source file, in GiB");
  public static final Setting<Duration> MAX_DURATION = Setting.duration("vw.source.max-duration", "12h",
      "longest source, as probed");
  public static final Setting<Integer> MAX_DIMENSION = Setting.integer("vw.source.max-dimension", 8192, 64, 32768,
      "largest picture, in pixels on its longer side, as probed");

  public SourceSettings() {
    super("source", "Sources", List.of("run", "serve", "worker"),
        SCHEMES, FILE_ROOTS, ALLOW_PRIVATE_HOSTS, MAX_GIB, MAX_DURATION, MAX_DIMENSION);
  }
}
