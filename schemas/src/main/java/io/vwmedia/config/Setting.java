package io.vwmedia.config;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One {@code vw.*} setting, declared once: its key, what it accepts, its default and one line of documentation,
 * after Debezium's {@code Field} and Kafka's {@code ConfigDef}. The same declaration reads the value
 * ({@link Settings#get}), validates it at start-up ({@link SettingsCatalog}) and writes its row of
 * docs/configuration.md, so the three cannot disagree.
 *
 * <p>A setting whose default depends on something else (the data folder, another setting) has no fixed default:
 * its reader takes {@link Settings#find} and supplies it, and {@link #defaultText()} says what it is.
 *
 * @param <T> the type of the value once read
 */
public final class Setting<T> {

  private final String key;
  private final String accepts;
  private final Function<String, T> parser;
  private final Supplier<T> defaultValue;
  private final String defaultText;
  private final String doc;
  private final List<String> formerKeys;

  private Setting(String key, String accepts, Function<String, T> parser, Supplier<T> defaultValue, String defaultText,
      String doc, List<String> formerKeys) {
    if (!key.matches("vw(\\.[a-z0-9][a-z0-9-]*)+")) {
      throw new IllegalArgumentException("a setting key is vw. and lower-case words with dots and dashes, not " + key);
    }
    this.key = key;
    this.accepts = accepts;
    this.parser = parser;
    this.defaultValue = defaultValue;
    this.defaultText = defaultText;
    this.doc = Objects.requireNonNull(doc);
    this.formerKeys = List.copyOf(formerKeys);
  }

  private static <T> Setting<T> of(String key, String accepts, Function<String, T> parser, T defaultValue,
      String defaultText, String doc) {
    return new Setting<>(key, accepts, parser, defaultValue == null ? null : () -> defaultValue, defaultText, doc,
        List.of());
  }

  /** Any text. */
  public static Setting<String> string(String key, String defaultValue, String doc) {
    return of(key, "any text", v -> v, Objects.requireNonNull(defaultValue), defaultValue, doc);
  }

  /** Any text, or none: read with {@link Settings#find}. */
  public static Setting<String> optionalString(String key, String doc) {
    return of(key, "any text", v -> v, null, "none", doc);
  }

  public static Setting<Integer> integer(String key, int defaultValue, int min, int max, String doc) {
    return of(key, "a whole number from " + min + " to " + max, v -> inRange(Integer.parseInt(v), min, max),
        defaultValue, Integer.toString(defaultValue), doc);
  }

  public static Setting<Double> decimal(String key, double defaultValue, double min, double max, String doc) {
    return of(key, "a number from " + plain(min) + " to " + plain(max), v -> inRange(Double.parseDouble(v), min, max),
        defaultValue, plain(defaultValue), doc);
  }

  /** {@code true}, {@code yes}, {@code 1} or {@code false}, {@code no}, {@code 0}. */
  public static Setting<Boolean> bool(String key, boolean defaultValue, String doc) {
    return of(key, "true or false", Setting::parseBool, defaultValue, Boolean.toString(defaultValue), doc);
  }

  /** An ISO-8601 duration ({@code PT5M}) or a number with a unit; the default is written the same way. */
  public static Setting<Duration> duration(String key, String defaultValue, String doc) {
    return of(key, "a duration, e.g. 500ms, 30s, 5m, 2h or PT5M", Setting::parseDuration,
        parseDuration(defaultValue), defaultValue, doc);
  }

  /** As {@link #duration(String, String, String)}, and no longer than {@code max} (written the same way). */
  public static Setting<Duration> duration(String key, String defaultValue, String max, String doc) {
    Duration limit = parseDuration(max);
    return of(key, "a duration from 0 to " + max + ", e.g. 100ms", v -> inRange(parseDuration(v), Duration.ZERO, limit),
        inRange(parseDuration(defaultValue), Duration.ZERO, limit), defaultValue, doc);
  }

  public static Setting<String> choice(String key, String defaultValue, List<String> allowed, String doc) {
    if (!allowed.contains(defaultValue)) {
      throw new IllegalArgumentException(key + ": the default " + defaultValue + " is not one of " + allowed);
    }
    return of(key, "one of " + String.join(", ", allowed), v -> oneOf(v, allowed), defaultValue, defaultValue, doc);
  }

  /** A folder or file; its default depends on where the command runs, so it is given by {@link #computedDefault}. */
  public static Setting<Path> path(String key, String doc) {
    return of(key, "a path", Path::of, null, "none", doc);
  }

  /** An {@code http:} or {@code https:} URL, no default. */
  public static Setting<URI> url(String key, String doc) {
    return of(key, "an http(s) URL", Setting::parseUrl, null, "none", doc);
  }

  /** Comma-separated words, each one of {@code allowed}. */
  public static Setting<List<String>> list(String key, List<String> defaultValue, List<String> allowed, String doc) {
    return of(key, "a comma-separated list of " + String.join(", ", allowed),
        v -> split(v).stream().map(e -> oneOf(e, allowed)).toList(), defaultValue, String.join(",", defaultValue), doc);
  }

  /** Comma-separated paths, no fixed default. */
  public static Setting<List<Path>> paths(String key, String doc) {
    return of(key, "comma-separated paths", v -> split(v).stream().map(Path::of).toList(), null, "none", doc);
  }

  /** This setting, with a default computed when it is read (e.g. from the host), described for the docs. */
  public Setting<T> computedDefault(Supplier<T> value, String text) {
    return new Setting<>(key, accepts, parser, value, text, doc, formerKeys);
  }

  /** This setting, whose default the reader decides (it reads with {@link Settings#find}), described for the docs. */
  public Setting<T> defaultText(String text) {
    return new Setting<>(key, accepts, parser, defaultValue, text, doc, formerKeys);
  }

  /** This setting, also refusing values that fail {@code check}; {@code expected} says what passes. */
  public Setting<T> check(Predicate<T> check, String expected) {
    Function<String, T> checked = v -> {
      T parsed = parser.apply(v);
      if (!check.test(parsed)) {
        throw new IllegalArgumentException(expected);
      }
      return parsed;
    };
    return new Setting<>(key, expected, checked, defaultValue, defaultText, doc, formerKeys);
  }

  /** This setting, which replaces these keys: one given the old key is told the new one. */
  public Setting<T> replacing(String... keys) {
    return new Setting<>(key, accepts, parser, defaultValue, defaultText, doc, Arrays.asList(keys));
  }

  public String key() {
    return key;
  }

  /** What a value may be, e.g. "a whole number from 1 to 64". */
  public String accepts() {
    return accepts;
  }

  /** The default as the docs show it, e.g. {@code 45s} or "host and pid". */
  public String defaultText() {
    return defaultText;
  }

  public String doc() {
    return doc;
  }

  /** Keys this setting had before, no longer read. */
  public List<String> formerKeys() {
    return formerKeys;
  }

  /** The environment variable this setting is also read from: {@code vw.worker.x264-preset} is VW_WORKER_X264_PRESET. */
  public String environmentVariable() {
    return Settings.environmentVariable(key);
  }

  /** The default, when this setting has one it knows by itself. */
  public T defaultValue() {
    if (defaultValue == null) {
      throw new IllegalStateException(key + " has no fixed default: read it with Settings.find and supply one");
    }
    return defaultValue.get();
  }

  /** The value {@code raw} stands for, or a {@link ConfigException} naming this key and what it accepts. */
  public T parse(String raw) {
    try {
      return parser.apply(raw.strip());
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new ConfigException(key + ": " + refusal(raw));
    }
  }

  /** Why {@code raw} is refused, without the key: for messages that name where the value came from. */
  String refusal(String raw) {
    return "'" + raw + "' is not allowed; expected " + accepts;
  }

  @Override
  public String toString() {
    return key;
  }

  private static <N extends Comparable<N>> N inRange(N value, N min, N max) {
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException("out of range");
    }
    return value;
  }

  private static String oneOf(String value, List<String> allowed) {
    if (!allowed.contains(value)) {
      throw new IllegalArgumentException("not allowed");
    }
    return value;
  }

  private static boolean parseBool(String v) {
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> throw new IllegalArgumentException("not a boolean");
    };
  }

  private static Duration parseDuration(String v) {
    String lower = v.toLowerCase(Locale.ROOT);
    Duration d;
    if (lower.startsWith("p")) d = Duration.parse(v.toUpperCase(Locale.ROOT));
    else if (lower.endsWith("ms")) d = Duration.ofMillis(Long.parseLong(lower.substring(0, lower.length() - 2)));
    else if (lower.endsWith("s")) d = Duration.ofSeconds(Long.parseLong(lower.substring(0, lower.length() - 1)));
    else if (lower.endsWith("m")) d = Duration.ofMinutes(Long.parseLong(lower.substring(0, lower.length() - 1)));
    else if (lower.endsWith("h")) d = Duration.ofHours(Long.parseLong(lower.substring(0, lower.length() - 1)));
    else throw new IllegalArgumentException("no unit");
    if (d.isNegative()) {
      throw new IllegalArgumentException("negative");
    }
    return d;
  }

  private static URI parseUrl(String v) {
    URI uri = URI.create(v);
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
      throw new IllegalArgumentException("not an http(s) URL");
    }
    return uri;
  }

  private static List<String> split(String value) {
    return Arrays.stream(value.split(",")).map(String::strip).filter(v -> !v.isEmpty()).toList();
  }

  private static String plain(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
