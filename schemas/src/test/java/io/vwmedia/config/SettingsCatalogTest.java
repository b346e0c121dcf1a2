package io.vwmedia.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vwmedia.topics.RetrySettings;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Start-up validation against the catalogue: unknown keys with the nearest known one, bad values, all at once. */
class SettingsCatalogTest {

  static final class Workers extends SettingsGroup.Declared {
    static final Setting<Integer> CONCURRENCY = Setting.integer("vw.worker.concurrency", 1, 1, 64, "encodes at once");
    static final Setting<String> PRESET = Setting.choice("vw.worker.x264-preset", "fast", List.of("fast", "slow"),
        "x264 preset");
    static final Setting<String> FFPROBE = Setting.string("vw.worker.ffprobe", "ffprobe", "the | ffprobe binary")
        .replacing("vw.topology.ffprobe");

    Workers() {
      super("worker", "Worker", List.of("run", "worker"), CONCURRENCY, PRESET, FFPROBE);
    }
  }

  static final class Publishing extends SettingsGroup.Declared {
    Publishing() {
      super("publish", "Publishing", List.of("topology"),
          Setting.bool("vw.publish.progressive", true, "publish early"));
    }
  }

  final SettingsCatalog catalog = SettingsCatalog.of(List.of(new Workers(), new Publishing()));

  static Settings given(Map<String, String> options, Map<String, String> properties, Map<String, String> env) {
    Properties p = new Properties();
    p.putAll(properties);
    return Settings.from(options, p, env);
  }

  @Test
  void aMisspeltKeyIsRefusedWithWhereItCameFromAndTheNearestKnownKey() {
    assertThat(catalog.problems(given(Map.of("vw.worker.concurency", "2"), Map.of(), Map.of()))).containsExactly(
        "vw.worker.concurency (option -s) is not a setting: did you mean vw.worker.concurrency?");
    assertThat(catalog.problems(given(Map.of(), Map.of("vw.worker.x264-perset", "slow"), Map.of()))).containsExactly(
        "vw.worker.x264-perset (system property) is not a setting: did you mean vw.worker.x264-preset?");
    assertThat(catalog.problems(given(Map.of("vw.nothing.like.it", "1"), Map.of(), Map.of()))).containsExactly(
        "vw.nothing.like.it (option -s) is not a setting");
  }

  @Test
  void anEnvironmentVariableMatchesAKeyWithDotsAndDashesAsUnderscores() {
    assertThat(catalog.problems(given(Map.of(), Map.of(),
        Map.of("VW_WORKER_X264_PRESET", "slow", "VW_WORKER_CONCURRENCY", "2", "PATH", "/bin")))).isEmpty();
    assertThat(catalog.problems(given(Map.of(), Map.of(), Map.of("VW_WORKER_CONCURENCY", "2")))).containsExactly(
        "VW_WORKER_CONCURENCY (environment variable) is not a setting: did you mean VW_WORKER_CONCURRENCY"
            + " (vw.worker.concurrency)?");
  }

  @Test
  void theLaunchersOwnVariablesAreNotSettings() {
    Map<String, String> env = Map.of("VW_JAVA_OPTS", "-Xmx1g", "VW_APT_UPDATED", "1", "VW_DATA_DIR", "/d",
        "VW_NO_BUILD", "1", "VW_JAR", "/x.jar", "VW_LOG_LEVEL", "INFO", "VW_KAFKA_LOG_LEVEL", "WARN", "VW_CHROMIUM", "/c");
    assertThat(catalog.problems(given(Map.of(), Map.of(), env))).isEmpty();
    assertThat(SettingsCatalog.RESERVED_ENVIRONMENT).containsAll(env.keySet());
  }

  @Test
  void aKeyThatWasRenamedNamesItsNewKey() {
    assertThat(catalog.problems(given(Map.of("vw.topology.ffprobe", "/opt/ffprobe"), Map.of(),
        Map.of("VW_TOPOLOGY_FFPROBE", "/opt/ffprobe")))).containsExactly(
        "vw.topology.ffprobe (option -s) is no longer read: use vw.worker.ffprobe instead",
        "VW_TOPOLOGY_FFPROBE (environment variable) is no longer read: use VW_WORKER_FFPROBE (vw.worker.ffprobe) instead");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    Settings settings = given(Map.of("vw.worker.concurrency", "0", "vw.worker.concurency", "2"),
        Map.of("vw.publish.progressive", "sometimes"), Map.of("VW_WORKER_X264_PRESET", "quick"));

    assertThatThrownBy(() -> catalog.validate(settings)).isInstanceOf(ConfigException.class).hasMessage(String.join("\n  ",
        "4 settings are refused (see docs/configuration.md):",
        "vw.worker.concurency (option -s) is not a setting: did you mean vw.worker.concurrency?",
        "vw.worker.concurrency (option -s): '0' is not allowed; expected a whole number from 1 to 64",
        "vw.publish.progressive (system property): 'sometimes' is not allowed; expected true or false",
        "VW_WORKER_X264_PRESET (environment variable): 'quick' is not allowed; expected one of fast, slow"));
    Settings fine = given(Map.of("vw.worker.concurrency", "2", "vw.worker.x264-preset", ""), Map.of(), Map.of());
    assertThat(catalog.validate(fine)).isSameAs(fine);
  }

  @Test
  void aGroupChecksWhatNoOneSettingCanOnceItsValuesAreEachValid() {
    SettingsCatalog retries = SettingsCatalog.of(List.of(new RetrySettings()));

    assertThat(retries.problems(given(Map.of("vw.retry.delay", "10m", "vw.retry.max-delay", "1m"), Map.of(), Map.of())))
        .containsExactly("vw.retry.max-delay (PT1M) must be at least vw.retry.delay (PT10M)");
    assertThat(retries.problems(given(Map.of("vw.retry.delay", "ages", "vw.retry.max-delay", "1m"), Map.of(), Map.of())))
        .containsExactly("vw.retry.delay (option -s): 'ages' is not allowed; expected a duration, e.g. 500ms, 30s, 5m,"
            + " 2h or PT5M");
  }

  @Test
  void aKeyDeclaredTwiceIsAMistakeOfTheCatalogue() {
    assertThatThrownBy(() -> SettingsCatalog.of(List.of(new Workers(), new Workers())))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("two settings groups are named worker");
    SettingsGroup again = new SettingsGroup.Declared("again", "Again", List.of("run"), Workers.CONCURRENCY) {};
    assertThatThrownBy(() -> SettingsCatalog.of(List.of(new Workers(), again)))
        .hasMessageContaining("vw.worker.concurrency is declared twice");
  }

  @Test
  void distanceCountsASwapOfNeighboursAsOneEdit() {
    assertThat(SettingsCatalog.distance("vw.worker.concurrency", "vw.worker.concurrency")).isZero();
    assertThat(SettingsCatalog.distance("vw.worker.concurency", "vw.worker.concurrency")).isEqualTo(1);
    assertThat(SettingsCatalog.distance("vw.worker.concurrnecy", "vw.worker.concurrency")).isEqualTo(1);
    assertThat(SettingsCatalog.distance("kitten", "sitting")).isEqualTo(3);
  }

  @Test
  void rendersEachGroupsTableBetweenItsMarkersAndKeepsTheProse() {
    String doc = String.join("\n", "# Configuration", "", "Prose stays.", "", "<!-- settings:worker -->",
        "stale", "<!-- /settings:worker -->", "", "More prose.", "<!-- settings:publish -->", "<!-- /settings:publish -->", "");

    assertThat(catalog.renderInto(doc)).isEqualTo(String.join("\n", "# Configuration", "", "Prose stays.", "",
        "<!-- settings:worker -->",
        "Read by `run` and `worker`.",
        "",
        "| key | default | meaning |",
        "|---|---|---|",
        "| `vw.worker.concurrency` | 1 | encodes at once |",
        "| `vw.worker.x264-preset` | fast | x264 preset |",
        "| `vw.worker.ffprobe` | ffprobe | the \\| ffprobe binary |",
        "<!-- /settings:worker -->", "", "More prose.",
        "<!-- settings:publish -->",
        "Read by `topology`.",
        "",
        "| key | default | meaning |",
        "|---|---|---|",
        "| `vw.publish.progressive` | true | publish early |",
        "<!-- /settings:publish -->", ""));
    assertThatThrownBy(() -> catalog.renderInto("<!-- settings:worker -->\n<!-- /settings:worker -->\n"))
        .hasMessageContaining("no <!-- settings:publish --> ... <!-- /settings:publish --> block");
    assertThatThrownBy(() -> catalog.renderInto(doc + "<!-- settings:gone -->\n<!-- /settings:gone -->\n"))
        .hasMessageContaining("settings group gone, which no module declares");
  }
}
