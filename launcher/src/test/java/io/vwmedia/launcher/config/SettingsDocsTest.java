package io.vwmedia.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.vwmedia.config.Setting;
import io.vwmedia.config.SettingsCatalog;
import io.vwmedia.config.SettingsGroup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md's tables are what the catalogue renders: a setting added, renamed or re-documented in code
 * fails this test until the doc is regenerated with {@code -DwriteDocs=true} on this test.
 */
class SettingsDocsTest {

  static final Path DOC = Path.of("..", "docs", "configuration.md");

  @Test
  void everyModulesGroupIsFoundWithoutAListKeptByHand() {
    SettingsCatalog catalog = SettingsCatalog.load();
    assertThat(catalog.groups()).extracting(SettingsGroup::name)
        .containsExactly("alerts", "analytics", "chunking", "cluster", "embedded", "mediaconvert", "metrics", "observer", "probe", "retry",
            "source", "storage", "topology", "worker");
    assertThat(catalog.groups().stream().flatMap(g -> g.settings().stream()).map(Setting::key))
        .contains("vw.worker.concurrency", "vw.worker.ffprobe", "vw.worker.probe-timeout", "vw.worker.per-title-timeout",
            "vw.publish.base-url", "vw.retry.attempts", "vw.source.file-roots", "vw.storage.s3.endpoint",
            "vw.kafka.bootstrap-servers", "vw.embedded.kafka-port", "vw.metrics.environment",
            "vw.alerts.slack.webhook-url", "vw.alerts.eventbridge.bus", "vw.mediaconvert.overflow-lag", "vw.sfn.endpoint",
            "vw.chunking.min-source-seconds")
        .doesNotContain("vw.storage.public-base-url", "vw.topology.ffprobe", "vw.topology.ffmpeg",
            "vw.topology.probe-timeout", "vw.topology.per-title-timeout");
  }

  @Test
  void theSettingsTablesOfTheConfigurationDocAreWhatTheCatalogueRenders() throws Exception {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    String rendered = SettingsCatalog.load().renderInto(doc);
    if (Boolean.getBoolean("writeDocs")) {
      Files.writeString(DOC, rendered, StandardCharsets.UTF_8);
      return;
    }
    assertThat(doc)
        .as("docs/configuration.md is out of date with the settings declared in code; regenerate it with"
            + " mvn -B -pl launcher -am verify -Dtest=SettingsDocsTest -Dsurefire.failIfNoSpecifiedTests=false"
            + " -DwriteDocs=true")
        .isEqualTo(rendered);
  }
}
