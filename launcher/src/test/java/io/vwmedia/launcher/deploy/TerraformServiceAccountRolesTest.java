package io.vwmedia.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vwmedia.ffmpeg.encode.FfmpegCommandBuilder;
import io.vwmedia.observability.pipeline.PipelineObserver;
import io.vwmedia.storage.AssetLayout;
import io.vwmedia.topics.DeadLetters;
import io.vwmedia.topics.RetryPolicy;
import io.vwmedia.topics.Topic;
import io.vwmedia.topology.TopologyRunner;
import io.vwmedia.worker.RenditionWorker;
import io.vwmedia.worker.probe.ProbeWorker;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The IAM roles of the service accounts (IRSA) against the code: each role is trusted by its one service account
 * in namespace vw-media, and grants what the process does with the names the code uses (the storage layout of
 * AssetLayout, the topics of Topic with their retry and dead-letter topics, the consumer groups and the Streams
 * application id), and no more: the worker cannot write manifests, the topology cannot write segments.
 */
class TerraformServiceAccountRolesTest {

  private static final String NAMESPACE = "vw-media";

  private static TerraformConfig config;

  @BeforeAll
  static void parse() throws Exception {
    config = TerraformRoot.repository().config();
  }

  @Test
  void eachRoleIsTrustedByItsOwnServiceAccountOnly() {
    assertTrustedBy("worker", "vw-media-worker");
    assertTrustedBy("topology", "vw-media-topology");
  }

  @Test
  void theRolesArnsAreTheOutputsTheOverlaysAnnotateWith() {
    assertThat(config.output("worker_role_arn").get("value").asText()).isEqualTo("${aws_iam_role.worker.arn}");
    assertThat(config.output("topology_role_arn").get("value").asText()).isEqualTo("${aws_iam_role.topology.arn}");
  }

  @Test
  void theWorkerWritesItsRungsMediaButNoManifest() {
    List<String> writable = resources("worker", "WriteRungMedia");
    String rung = AssetLayout.rungPrefix("a1", "720p");
    for (String key : List.of(rung + String.format(FfmpegCommandBuilder.SEGMENT_PATTERN, 7), rung + FfmpegCommandBuilder.INIT_SEGMENT,
        AssetLayout.timeline("a1", "720p"))) {
      assertThat(matchesAny(writable, key)).as("worker may write %s", key).isTrue();
    }
    assertThat(matchesAny(writable, AssetLayout.masterPlaylist("a1"))).as("worker may write a manifest").isFalse();
  }

  @Test
  void theTopologyWritesEveryManifestButNoSegment() {
    List<String> writable = resources("topology", "WriteManifests");
    for (String key : List.of(AssetLayout.masterPlaylist("a1"), AssetLayout.dashManifest("a1"), AssetLayout.masterPlaylist("a1", 2),
        AssetLayout.dashManifest("a1", 2), AssetLayout.mediaPlaylist("a1", "720p"), AssetLayout.iframePlaylist("a1", "720p"))) {
      assertThat(matchesAny(writable, key)).as("topology may write %s", key).isTrue();
    }
    String rung = AssetLayout.rungPrefix("a1", "720p");
    assertThat(matchesAny(writable, rung + String.format(FfmpegCommandBuilder.SEGMENT_PATTERN, 1))).as("topology may write a segment").isFalse();
    assertThat(matchesAny(resources("topology", "ReadTimelines"), AssetLayout.timeline("a1", "720p"))).isTrue();
  }

  @Test
  void bothRolesReachEveryTopicTheCodeDeclares() {
    List<String> topics = new ArrayList<>();
    for (Topic topic : Topic.values()) {
      topics.add(topic.topicName());
      topics.add(DeadLetters.topicFor(topic.topicName()));
    }
    topics.addAll(RetryPolicy.defaults().retryTopics(Topic.RENDITION_TASKS));
    for (String topic : topics) {
      assertThat(matchesAny(resources("worker", "KafkaTopics"), topic)).as("worker reaches %s", topic).isTrue();
      assertThat(matchesAny(resources("topology", "KafkaTopics"), topic)).as("topology reaches %s", topic).isTrue();
    }
  }

  @Test
  void theKafkaGroupsAreTheOnesTheCodeJoins() {
    assertThat(resources("worker", "KafkaGroups")).map(TerraformServiceAccountRolesTest::name)
        .containsExactlyInAnyOrder(RenditionWorker.GROUP_ID, ProbeWorker.GROUP_ID, io.vwmedia.worker.ManagedLegWorker.GROUP_ID);
    assertThat(resources("topology", "KafkaOwnGroups")).map(TerraformServiceAccountRolesTest::name)
        .containsExactlyInAnyOrder(TopologyRunner.APPLICATION_ID, PipelineObserver.GROUP_ID);
  }

  @Test
  void theTopologysStreamsTopicsAndTransactionsCarryItsApplicationId() {
    String app = TopologyRunner.APPLICATION_ID;
    assertThat(matchesAny(resources("topology", "KafkaStreamsInternalTopics"), app + "-asset-progress-changelog")).isTrue();
    assertThat(matchesAny(resources("topology", "KafkaStreamsInternalTopics"), "media.asset.published")).isFalse();
    assertThat(matchesAny(resources("topology", "KafkaTransactions"), app + "-6f1c2a9e-4b7d-4e0a-9d43-2f8e5c1b7a10-1")).isTrue();
  }

  private static void assertTrustedBy(String role, String serviceAccount) {
    assertThat(config.resource("aws_iam_role", role).get("assume_role_policy").asText())
        .isEqualTo("${data.aws_iam_policy_document." + role + "_trust.json}");
    JsonNode statements = config.data("aws_iam_policy_document", role + "_trust").get("statement");
    assertThat(statements).hasSize(1);
    JsonNode statement = statements.get(0);
    assertThat(TerraformConfig.texts(statement.get("actions"))).containsExactly("sts:AssumeRoleWithWebIdentity");
    JsonNode sub = null;
    for (JsonNode condition : statement.get("condition")) {
      if (condition.get("variable").asText().endsWith(":sub")) {
        sub = condition;
      }
    }
    assertThat(sub).as("%s trust names its service account", role).isNotNull();
    assertThat(sub.get("test").asText()).isEqualTo("StringEquals");
    assertThat(TerraformConfig.texts(sub.get("values"))).containsExactly("system:serviceaccount:" + NAMESPACE + ":" + serviceAccount);
  }

  private static List<String> resources(String document, String sid) {
    return TerraformConfig.texts(config.statement(document, sid).get("resources"));
  }

  /** The name at the end of an MSK resource ARN pattern: "${local.msk_group_arn_prefix}vw-media-worker". */
  private static String name(String pattern) {
    return pattern.replaceFirst("^\\$\\{[^}]*}", "");
  }

  private static boolean matchesAny(List<String> patterns, String name) {
    return patterns.stream().anyMatch(p -> TerraformConfig.iamMatches(p, name));
  }
}
