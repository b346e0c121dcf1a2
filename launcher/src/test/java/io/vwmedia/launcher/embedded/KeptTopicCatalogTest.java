package io.vwmedia.launcher.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.vwmedia.topics.RetryPolicy;
import io.vwmedia.topics.TopicInstaller;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whether a data folder's broker already holds this build's topics, so the topology may start before the broker is up. */
class KeptTopicCatalogTest {

  static final String CATALOG = TopicInstaller.catalog((short) 1, RetryPolicy.defaults());

  @Test
  void aNewDataFolderHoldsNoCatalog(@TempDir Path kafkaDir) {
    assertThat(KeptTopicCatalog.holds(kafkaDir, CATALOG)).isFalse();
  }

  @Test
  void aFolderHoldsTheCatalogRecordedAtItsLastStart(@TempDir Path kafkaDir) {
    KeptTopicCatalog.record(kafkaDir, CATALOG);

    assertThat(KeptTopicCatalog.holds(kafkaDir, CATALOG)).isTrue();
    assertThat(KeptTopicCatalog.holds(kafkaDir, TopicInstaller.catalog((short) 1, RetryPolicy.defaults()))).isTrue();
  }

  @Test
  void aFolderFromABuildOrSettingsWithOtherTopicsDoesNot(@TempDir Path kafkaDir) {
    KeptTopicCatalog.record(kafkaDir, CATALOG);
    // one more retry attempt is one more retry topic, which the broker does not have yet
    String moreRetries = TopicInstaller.catalog((short) 1,
        new RetryPolicy(RetryPolicy.defaults().attempts() + 1, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(1)));

    assertThat(moreRetries).isNotEqualTo(CATALOG);
    assertThat(KeptTopicCatalog.holds(kafkaDir, moreRetries)).isFalse();
  }

  @Test
  void theCatalogNamesEveryTopicWithItsPartitionsAndSettings() {
    assertThat(CATALOG.lines()).contains(
        "media.upload.requested 6 1 {cleanup.policy=delete, retention.ms=604800000}",
        "media.upload.requested-dlt 1 1 {cleanup.policy=delete, retention.ms=2592000000}");
  }
}
