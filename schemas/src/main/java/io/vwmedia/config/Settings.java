package io.vwmedia.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The {@code vw.*} values given to this process, read through the {@link Setting}s that declare them, so every
 * module's config record gets typed, defaulted and validated values.
 *
 * <p>Values come, first match wins, from explicit overrides (command-line options), Java system properties, and
 * environment variables ({@code vw.worker.x264-preset} is read from {@code VW_WORKER_X264_PRESET}: dots and dashes
 * become underscores). What was given, and where from, is kept for start-up validation ({@link #given()}).
 */
public final class Settings {

  /** Where a value came from, as a message names it. */
  public enum Origin {
    OPTION("option -s"),
    SYSTEM_PROPERTY("system property"),
    ENVIRONMENT("environment variable");

    private final String label;

    Origin(String label) {
      this.label = label;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  /**
   * One value as it was given.
   *
   * @param name the key, or for the environment the variable's name ({@code VW_WORKER_CONCURRENCY})
   */
  public record Given(String name, String value, Origin origin) {
    /** e.g. {@code vw.worker.concurrency (option -s)}. */
    @Override
    public String toString() {
      return name + " (" + origin + ")";
    }
  }

  private final Map<String, String> values;
  private final Map<String, String> environment;
  private final List<Given> given;

  private Settings(Map<String, String> values, Map<String, String> environment, List<Given> given) {
    this.values = Map.copyOf(values);
    this.environment = Map.copyOf(environment);
    this.given = List.copyOf(given);
  }

  /** Settings from the given overrides only: for tests and embedded use. */
  public static Settings of(Map<String, String> overrides) {
    return from(overrides, new Properties(), Map.of());
  }

  /** Overrides, then system properties, then the environment. */
  public static Settings fromEnvironment(Map<String, String> overrides) {
    return from(overrides, System.getProperties(), System.getenv());
  }

  /** Overrides, then the {@code vw.*} system properties among {@code properties}, then the {@code VW_*} variables. */
  public static Settings from(Map<String, String> overrides, Properties properties, Map<String, String> env) {
    Map<String, String> values = new HashMap<>();
    Map<String, String> environment = new HashMap<>();
    List<Given> given = new ArrayList<>();
    env.forEach((name, value) -> {
      if (name.startsWith("VW_")) {
        environment.put(name, value);
        given.add(new Given(name, value, Origin.ENVIRONMENT));
      }
    });
    properties.stringPropertyNames().stream().filter(k -> k.startsWith("vw.")).sorted().forEach(k -> {
      values.put(k, properties.getProperty(k));
      given.add(new Given(k, properties.getProperty(k), Origin.SYSTEM_PROPERTY));
    });
    overrides.forEach((k, v) -> given.add(new Given(k, v, Origin.OPTION)));
    values.putAll(overrides);
    given.sort(Comparator.comparing(Given::origin).thenComparing(Given::name));
    return new Settings(values, environment, given);
  }

  /** A copy with more values on top (the program's own: not in {@link #given()}). */
  public Settings with(Map<String, String> overrides) {
    Map<String, String> merged = new HashMap<>(values);
    merged.putAll(overrides);
    return new Settings(merged, environment, given);
  }

  /** The environment variable a key is read from: {@code vw.worker.x264-preset} is {@code VW_WORKER_X264_PRESET}. */
  public static String environmentVariable(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** Every value given to this process by the user, and where from. */
  public List<Given> given() {
    return given;
  }

  /** The value of {@code setting}, or its default; a {@link ConfigException} if the value is not one it accepts. */
  public <T> T get(Setting<T> setting) {
    return find(setting).orElseGet(setting::defaultValue);
  }

  /** The value of {@code setting} if one is set (an empty one counts as not set). */
  public <T> Optional<T> find(Setting<T> setting) {
    return raw(setting.key()).map(setting::parse);
  }

  private Optional<String> raw(String key) {
    String value = values.get(key);
    if (value == null) {
      value = environment.get(environmentVariable(key));
    }
    return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
  }

  /** A key not in any catalogue yet (being moved): prefer {@link #get}. */
  public String string(String key, String defaultValue) {
    return raw(key).orElse(defaultValue);
  }

  /** A key not in any catalogue yet (being moved): prefer {@link #get}. */
  public Duration duration(String key, Duration defaultValue) {
    return raw(key).map(Setting.duration(key, "0s", "")::parse).orElse(defaultValue);
  }
}
