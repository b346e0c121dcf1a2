package io.vwmedia.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Each kind of {@link Setting}: what it accepts, its default, and how {@link Settings} finds its value. */
class SettingTest {

  static final Setting<Integer> COUNT = Setting.integer("vw.test.count", 1, 1, 64, "how many");
  static final Setting<Double> FACTOR = Setting.decimal("vw.test.factor", 20, 1, 1000, "how much");
  static final Setting<Boolean> FLAG = Setting.bool("vw.test.flag", false, "whether");
  static final Setting<Duration> WAIT = Setting.duration("vw.test.wait", "45s", "how long");
  static final Setting<String> PRESET = Setting.choice("vw.test.x264-preset", "fast", List.of("fast", "slow"), "preset");
  static final Setting<List<String>> SCHEMES = Setting.list("vw.test.schemes", List.of("file", "http"),
      List.of("file", "http", "https"), "schemes");
  static final Setting<URI> ENDPOINT = Setting.url("vw.test.endpoint", "where");
  static final Setting<Path> DIR = Setting.path("vw.test.dir", "folder").defaultText("`<data-dir>/x`");
  static final Setting<String> ID = Setting.optionalString("vw.test.id", "name").computedDefault(() -> "host-1", "host and pid");

  @Test
  void eachKindParsesWhatItAcceptsAndDefaultsWhenUnset() {
    Settings none = Settings.of(Map.of());
    assertThat(none.get(COUNT)).isEqualTo(1);
    assertThat(none.get(FACTOR)).isEqualTo(20.0);
    assertThat(none.get(FLAG)).isFalse();
    assertThat(none.get(WAIT)).isEqualTo(Duration.ofSeconds(45));
    assertThat(none.get(SCHEMES)).containsExactly("file", "http");
    assertThat(none.get(ID)).isEqualTo("host-1");
    assertThat(none.find(ENDPOINT)).isEmpty();
    assertThat(none.find(DIR)).isEmpty();

    Settings set = Settings.of(Map.of("vw.test.count", " 64 ", "vw.test.factor", "1.5", "vw.test.flag", "yes",
        "vw.test.wait", "PT5M", "vw.test.schemes", "https, file", "vw.test.endpoint", "http://minio:9000",
        "vw.test.dir", "/data", "vw.test.id", ""));
    assertThat(set.get(COUNT)).isEqualTo(64);
    assertThat(set.get(FACTOR)).isEqualTo(1.5);
    assertThat(set.get(FLAG)).isTrue();
    assertThat(set.get(WAIT)).isEqualTo(Duration.ofMinutes(5));
    assertThat(set.get(SCHEMES)).containsExactly("https", "file");
    assertThat(set.get(ENDPOINT)).isEqualTo(URI.create("http://minio:9000"));
    assertThat(set.get(DIR)).isEqualTo(Path.of("/data"));
    assertThat(set.get(ID)).as("an empty value counts as unset").isEqualTo("host-1");
  }

  @Test
  void durationsTakeAUnitOrIso8601() {
    assertThat(WAIT.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(WAIT.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(WAIT.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(WAIT.parse("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(WAIT.parse("pt1m30s")).isEqualTo(Duration.ofSeconds(90));
    for (String bad : List.of("5", "five minutes", "-5s", "PT")) {
      assertThatThrownBy(() -> WAIT.parse(bad)).as(bad).isInstanceOf(ConfigException.class)
          .hasMessage("vw.test.wait: '" + bad + "' is not allowed; expected a duration, e.g. 500ms, 30s, 5m, 2h or PT5M");
    }
  }

  @Test
  void aBoundedDurationTakesUpToItsLimitAndRefusesLonger() {
    Setting<Duration> fetchWait = Setting.duration("vw.test.fetch-wait", "500ms", "30s", "how long a fetch waits");
    assertThat(Settings.of(Map.of()).get(fetchWait)).isEqualTo(Duration.ofMillis(500));
    assertThat(fetchWait.parse("0ms")).isEqualTo(Duration.ZERO);
    assertThat(fetchWait.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThatThrownBy(() -> fetchWait.parse("31s")).isInstanceOf(ConfigException.class)
        .hasMessage("vw.test.fetch-wait: '31s' is not allowed; expected a duration from 0 to 30s, e.g. 100ms");
    assertThatThrownBy(() -> Setting.duration("vw.test.too-long", "1m", "30s", "a default past its own limit"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aValueOutsideWhatTheSettingAcceptsIsRefusedNamingTheKeyAndWhatItAccepts() {
    assertThatThrownBy(() -> Settings.of(Map.of("vw.test.count", "65")).get(COUNT))
        .isInstanceOf(ConfigException.class)
        .hasMessage("vw.test.count: '65' is not allowed; expected a whole number from 1 to 64");
    assertThatThrownBy(() -> COUNT.parse("two")).hasMessageContaining("a whole number from 1 to 64");
    assertThatThrownBy(() -> FACTOR.parse("0.5")).hasMessageContaining("expected a number from 1 to 1000");
    assertThatThrownBy(() -> FLAG.parse("maybe")).hasMessageContaining("expected true or false");
    assertThatThrownBy(() -> PRESET.parse("quick")).hasMessageContaining("expected one of fast, slow");
    assertThatThrownBy(() -> SCHEMES.parse("file,gopher")).hasMessageContaining("a comma-separated list of file, http, https");
    assertThatThrownBy(() -> ENDPOINT.parse("minio:9000")).hasMessageContaining("an http(s) URL");
    Setting<String> even = Setting.string("vw.test.even", "2", "even").check(v -> v.length() % 2 == 0, "an even length");
    assertThatThrownBy(() -> even.parse("abc")).hasMessage("vw.test.even: 'abc' is not allowed; expected an even length");
  }

  @Test
  void aSettingWhoseDefaultTheReaderDecidesSaysSoWhenReadWithoutOne() {
    assertThat(DIR.defaultText()).isEqualTo("`<data-dir>/x`");
    assertThat(ID.defaultText()).isEqualTo("host and pid");
    assertThat(WAIT.defaultText()).isEqualTo("45s");
    assertThat(FACTOR.defaultText()).isEqualTo("20");
    assertThatThrownBy(() -> Settings.of(Map.of()).get(DIR)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("vw.test.dir has no fixed default");
  }

  @Test
  void keysAreLowerCaseWordsUnderVw() {
    assertThatThrownBy(() -> Setting.bool("worker.Flag", true, "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Setting.choice("vw.test.c", "medium", List.of("fast"), "x"))
        .hasMessageContaining("the default medium is not one of");
  }

  @Test
  void optionsThenSystemPropertiesThenTheEnvironmentWhereDotsAndDashesAreUnderscores() {
    Properties properties = new Properties();
    properties.setProperty("vw.test.count", "2");
    properties.setProperty("vw.test.factor", "3");
    properties.setProperty("java.version", "17");
    Settings s = Settings.from(Map.of("vw.test.count", "1"), properties,
        Map.of("VW_TEST_COUNT", "3", "VW_TEST_FACTOR", "4", "VW_TEST_X264_PRESET", "slow", "HOME", "/root"));

    assertThat(s.get(COUNT)).isEqualTo(1);
    assertThat(s.get(FACTOR)).isEqualTo(3.0);
    assertThat(s.get(PRESET)).as("VW_TEST_X264_PRESET is vw.test.x264-preset").isEqualTo("slow");
    assertThat(PRESET.environmentVariable()).isEqualTo("VW_TEST_X264_PRESET");
    assertThat(s.given()).extracting(Settings.Given::toString).containsExactly(
        "vw.test.count (option -s)", "vw.test.count (system property)", "vw.test.factor (system property)",
        "VW_TEST_COUNT (environment variable)", "VW_TEST_FACTOR (environment variable)",
        "VW_TEST_X264_PRESET (environment variable)");
    assertThat(s.with(Map.of("vw.test.count", "9")).get(COUNT)).isEqualTo(9);
  }
}
