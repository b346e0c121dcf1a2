package io.vwmedia.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Typed reading of {@code vw.*} settings with defaults and validation, so every module's config record fails
 * fast at start-up with a message naming the bad key and the allowed values.
 *
 * <p>Values come, first match wins, from explicit overrides (command-line options), Java system properties, and
 * environment variables ({@code vw.worker.concurrency} is read from {@code VW_WORKER_CONCURRENCY}).
 */
public final class Settings {

  private final Map<String, String> values;

  private Settings(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  /** Settings from the given overrides only: for tests and embedded use. */
  public static Settings of(Map<String, String> overrides) {
    return new Settings(overrides);
  }

  /** Overrides, then system properties, then the environment. */
  public static Settings fromEnvironment(Map<String, String> overrides) {
    Map<String, String> merged = new HashMap<>();
    System.getenv().forEach((k, v) -> {
      if (k.startsWith("VW_")) {
        merged.put(k.toLowerCase(Locale.ROOT).replace('_', '.'), v);
      }
    });
    System.getProperties().forEach((k, v) -> {
      if (k.toString().startsWith("vw.")) {
        merged.put(k.toString(), v.toString());
      }
    });
    merged.putAll(overrides);
    return new Settings(merged);
  }

  /** A copy with more values on top. */
  public Settings with(Map<String, String> overrides) {
    Map<String, String> merged = new HashMap<>(values);
    merged.putAll(overrides);
    return new Settings(merged);
  }

  private Optional<String> raw(String key) {
    String value = values.get(key);
    if (value == null) {
      // environment variables cannot hold '-': vw.worker.x264-preset also answers to VW_WORKER_X264_PRESET
      value = values.get(key.replace('-', '.'));
    }
    return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
  }

  public String string(String key, String defaultValue) {
    return raw(key).orElse(defaultValue);
  }

  public Optional<String> optional(String key) {
    return raw(key);
  }

  public int integer(String key, int defaultValue, int min, int max) {
    String v = raw(key).orElse(null);
    if (v == null) {
      return defaultValue;
    }
    try {
      int parsed = Integer.parseInt(v);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new ConfigException(key + ": '" + v + "' is not allowed; expected a whole number from " + min + " to " + max);
  }

  public double decimal(String key, double defaultValue, double min, double max) {
    String v = raw(key).orElse(null);
    if (v == null) {
      return defaultValue;
    }
    try {
      double parsed = Double.parseDouble(v);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new ConfigException(key + ": '" + v + "' is not allowed; expected a number from " + min + " to " + max);
  }

  public boolean bool(String key, boolean defaultValue) {
    String v = raw(key).orElse(null);
    if (v == null) {
      return defaultValue;
    }
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> throw new ConfigException(key + ": '" + v + "' is not allowed; expected true or false");
    };
  }

  /** An ISO-8601 duration ({@code PT5M}) or a number with a unit: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}. */
  public Duration duration(String key, Duration defaultValue) {
    String v = raw(key).orElse(null);
    if (v == null) {
      return defaultValue;
    }
    try {
      String lower = v.toLowerCase(Locale.ROOT);
      if (lower.endsWith("ms")) return Duration.ofMillis(Long.parseLong(lower.substring(0, lower.length() - 2)));
      if (lower.endsWith("s")) return Duration.ofSeconds(Long.parseLong(lower.substring(0, lower.length() - 1)));
      if (lower.endsWith("m")) return Duration.ofMinutes(Long.parseLong(lower.substring(0, lower.length() - 1)));
      if (lower.endsWith("h")) return Duration.ofHours(Long.parseLong(lower.substring(0, lower.length() - 1)));
      return Duration.parse(v);
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new ConfigException(key + ": '" + v + "' is not a duration; write e.g. 500ms, 30s, 5m or PT5M");
    }
  }

  public String choice(String key, String defaultValue, String... allowed) {
    String v = raw(key).orElse(defaultValue);
    if (Arrays.asList(allowed).contains(v)) {
      return v;
    }
    throw new ConfigException(key + ": '" + v + "' is not allowed; expected one of " + List.of(allowed));
  }

  public Path path(String key, Path defaultValue) {
    return raw(key).map(Path::of).orElse(defaultValue);
  }

  /** Every {@code vw.*} value set, sorted, for a start-up log line. */
  public Map<String, String> asMap() {
    return new TreeMap<>(values);
  }
}
