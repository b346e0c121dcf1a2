package io.vwmedia.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The objects one kustomization renders ({@code kubectl kustomize DIR}, read through {@code k8s/to-json.mjs}), and
 * what the tests ask of them: an object by kind and name, the containers of a pod template, and the environment a
 * container starts with once Kubernetes has resolved its ConfigMaps ({@code envFrom}) and field references.
 */
public final class KubernetesManifests {

  public static final List<String> ENVIRONMENTS = List.of("dev", "staging", "prod");

  /** What a container's {@code fieldRef: metadata.name} resolves to in these tests: a pod's name. */
  public static final String POD_NAME = "topology-0";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path yaml;
  private final List<JsonNode> objects;

  private KubernetesManifests(Path yaml, List<JsonNode> objects) {
    this.yaml = yaml;
    this.objects = objects;
  }

  /** The overlays, for parameterized tests: {@code @MethodSource(KubernetesManifests.EACH_OVERLAY)}. */
  public static final String EACH_OVERLAY = "io.vwmedia.launcher.deploy.KubernetesManifests#environments";

  static Stream<String> environments() {
    return ENVIRONMENTS.stream();
  }

  /** {@code kubectl kustomize k8s/overlays/<env>}. */
  public static KubernetesManifests overlay(String environment) throws IOException, InterruptedException {
    return render(InfraChecks.K8S.resolve("overlays").resolve(environment));
  }

  /** Renders {@code kustomization} with {@code kubectl kustomize}; fails saying why when kubectl is missing. */
  public static KubernetesManifests render(Path kustomization) throws IOException, InterruptedException {
    assertThat(onPath("kubectl"))
        .as("kubectl is not on the PATH: the Kubernetes checks render with `kubectl kustomize` (bin/test installs kubectl)")
        .isTrue();
    Path out = Files.createTempFile("vw-k8s-", ".yaml");
    Path err = Files.createTempFile("vw-k8s-", ".err");
    Process p = new ProcessBuilder("kubectl", "kustomize", kustomization.toString())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor()).as("kubectl kustomize %s: %s", kustomization, Files.readString(err)).isZero();
    Files.delete(err);
    InfraChecks.Result json = InfraChecks.node("k8s/to-json.mjs", out.toString());
    assertThat(json.exitCode()).as("YAML of %s: %s", kustomization, json.stderr()).isZero();
    return new KubernetesManifests(out, StreamSupport.stream(json.json().get("objects").spliterator(), false).toList());
  }

  /** Writes {@code objects} as multi-document YAML (JSON documents are YAML) for the validator. */
  public static Path write(List<JsonNode> objects, Path file) throws IOException {
    List<String> docs = new ArrayList<>();
    for (JsonNode o : objects) {
      docs.add(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o));
    }
    return Files.writeString(file, String.join("\n---\n", docs) + "\n", StandardCharsets.UTF_8);
  }

  /** A copy of {@code k8s/} under {@code dir}, for a test to plant a mistake in; returns the copy's root. */
  public static Path copyOfSources(Path dir) throws IOException {
    Path to = dir.resolve("k8s");
    try (java.util.stream.Stream<Path> files = Files.walk(InfraChecks.K8S)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(InfraChecks.K8S.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
    return to;
  }

  /** The rendered YAML, as kubectl printed it. */
  public Path yaml() {
    return yaml;
  }

  /** Every object; the JSON is the test's own copy, free to mutate. */
  public List<JsonNode> objects() {
    return objects.stream().<JsonNode>map(JsonNode::deepCopy).toList();
  }

  public List<JsonNode> all(String kind) {
    return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
  }

  public JsonNode get(String kind, String name) {
    return all(kind).stream().filter(o -> name.equals(o.path("metadata").path("name").asText())).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + yaml));
  }

  /** Deployments, StatefulSets and DaemonSets: whatever carries a pod template. */
  public List<JsonNode> workloads() {
    return objects.stream().filter(o -> o.path("spec").path("template").has("spec")).toList();
  }

  public static JsonNode podSpec(JsonNode workload) {
    return workload.path("spec").path("template").path("spec");
  }

  public static List<JsonNode> containers(JsonNode workload) {
    return StreamSupport.stream(podSpec(workload).path("containers").spliterator(), false).toList();
  }

  /** The ConfigMap a generated name ({@code vw-media-settings-<hash>}) refers to. */
  public JsonNode configMap(String renderedName) {
    return get("ConfigMap", renderedName);
  }

  /**
   * The environment {@code container} starts with: its ConfigMaps' keys, then its own {@code env} (which wins), with
   * {@code $(VAR)} expanded as Kubernetes does. A field reference to {@code metadata.name} reads {@link #POD_NAME},
   * {@code metadata.namespace} the object's namespace; a Secret's key reads as {@code <secret:NAME/KEY>}.
   */
  public Map<String, String> environment(JsonNode container) {
    Map<String, String> env = new LinkedHashMap<>();
    for (JsonNode from : container.path("envFrom")) {
      configMap(from.path("configMapRef").path("name").asText()).path("data").properties()
          .forEach(e -> env.put(e.getKey(), e.getValue().asText()));
    }
    for (JsonNode var : container.path("env")) {
      JsonNode from = var.path("valueFrom");
      String value;
      if (var.has("value")) {
        value = expand(var.path("value").asText(), env);
      } else if (from.has("fieldRef")) {
        value = switch (from.path("fieldRef").path("fieldPath").asText()) {
          case "metadata.name" -> POD_NAME;
          case "metadata.namespace" -> "vw-media";
          default -> throw new AssertionError("a field reference the tests do not resolve: " + var);
        };
      } else if (from.has("secretKeyRef")) {
        JsonNode ref = from.path("secretKeyRef");
        value = "<secret:" + ref.path("name").asText() + "/" + ref.path("key").asText() + ">";
      } else {
        throw new AssertionError("an env source the tests do not resolve: " + var);
      }
      env.put(var.path("name").asText(), value);
    }
    return env;
  }

  private static String expand(String value, Map<String, String> env) {
    String out = value;
    for (Map.Entry<String, String> e : env.entrySet()) {
      out = out.replace("$(" + e.getKey() + ")", e.getValue());
    }
    return out;
  }

  private static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
