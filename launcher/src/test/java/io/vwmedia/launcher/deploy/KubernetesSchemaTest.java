package io.vwmedia.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every overlay renders with {@code kubectl kustomize} and every object it renders passes the Kubernetes and KEDA
 * schemas (npm {@code kubernetes-models}, {@code @kubernetes-models/keda}) with unknown properties refused at any
 * depth ({@code infrastructure/checks/k8s-validate.mjs}); the check catches a misspelt field in a container and one
 * at a KEDA trigger's level.
 */
class KubernetesSchemaTest {

  @ParameterizedTest
  @MethodSource(KubernetesManifests.EACH_OVERLAY)
  void overlayRendersAndEveryObjectPassesTheStrictSchemas(String environment) throws Exception {
    KubernetesManifests rendered = KubernetesManifests.overlay(environment);

    assertThat(rendered.all("Deployment")).extracting(d -> d.path("metadata").path("name").asText())
        .contains("worker-gpu", "worker-cpu");
    assertThat(rendered.all("ScaledObject")).hasSize(2);
    assertThat(rendered.all("StatefulSet")).hasSize(1);
    assertNoFindings(rendered.yaml());
  }

  @Test
  void nvidiaDevicePluginPassesTheStrictSchemas() throws Exception {
    assertNoFindings(KubernetesManifests.render(InfraChecks.K8S.resolve("nvidia-device-plugin")).yaml());
  }

  @Test
  void aMisspeltContainerFieldInTheSourcesIsRefused(@TempDir Path dir) throws Exception {
    Path copy = KubernetesManifests.copyOfSources(dir);
    Path deployment = copy.resolve("base/worker/deployment.yaml");
    Files.writeString(deployment, Files.readString(deployment)
        .replace("          args: [\"worker\"]\n", "          args: [\"worker\"]\n          imagePullPolicyy: Always\n"));

    JsonNode report = findings(KubernetesManifests.render(copy.resolve("overlays/prod")).yaml(), 1);

    assertThat(report.path("findings")).extracting(f -> f.path("object").asText() + " " + f.path("path").asText())
        .containsExactlyInAnyOrder(
            "Deployment/worker-gpu /spec/template/spec/containers/0/imagePullPolicyy",
            "Deployment/worker-cpu /spec/template/spec/containers/0/imagePullPolicyy");
  }

  @Test
  void aFieldAtAKedaTriggersLevelIsRefused(@TempDir Path dir) throws Exception {
    List<JsonNode> objects = KubernetesManifests.overlay("prod").objects();
    JsonNode gpu = objects.stream()
        .filter(o -> o.path("kind").asText().equals("ScaledObject") && o.path("metadata").path("name").asText().equals("worker-gpu"))
        .findFirst().orElseThrow();
    // lagThreshold belongs in the trigger's metadata; a level up, KEDA would ignore it and scale on the default 10
    ((ObjectNode) gpu.path("spec").path("triggers").get(0)).put("lagThreshold", "15");

    JsonNode report = findings(KubernetesManifests.write(objects, dir.resolve("rendered.yaml")), 1);

    assertThat(report.path("findings")).singleElement().satisfies(f -> {
      assertThat(f.path("object").asText()).isEqualTo("ScaledObject/worker-gpu");
      assertThat(f.path("path").asText()).isEqualTo("/spec/triggers/0/lagThreshold");
      assertThat(f.path("problem").asText()).isEqualTo("not a property of the schema");
    });
  }

  @Test
  void aWrongTypeIsRefusedToo(@TempDir Path dir) throws Exception {
    List<JsonNode> objects = KubernetesManifests.overlay("dev").objects();
    JsonNode topology = objects.stream().filter(o -> o.path("kind").asText().equals("StatefulSet")).findFirst().orElseThrow();
    ((ObjectNode) topology.path("spec")).put("replicas", "three");

    JsonNode report = findings(KubernetesManifests.write(objects, dir.resolve("rendered.yaml")), 1);

    assertThat(report.path("findings")).extracting(f -> f.path("path").asText()).containsExactly("/spec/replicas");
  }

  @ParameterizedTest
  @MethodSource(KubernetesManifests.EACH_OVERLAY)
  void serverSideDryRunAcceptsTheOverlay(String environment) throws Exception {
    Assumptions.assumeTrue(apiServerReachable(),
        "no Kubernetes API server on this machine (schema validation above stands in)");
    Process p = new ProcessBuilder("kubectl", "apply", "--dry-run=server", "-f",
        KubernetesManifests.overlay(environment).yaml().toString()).inheritIO().start();
    assertThat(p.waitFor()).isZero();
  }

  private static void assertNoFindings(Path yaml) throws Exception {
    JsonNode report = findings(yaml, 0);
    assertThat(report.path("objects").asInt()).isPositive();
  }

  private static JsonNode findings(Path yaml, int exitCode) throws Exception {
    InfraChecks.Result r = InfraChecks.node("k8s-validate.mjs", yaml.toString());
    assertThat(r.exitCode()).as("k8s-validate.mjs %s: %s %s", yaml, r.json(), r.stderr()).isEqualTo(exitCode);
    return r.json();
  }

  /** Whether KUBECONFIG names a cluster that answers (never the case on the CI machines). */
  private static boolean apiServerReachable() throws IOException, InterruptedException {
    String kubeconfig = System.getenv("KUBECONFIG");
    if (kubeconfig == null || kubeconfig.isBlank()) {
      return false;
    }
    Process p = new ProcessBuilder("kubectl", "version", "--request-timeout=5s").redirectErrorStream(true).start();
    p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    return p.waitFor(15, TimeUnit.SECONDS) && p.exitValue() == 0;
  }
}
