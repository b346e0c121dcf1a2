package io.vwmedia.launcher.deploy;

import static io.vwmedia.launcher.deploy.KubernetesManifests.containers;
import static io.vwmedia.launcher.deploy.KubernetesManifests.podSpec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vwmedia.config.Settings;
import io.vwmedia.topics.RetryPolicy;
import io.vwmedia.observability.pipeline.TaskLag;
import io.vwmedia.topics.ChunkTaskGroup;
import io.vwmedia.topics.Topic;
import io.vwmedia.worker.RenditionWorker;
import io.vwmedia.worker.WorkerConfig;
import io.vwmedia.worker.WorkerSettings;
import io.vwmedia.worker.probe.ProbeWorker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The worker pools as the code runs them: GPU pods on the tainted GPU nodes with one GPU and NVENC, CPU pods on x264
 * and nowhere near a GPU; KEDA scales both on the lag of the group and topics the code declares
 * ({@link RenditionWorker#GROUP_ID}, {@link Topic#RENDITION_TASKS} and the retry topics {@link RetryPolicy} makes
 * from the pods' own settings), the probe tasks' lag keeps a worker up, and the pools never add up to more consumers
 * than the task topic has partitions. A pod is given the time a stopping worker takes to hand its tasks back.
 */
class KubernetesWorkerPoolsTest {

  /** How long TaskClients.stop gives each of a process's consumers to stop, one after the other. */
  private static final int SECONDS_TO_STOP_A_CONSUMER = 30;

  @ParameterizedTest
  @MethodSource(KubernetesManifests.EACH_OVERLAY)
  void gpuPodsTolerateTheGpuTaintLandOnGpuNodesAndHoldOneGpuForNvenc(String environment) throws Exception {
    KubernetesManifests rendered = KubernetesManifests.overlay(environment);
    JsonNode gpu = rendered.get("Deployment", "worker-gpu");
    JsonNode container = containers(gpu).get(0);

    assertThat(podSpec(gpu).path("tolerations")).anySatisfy(t -> {
      assertThat(t.path("key").asText()).isEqualTo("gpu");
      assertThat(t.path("operator").asText()).isEqualTo("Equal");
      assertThat(t.path("value").asText()).isEqualTo("true");
      assertThat(t.path("effect").asText()).isEqualTo("NoSchedule");
    });
    assertThat(podSpec(gpu).path("nodeSelector").path("nvidia.com/gpu.present").asText()).isEqualTo("true");
    assertThat(container.path("resources").path("limits").path("nvidia.com/gpu").asText()).isEqualTo("1");
    assertThat(container.path("image").asText()).startsWith("ghcr.io/vw-media/vw-media-gpu:");
    Map<String, String> env = rendered.environment(container);
    assertThat(WorkerSettings.ENCODER.parse(env.get(WorkerSettings.ENCODER.environmentVariable()))).isEqualTo("nvenc");
  }

  @ParameterizedTest
  @MethodSource(KubernetesManifests.EACH_OVERLAY)
  void cpuPodsEncodeWithX264AndAskForNoGpu(String environment) throws Exception {
    KubernetesManifests rendered = KubernetesManifests.overlay(environment);
    JsonNode cpu = rendered.get("Deployment", "worker-cpu");
    JsonNode container = containers(cpu).get(0);

    assertThat(podSpec(cpu).path("tolerations").isMissingNode()).isTrue();
    assertThat(podSpec(cpu).path("nodeSelector").isMissingNode()).isTrue();
    assertThat(podSpec(cpu).path("affinity").isMissingNode()).isTrue();
    assertThat(container.path("resources").toString()).doesNotContain("nvidia.com/gpu");
    assertThat(container.path("image").asText()).startsWith("ghcr.io/vw-media/vw-media:");
    assertThat(rendered.environment(container).get(WorkerSettings.ENCODER.environmentVariable())).isEqualTo("x264");
  }

  @ParameterizedTest
  @MethodSource(KubernetesManifests.EACH_OVERLAY)
  void kedaScalesBothPoolsOnTheTaskTopicsAndRetryTopicsOfTheWorkersGroup(String environment) throws Exception {
    KubernetesManifests rendered = KubernetesManifests.overlay(environment);
    for (String pool : List.of("worker-gpu", "worker-cpu")) {
      JsonNode scaled = rendered.get("ScaledObject", pool);
      Settings settings = settingsOf(rendered, rendered.get("Deployment", pool));
      List<String> taskTopics = new ArrayList<>();
      taskTopics.add(Topic.RENDITION_TASKS.topicName());
      taskTopics.addAll(RetryPolicy.from(settings).retryTopics(Topic.RENDITION_TASKS));

      assertThat(scaled.path("spec").path("scaleTargetRef").path("name").asText()).isEqualTo(pool);
      List<JsonNode> renditionTriggers = triggers(scaled).stream()
          .filter(t -> t.path("metadata").path("consumerGroup").asText().equals(RenditionWorker.GROUP_ID)).toList();
      assertThat(renditionTriggers).extracting(t -> t.path("metadata").path("topic").asText())
          .as("%s: a trigger for each topic the rendition workers subscribe to", pool)
          .containsExactlyInAnyOrderElementsOf(taskTopics);
      assertThat(triggers(scaled)).filteredOn(t -> !t.path("type").asText().equals("prometheus")).allSatisfy(t -> {
        assertThat(t.path("type").asText()).isEqualTo("kafka");
        assertThat(t.path("metadata").path("allowIdleConsumers").asText()).isEqualTo("false");
        assertThat(t.path("metadata").path("bootstrapServers").asText())
            .isEqualTo(rendered.environment(containers(rendered.get("Deployment", pool)).get(0)).get("VW_KAFKA_BOOTSTRAP_SERVERS"));
        assertThat(Integer.parseInt(t.path("metadata").path("lagThreshold").asText())).isPositive();
      });
    }
  }

  @ParameterizedTest
  @MethodSource(KubernetesManifests.EACH_OVERLAY)
  void kedaScalesBothPoolsOnTheShareGroupsLagOfTheChunkTasksThroughPrometheus(String environment) throws Exception {
    KubernetesManifests rendered = KubernetesManifests.overlay(environment);
    for (String pool : List.of("worker-gpu", "worker-cpu")) {
      WorkerConfig config = WorkerConfig.from(settingsOf(rendered, rendered.get("Deployment", pool)));
      assertThat(config.chunkConcurrency()).as("%s takes chunk tasks", pool).isPositive();

      assertThat(triggers(rendered.get("ScaledObject", pool))).filteredOn(t -> t.path("type").asText().equals("prometheus"))
          .as("%s: the share group's lag, as the topology exports it (KEDA's Kafka scaler reads consumer groups only)", pool)
          .singleElement().satisfies(t -> {
            String query = t.path("metadata").path("query").asText();
            assertThat(query).contains(TaskLag.LAG.replace('.', '_'))
                .contains("group=\"" + ChunkTaskGroup.NAME + "\"").contains("topic=\"" + Topic.CHUNK_TASKS.topicName() + "\"");
            assertThat(Integer.parseInt(t.path("metadata").path("threshold").asText())).isPositive();
            assertThat(t.path("metadata").path("serverAddress").asText()).startsWith("http");
          });
    }
  }

  @ParameterizedTest
  @MethodSource(KubernetesManifests.EACH_OVERLAY)
  void probeLagKeepsACpuWorkerUpAndTheGpuPoolMayScaleToZero(String environment) throws Exception {
    KubernetesManifests rendered = KubernetesManifests.overlay(environment);
    JsonNode cpu = rendered.get("ScaledObject", "worker-cpu");

    assertThat(triggers(cpu)).anySatisfy(t -> {
      assertThat(t.path("metadata").path("topic").asText()).isEqualTo(Topic.PROBE_TASKS.topicName());
      assertThat(t.path("metadata").path("consumerGroup").asText()).isEqualTo(ProbeWorker.GROUP_ID);
    });
    assertThat(cpu.path("spec").path("minReplicaCount").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(rendered.get("ScaledObject", "worker-gpu").path("spec").path("minReplicaCount").asInt())
        .isBetween(0, 1);
  }

  @ParameterizedTest
  @MethodSource(KubernetesManifests.EACH_OVERLAY)
  void thePoolsTogetherNeverRunMoreConsumersThanTheTaskTopicHasPartitions(String environment) throws Exception {
    KubernetesManifests rendered = KubernetesManifests.overlay(environment);
    int consumers = 0;
    for (String pool : List.of("worker-gpu", "worker-cpu")) {
      WorkerConfig config = WorkerConfig.from(settingsOf(rendered, rendered.get("Deployment", pool)));
      consumers += rendered.get("ScaledObject", pool).path("spec").path("maxReplicaCount").asInt() * config.concurrency();
    }
    assertThat(consumers).isBetween(1, Topic.RENDITION_TASKS.partitions());
  }

  @ParameterizedTest
  @MethodSource(KubernetesManifests.EACH_OVERLAY)
  void aStoppingWorkerHasTheTimeToHandItsTasksBack(String environment) throws Exception {
    KubernetesManifests rendered = KubernetesManifests.overlay(environment);
    for (String pool : List.of("worker-gpu", "worker-cpu")) {
      JsonNode deployment = rendered.get("Deployment", pool);
      WorkerConfig config = WorkerConfig.from(settingsOf(rendered, deployment));
      int consumers = config.concurrency() + config.chunkConcurrency() + config.probeConcurrency();

      assertThat(podSpec(deployment).path("terminationGracePeriodSeconds").asInt())
          .isGreaterThan(consumers * SECONDS_TO_STOP_A_CONSUMER);
    }
  }

  @Test
  void theNvidiaDevicePluginRunsOnTheTaintedGpuNodes() throws Exception {
    JsonNode plugin = KubernetesManifests.render(InfraChecks.K8S.resolve("nvidia-device-plugin")).get("DaemonSet",
        "nvidia-device-plugin-daemonset");

    assertThat(podSpec(plugin).path("tolerations")).anySatisfy(t -> {
      assertThat(t.path("key").asText()).isEqualTo("gpu");
      assertThat(t.path("value").asText()).isEqualTo("true");
      assertThat(t.path("effect").asText()).isEqualTo("NoSchedule");
    });
    assertThat(podSpec(plugin).path("tolerations")).anySatisfy(t -> assertThat(t.path("key").asText()).isEqualTo("nvidia.com/gpu"));
    assertThat(podSpec(plugin).path("nodeSelector").path("nvidia.com/gpu.present").asText()).isEqualTo("true");
  }

  private static List<JsonNode> triggers(JsonNode scaledObject) {
    return StreamSupport.stream(scaledObject.path("spec").path("triggers").spliterator(), false).toList();
  }

  /** The settings the pool's worker process starts with, as the launcher reads them from its environment. */
  private static Settings settingsOf(KubernetesManifests rendered, JsonNode deployment) {
    return Settings.from(Map.of(), new Properties(), rendered.environment(containers(deployment).get(0)));
  }
}
