package io.vwmedia.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The manifests run the images as they are built: every vw-media container in the rendered dev overlay uses one of
 * the two images (the GPU one exactly where a GPU is asked for), starts a command the CLI has without replacing the
 * entrypoint, runs as uid 10001, and mounts the image's data folder (and, for workers, the scratch folder) writable.
 * Runs once {@code k8s/base} is in the tree; skipped, saying so, before.
 */
class ImagesInManifestsTest {

  static final String OVERLAY = "overlays/dev";

  @Test
  void everyVwMediaContainerRunsAnImageAsItIsBuilt() throws Exception {
    assumeTrue(Files.isDirectory(InfraChecks.K8S.resolve("base")),
        "k8s/base is not in this tree yet: the images' cross-check with the manifests runs once it is");
    List<JsonNode> containers = vwMediaContainers(render());
    assertThat(containers).as("vw-media containers in k8s/%s", OVERLAY).isNotEmpty();

    Map<String, String> cpuEnv = ContainerImageTest.dockerfile("Dockerfile").runtime().env();
    for (JsonNode c : containers) {
      String name = c.path("name").asText();
      String image = c.path("image").asText().replaceAll("[:@].*$", "");
      boolean gpu = c.path("resources").path("limits").has("nvidia.com/gpu");
      assertThat(image).as("%s's image", name)
          .isEqualTo(ContainerImageTest.IMAGES.get(gpu ? "Dockerfile.gpu" : "Dockerfile"));
      assertThat(c.has("command")).as("%s keeps the image's entrypoint", name).isFalse();
      String command = c.path("args").path(0).asText();
      assertThat(ContainerImageTest.cliCommands()).as("%s's first arg", name).contains(command);
      assertThat(c.path("securityContext").path("runAsUser").asText(c.path("podRunAsUser").asText()))
          .as("%s's runAsUser", name).isEqualTo(ContainerImageTest.UID);

      Map<String, String> env = new HashMap<>(cpuEnv);
      c.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
      List<String> writable = new ArrayList<>();
      c.path("volumeMounts").forEach(m -> {
        if (!m.path("readOnly").asBoolean(false)) writable.add(m.path("mountPath").asText());
      });
      assertThat(writable).as("%s's writable mounts", name).contains(env.get("VW_DATA_DIR"), "/tmp");
      if (command.equals("worker")) {
        assertThat(writable).as("%s's scratch", name).contains(env.get("VW_WORKER_WORK_DIR"));
      }
    }
  }

  private static List<JsonNode> render() throws Exception {
    CommandOutput r = CommandOutput.run(3, Map.of(), List.of("kubectl", "kustomize", InfraChecks.K8S.resolve(OVERLAY).toString()));
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    try (MappingIterator<JsonNode> it = new YAMLMapper().readerFor(JsonNode.class).readValues(r.stdout())) {
      return it.readAll();
    }
  }

  /** Containers of Deployments and StatefulSets whose image is one of ours, each with its pod's runAsUser copied in. */
  static List<JsonNode> vwMediaContainers(List<JsonNode> objects) {
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode o : objects) {
      String kind = o.path("kind").asText();
      if (!kind.equals("Deployment") && !kind.equals("StatefulSet")) continue;
      JsonNode pod = o.path("spec").path("template").path("spec");
      for (JsonNode c : pod.path("containers")) {
        if (c.path("image").asText().startsWith("ghcr.io/vw-media/")) {
          ObjectNode copy = ((ObjectNode) c).deepCopy();
          copy.put("podRunAsUser", pod.path("securityContext").path("runAsUser").asText());
          found.add(copy);
        }
      }
    }
    return found;
  }
}
