package io.vwmedia.launcher.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vwmedia.config.Settings;
import io.vwmedia.launcher.TestBrokers;
import io.vwmedia.launcher.stack.EmbeddedStack;
import io.vwmedia.topics.RetryPolicy;
import io.vwmedia.topics.Topic;
import io.vwmedia.topics.TopicInstaller;
import io.vwmedia.topics.TopicPartitioning;
import io.vwmedia.worker.ProgressListener;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded stack gives the topology's topics one partition per stream thread and the task topics their declared
 * count; topics a data folder already holds keep theirs, as long as the three the topology keeps one state over agree.
 * The installer's rules run on a bare broker of {@link TestBrokers}; the stack's choice on its own embedded broker.
 */
class TopicPartitioningTest {

  /** TopicInstaller on a bare broker. */
  @Nested
  class OnABroker {

    @RegisterExtension final TestBrokers broker = new TestBrokers();

    @Test
    void oneProcessGivesTheTopologysTopicsOnePartitionPerThreadAndTheTaskTopicsTheirDeclaredCount() throws Exception {
      try (Admin admin = admin()) {
        TopicInstaller.ensureTopics(admin, (short) 1, RetryPolicy.defaults(), TopicPartitioning.oneProcess(1));

        Map<Topic, Integer> counts = partitions(admin);
        Topic.TOPOLOGY_KEYED.forEach(topic -> assertThat(counts.get(topic)).as(topic.topicName()).isEqualTo(1));
        assertThat(counts.get(Topic.RENDITION_TASKS)).isEqualTo(Topic.RENDITION_TASKS.partitions());
        assertThat(counts.get(Topic.PROBE_TASKS)).isEqualTo(Topic.PROBE_TASKS.partitions());
        assertThat(counts.get(Topic.MANAGED_TASKS)).isEqualTo(Topic.MANAGED_TASKS.partitions());
      }
    }

    @Test
    void aDataFolderMadeWithTheDeclaredCountsKeepsThem() throws Exception {
      try (Admin admin = admin()) {
        TopicInstaller.ensureTopics(admin, (short) 1, RetryPolicy.defaults(), TopicPartitioning.declared());
        TopicInstaller.ensureTopics(admin, (short) 1, RetryPolicy.defaults(), TopicPartitioning.oneProcess(1));

        assertThat(partitions(admin)).isEqualTo(declared());
      }
    }

    @Test
    void aMissingCoPartitionedTopicIsMadeWithTheCountItsSiblingsHave() throws Exception {
      try (Admin admin = admin()) {
        admin.createTopics(List.of(new NewTopic(Topic.UPLOAD_REQUESTED.topicName(), 3, (short) 1))).all().get();

        TopicInstaller.ensureTopics(admin, (short) 1, RetryPolicy.defaults(), TopicPartitioning.oneProcess(1));

        Map<Topic, Integer> counts = partitions(admin);
        assertThat(counts.get(Topic.PROBE_DONE)).isEqualTo(3);
        assertThat(counts.get(Topic.RENDITION_DONE)).isEqualTo(3);
        assertThat(counts.get(Topic.ASSET_PUBLISHED)).isEqualTo(1);
      }
    }

    @Test
    void coPartitionedTopicsThatDisagreeAreRefusedByName() throws Exception {
      try (Admin admin = admin()) {
        admin.createTopics(List.of(new NewTopic(Topic.UPLOAD_REQUESTED.topicName(), 6, (short) 1),
            new NewTopic(Topic.RENDITION_DONE.topicName(), 2, (short) 1))).all().get();

        assertThatThrownBy(() -> TopicInstaller.ensureTopics(admin, (short) 1, RetryPolicy.defaults(),
            TopicPartitioning.oneProcess(1)))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("media.rendition.done=2")
            .hasMessageContaining("media.upload.requested=6")
            .hasMessageContaining("one partition count");
      }
    }

    private Admin admin() {
      return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }
  }

  @Test
  void theEmbeddedStackGivesItsTopologyOnePartitionPerStreamThread(@TempDir Path data) throws Exception {
    try (EmbeddedStack stack = EmbeddedStack.start(data, Settings.of(Map.of("vw.embedded.workers", "false",
        "vw.topology.threads", "2")), ProgressListener.NONE, false);
        Admin admin = Admin.create(stack.connection().clientConfig())) {
      Map<Topic, Integer> counts = partitions(admin);
      Topic.TOPOLOGY_KEYED.forEach(topic -> assertThat(counts.get(topic)).as(topic.topicName()).isEqualTo(2));
      assertThat(counts.get(Topic.RENDITION_TASKS)).isEqualTo(Topic.RENDITION_TASKS.partitions());
    }
  }

  @Test
  void anEmbeddedBrokerWhoseTopologyRunsElsewhereGetsTheCatalogsCounts(@TempDir Path data) throws Exception {
    try (EmbeddedStack stack = EmbeddedStack.start(data, Settings.of(Map.of("vw.embedded.workers", "false",
        "vw.embedded.topology", "false")), ProgressListener.NONE, false);
        Admin admin = Admin.create(stack.connection().clientConfig())) {
      assertThat(partitions(admin)).isEqualTo(declared());
    }
  }

  private static Map<Topic, Integer> declared() {
    return Arrays.stream(Topic.values()).collect(Collectors.toMap(topic -> topic, Topic::partitions));
  }

  private static Map<Topic, Integer> partitions(Admin admin) throws Exception {
    var described = admin.describeTopics(Arrays.stream(Topic.values()).map(Topic::topicName).toList())
        .allTopicNames().get();
    return Arrays.stream(Topic.values())
        .collect(Collectors.toMap(topic -> topic, topic -> described.get(topic.topicName()).partitions().size()));
  }
}
