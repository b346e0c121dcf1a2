package io.vwmedia.launcher.deploy;

import static io.vwmedia.launcher.deploy.KubernetesManifests.containers;
import static io.vwmedia.launcher.deploy.KubernetesManifests.podSpec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vwmedia.config.ConfigException;
import io.vwmedia.config.Settings;
import io.vwmedia.config.SettingsCatalog;
import io.vwmedia.observability.metrics.MetricsSettings;
import io.vwmedia.topics.KafkaSettings;
import io.vwmedia.topics.Topic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The manifests speak the processes' language: every {@code VW_*} variable a container gets (literal, from a
 * ConfigMap, from the Secret) is a setting of {@link SettingsCatalog#load()} and its value passes the catalogue's
 * checks, as at start-up; ports, probes and scrape annotations are {@code vw.metrics.port}; the topology's instance
 * id is its pod's name, its state on a claim, its replicas within its input topics' partitions; and every vw-media
 * pod runs as the image's non-root user on a read-only root with writable {@code emptyDir}s.
 */
class KubernetesSettingsTest {

  private static final String OPS = "ops";
  private static final int OPS_PORT = MetricsSettings.PORT.defaultValue();

  @ParameterizedTest
  @MethodSource(KubernetesManifests.EACH_OVERLAY)
  void everyVwVariableIsASettingTheCatalogueAccepts(String environment) throws Exception {
    KubernetesManifests rendered = KubernetesManifests.overlay(environment);
    for (JsonNode workload : vwMediaWorkloads(rendered)) {
      assertThat(settingsProblems(rendered, workload)).as("%s in %s", name(workload), environment).isEmpty();
    }
  }

  @Test
  void aMisspeltVariableOrARefusedValueIsCaught(@TempDir Path dir) throws Exception {
    Path k8s = KubernetesManifests.copyOfSources(dir);
    Path base = k8s.resolve("base/kustomization.yaml");
    Files.writeString(base, Files.readString(base)
        .replace("      - VW_WORKER_CONCURRENCY=1\n", "      - VW_WORKER_CONCURENCY=1\n")
        .replace("      - VW_WORKER_PROBE_CONCURRENCY=2\n", "      - VW_WORKER_PROBE_CONCURRENCY=0\n"));
    KubernetesManifests rendered = KubernetesManifests.render(k8s.resolve("overlays/dev"));

    assertThat(settingsProblems(rendered, rendered.get("Deployment", "worker-cpu")))
        .anySatisfy(p -> assertThat(p).contains("VW_WORKER_CONCURENCY").contains("did you mean VW_WORKER_CONCURRENCY"))
        .anySatisfy(p -> assertThat(p).contains("VW_WORKER_PROBE_CONCURRENCY"));
  }

  @ParameterizedTest
  @MethodSource(KubernetesManifests.EACH_OVERLAY)
  void opsPortProbesAndScrapeAnnotationsAreTheMetricsPort(String environment) throws Exception {
    KubernetesManifests rendered = KubernetesManifests.overlay(environment);
    for (JsonNode workload : vwMediaWorkloads(rendered)) {
      JsonNode container = containers(workload).get(0);
      JsonNode annotations = workload.path("spec").path("template").path("metadata").path("annotations");

      assertThat(container.path("ports")).singleElement().satisfies(p -> {
        assertThat(p.path("name").asText()).isEqualTo(OPS);
        assertThat(p.path("containerPort").asInt()).isEqualTo(OPS_PORT);
      });
      assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/health/live");
      assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/health/ready");
      for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
        assertThat(container.path(probe).path("httpGet").path("port").asText()).as(probe).isEqualTo(OPS);
      }
      assertThat(annotations.path("prometheus.io/scrape").asText()).isEqualTo("true");
      assertThat(annotations.path("prometheus.io/port").asText()).isEqualTo(Integer.toString(OPS_PORT));
      assertThat(annotations.path("prometheus.io/path").asText()).isEqualTo("/metrics");
      String port = rendered.environment(container).get(MetricsSettings.PORT.environmentVariable());
      assertThat(port == null ? OPS_PORT : MetricsSettings.PORT.parse(port)).isEqualTo(OPS_PORT);
    }
  }

  @ParameterizedTest
  @MethodSource(KubernetesManifests.EACH_OVERLAY)
  void topologyInstancesAreNamedByTheirPodsAndKeepTheirStateOnAClaim(String environment) throws Exception {
    KubernetesManifests rendered = KubernetesManifests.overlay(environment);
    JsonNode topology = rendered.get("StatefulSet", "topology");
    JsonNode container = containers(topology).get(0);
    Map<String, String> env = rendered.environment(container);
    JsonNode service = rendered.get("Service", topology.path("spec").path("serviceName").asText());

    assertThat(container.path("args").toString()).isEqualTo("[\"topology\"]");
    assertThat(container.path("env")).anySatisfy(v -> {
      assertThat(v.path("name").asText()).isEqualTo("VW_TOPOLOGY_INSTANCE_ID");
      assertThat(v.path("valueFrom").path("fieldRef").path("fieldPath").asText()).isEqualTo("metadata.name");
    });
    assertThat(service.path("spec").path("clusterIP").asText()).isEqualTo("None");
    assertThat(env.get("VW_TOPOLOGY_ADVERTISED_ADDRESS")).isEqualTo(KubernetesManifests.POD_NAME + "."
        + service.path("metadata").path("name").asText() + ".vw-media.svc.cluster.local:" + OPS_PORT);
    assertThat(topology.path("spec").path("replicas").asInt())
        .isBetween(1, Topic.UPLOAD_REQUESTED.partitions());
    String claim = topology.path("spec").path("volumeClaimTemplates").get(0).path("metadata").path("name").asText();
    String stateMount = container.path("volumeMounts").findParents("name").stream()
        .filter(m -> m.path("name").asText().equals(claim)).findFirst().orElseThrow().path("mountPath").asText();
    assertThat(env.get("VW_TOPOLOGY_STATE_DIR")).startsWith(stateMount + "/");
    assertThat(env.get("VW_DATA_DIR")).isEqualTo(stateMount);
  }

  @ParameterizedTest
  @MethodSource(KubernetesManifests.EACH_OVERLAY)
  void everyPodRunsNonRootOnAReadOnlyRootWithWritableEmptyDirs(String environment) throws Exception {
    KubernetesManifests rendered = KubernetesManifests.overlay(environment);
    for (JsonNode workload : rendered.workloads()) {
      JsonNode pod = podSpec(workload).path("securityContext");
      assertThat(pod.path("runAsNonRoot").asBoolean()).as(name(workload)).isTrue();
      assertThat(pod.path("runAsUser").asInt()).as(name(workload)).isEqualTo(10001);
      assertThat(pod.path("runAsGroup").asInt()).as(name(workload)).isEqualTo(10001);
      assertThat(pod.path("seccompProfile").path("type").asText()).as(name(workload)).isEqualTo("RuntimeDefault");
      for (JsonNode container : containers(workload)) {
        JsonNode c = container.path("securityContext");
        assertThat(c.path("readOnlyRootFilesystem").asBoolean()).as(name(workload)).isTrue();
        assertThat(c.path("allowPrivilegeEscalation").asBoolean(true)).as(name(workload)).isFalse();
        assertThat(c.path("capabilities").path("drop").toString()).as(name(workload)).isEqualTo("[\"ALL\"]");
        assertThat(container.path("resources").path("requests").has("memory")).as(name(workload)).isTrue();
        assertThat(container.path("resources").path("limits").has("memory")).as(name(workload)).isTrue();
      }
    }
    for (String pool : List.of("worker-gpu", "worker-cpu")) {
      JsonNode worker = rendered.get("Deployment", pool);
      Map<String, String> env = rendered.environment(containers(worker).get(0));
      assertThat(emptyDirMounts(worker)).as(pool)
          .contains("/tmp", env.get("VW_WORKER_WORK_DIR"), env.get("VW_DATA_DIR"));
    }
    assertThat(emptyDirMounts(rendered.get("StatefulSet", "topology"))).contains("/tmp");
  }

  @ParameterizedTest
  @MethodSource(KubernetesManifests.EACH_OVERLAY)
  void secretsComeFromOptionalKeysOfTheVwMediaSecret(String environment) throws Exception {
    KubernetesManifests rendered = KubernetesManifests.overlay(environment);
    for (JsonNode workload : vwMediaWorkloads(rendered)) {
      List<JsonNode> secretRefs = containers(workload).get(0).path("env").findValues("secretKeyRef");
      assertThat(secretRefs).as(name(workload)).hasSize(3).allSatisfy(ref -> {
        assertThat(ref.path("name").asText()).isEqualTo("vw-media-secrets");
        assertThat(ref.path("optional").asBoolean()).isTrue();
      });
      assertThat(containers(workload).get(0).path("env").findValues("name").stream().map(JsonNode::asText))
          .contains("VW_METRICS_DATADOG_API_KEY", "VW_ANALYTICS_SEGMENT_WRITE_KEY", "VW_ALERTS_SLACK_WEBHOOK_URL");
    }
  }

  /** What the settings catalogue says of the environment {@code workload}'s vw-media container starts with. */
  private static List<String> settingsProblems(KubernetesManifests rendered, JsonNode workload) {
    SettingsCatalog catalog = SettingsCatalog.load();
    Map<String, String> env = new LinkedHashMap<>();
    rendered.environment(containers(workload).get(0)).forEach((name, value) -> {
      if (name.startsWith("VW_")) env.put(name, value);
    });
    // a secret's value is not in the manifests: its key must be a setting, its value is the Secret's business
    env.replaceAll((name, value) -> value.startsWith("<secret:vw-media-secrets/") ? "" : value);
    Settings settings = Settings.from(Map.of(), new Properties(), env);
    List<String> problems = new ArrayList<>(catalog.problems(settings));
    if (problems.isEmpty()) {
      try { // the settings that only make sense together, checked as the process does at start-up
        KafkaSettings.from(settings);
      } catch (ConfigException e) {
        problems.add(e.getMessage());
      }
    }
    return problems;
  }

  /** The pods that run vw-media itself (not the schema registry): the worker pools and the topology. */
  private static List<JsonNode> vwMediaWorkloads(KubernetesManifests rendered) {
    List<JsonNode> ours = rendered.workloads().stream()
        .filter(w -> containers(w).get(0).path("image").asText().startsWith("ghcr.io/vw-media/")).toList();
    assertThat(ours).extracting(KubernetesSettingsTest::name)
        .containsExactlyInAnyOrder("Deployment/worker-gpu", "Deployment/worker-cpu", "StatefulSet/topology");
    return ours;
  }

  private static List<String> emptyDirMounts(JsonNode workload) {
    List<String> emptyDirs = podSpec(workload).path("volumes").findParents("emptyDir").stream()
        .map(v -> v.path("name").asText()).toList();
    return containers(workload).get(0).path("volumeMounts").findParents("mountPath").stream()
        .filter(m -> emptyDirs.contains(m.path("name").asText())).map(m -> m.path("mountPath").asText()).toList();
  }

  private static String name(JsonNode object) {
    return object.path("kind").asText() + "/" + object.path("metadata").path("name").asText();
  }
}
