package io.vwmedia.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vwmedia.config.Settings;
import io.vwmedia.config.SettingsCatalog;
import io.vwmedia.launcher.VwMedia;
import io.vwmedia.launcher.deploy.DockerfileInstructions.Instruction;
import io.vwmedia.launcher.deploy.DockerfileInstructions.Stage;
import io.vwmedia.observability.metrics.MetricsSettings;
import io.vwmedia.worker.WorkerSettings;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;

/**
 * What can be checked of the images without building them (no Docker here): {@code Dockerfile} (CPU) and
 * {@code Dockerfile.gpu} run a command the CLI has, start the jar the Maven build makes with {@code lib/} beside it
 * as its manifest expects, run as the numeric user 10001, set only {@code VW_*} variables the process accepts, and
 * expose the ops port. {@link ImagesInManifestsTest} checks them against the manifests, {@link ImageBuildTest}
 * builds them where Docker answers.
 */
class ContainerImageTest {

  static final String APP_DIR = "/opt/vw-media";
  static final String JAR = APP_DIR + "/vw-media.jar";
  /** The shared decisions of issue 12: the uid, the data folder and scratch the manifests mount writable. */
  static final String UID = "10001";
  static final String DATA_DIR = "/var/lib/vw-media";
  static final String SCRATCH = "/scratch";
  static final Map<String, String> IMAGES = Map.of(
      "Dockerfile", "ghcr.io/vw-media/vw-media", "Dockerfile.gpu", "ghcr.io/vw-media/vw-media-gpu");

  static DockerfileInstructions dockerfile(String name) throws Exception {
    return DockerfileInstructions.read(InfraChecks.ROOT.resolve(name));
  }

  static Set<String> cliCommands() {
    return VwMedia.commandLine().getSubcommands().keySet();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Dockerfile", "Dockerfile.gpu"})
  void runsACommandTheCliHasAndDocumentsOnlySuchCommands(String file) throws Exception {
    DockerfileInstructions d = dockerfile(file);
    assertThat(d.runtime().last("CMD").execForm()).containsExactly("worker");
    assertThat(cliCommands()).contains("worker", "topology");
    // `docker run ... ghcr.io/vw-media/vw-media[-gpu][:tag] <command>` in the comments: each a real command
    Pattern documented = Pattern.compile("docker run .*?" + Pattern.quote(IMAGES.get(file)) + "(?::\\S+)?\\s+(\\S+)");
    List<String> commands = d.comments().stream().map(documented::matcher).filter(Matcher::find)
        .map(m -> m.group(1)).toList();
    assertThat(commands).as("commands %s documents", file).isNotEmpty();
    assertThat(cliCommands()).containsAll(commands);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Dockerfile", "Dockerfile.gpu"})
  void startsTheJarTheMavenBuildMakesWithItsLibBesideItAndAContainerAwareHeap(String file) throws Exception {
    DockerfileInstructions d = dockerfile(file);
    List<String> entrypoint = d.runtime().last("ENTRYPOINT").execForm();
    assertThat(entrypoint.get(0)).isEqualTo("java");
    assertThat(entrypoint.subList(entrypoint.size() - 2, entrypoint.size())).containsExactly("-jar", JAR);
    assertThat(entrypoint).anySatisfy(f -> assertThat(f).matches("-XX:MaxRAMPercentage=\\d+(\\.\\d+)?"))
        .contains("-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/tmp");
    assertThat(d.runtime().last("WORKDIR").arguments()).isEqualTo(APP_DIR);

    Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(InfraChecks.ROOT.resolve("launcher/pom.xml").toFile());
    String finalName = pom.getElementsByTagName("finalName").item(0).getTextContent();
    String classpathPrefix = pom.getElementsByTagName("classpathPrefix").item(0).getTextContent();
    assertThat(pom.getElementsByTagName("mainClass").item(0).getTextContent()).isEqualTo(VwMedia.class.getName());
    String built = d.stage("build").last("WORKDIR").arguments() + "/launcher/target/";
    assertThat(copiesFromBuild(d.runtime())).as("%s copies what the build makes where the manifest looks", file)
        .containsEntry(built + finalName + ".jar", JAR)
        .containsEntry(built + "lib/", APP_DIR + "/" + classpathPrefix);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Dockerfile", "Dockerfile.gpu"})
  void runsAsTheNumericNonRootUser10001(String file) throws Exception {
    Stage runtime = dockerfile(file).runtime();
    assertThat(runtime.last("USER").arguments()).as("runAsNonRoot needs a numeric uid").isEqualTo(UID + ":" + UID);
    assertThat(runtime.all("RUN")).extracting(Instruction::arguments)
        .anySatisfy(r -> assertThat(r).contains("groupadd --system --gid " + UID + " vw", "useradd --system --uid " + UID,
            "install -d -o " + UID + " -g " + UID).contains(DATA_DIR, SCRATCH));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Dockerfile", "Dockerfile.gpu"})
  void setsOnlyVariablesTheProcessAcceptsAndTheSharedPaths(String file) throws Exception {
    Map<String, String> env = dockerfile(file).runtime().env();
    assertThat(env).containsEntry("VW_DATA_DIR", DATA_DIR).containsEntry("VW_WORKER_WORK_DIR", SCRATCH);
    assertThat(startupProblems(env)).as("what the process would refuse at start-up").isEmpty();
  }

  @Test
  void theVariablesCheckRefusesAMisspeltSettingAndAValueItDoesNotTake() {
    assertThat(startupProblems(Map.of("VW_WORKER_ENCODR", "nvenc")))
        .singleElement().asString().contains("VW_WORKER_ENCODR").contains("VW_WORKER_ENCODER");
    assertThat(startupProblems(Map.of("VW_WORKER_ENCODER", "cuda"))).singleElement().asString().contains("cuda");
  }

  @Test
  void theGpuImageEncodesWithNvencOnTheDriversVideoCapability() throws Exception {
    Stage runtime = dockerfile("Dockerfile.gpu").runtime();
    assertThat(runtime.image()).startsWith("nvidia/cuda:").endsWith("-ubuntu24.04");
    Map<String, String> env = runtime.env();
    assertThat(Set.of(env.get("NVIDIA_DRIVER_CAPABILITIES").split(","))).contains("video", "compute", "utility");
    assertThat(env).containsEntry(WorkerSettings.ENCODER.environmentVariable(), "nvenc");
    assertThat(dockerfile("Dockerfile").runtime().env()).doesNotContainKey(WorkerSettings.ENCODER.environmentVariable());
  }

  @ParameterizedTest
  @ValueSource(strings = {"Dockerfile", "Dockerfile.gpu"})
  void exposesTheOpsPortAndIsPinnedAndLabelled(String file) throws Exception {
    DockerfileInstructions d = dockerfile(file);
    assertThat(d.runtime().last("EXPOSE").arguments()).isEqualTo(MetricsSettings.PORT.defaultValue().toString());
    assertThat(d.stage("build").image()).isEqualTo("maven:3.9-eclipse-temurin-17");
    assertThat(d.stages()).extracting(Stage::image)
        .allSatisfy(image -> assertThat(image).matches("[a-z0-9./-]+:[A-Za-z0-9._-]+(@sha256:[0-9a-f]{64})?")
            .doesNotEndWith(":latest"));
    assertThat(d.runtime().labels()).containsKeys("org.opencontainers.image.source", "org.opencontainers.image.version",
        "org.opencontainers.image.revision", "org.opencontainers.image.licenses")
        .containsEntry("org.opencontainers.image.title", IMAGES.get(file).substring(IMAGES.get(file).lastIndexOf('/') + 1));
    assertThat(d.runtime().all("HEALTHCHECK")).as("Kubernetes probes /health/*").isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Dockerfile", "Dockerfile.gpu"})
  void theDependencyLayerHasEveryModulesPomAndTheContextEveryModule(String file) throws Exception {
    Document root = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(InfraChecks.ROOT.resolve("pom.xml").toFile());
    var modules = root.getElementsByTagName("module");
    Set<String> copied = dockerfile(file).stage("build").all("COPY").stream().map(Instruction::arguments)
        .filter(a -> a.endsWith("/")).map(a -> a.split("\\s+")[0]).collect(Collectors.toSet());
    List<String> ignored = Files.readAllLines(InfraChecks.ROOT.resolve(".dockerignore")).stream()
        .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    for (int i = 0; i < modules.getLength(); i++) {
      String module = modules.item(i).getTextContent();
      assertThat(copied).as("%s copies %s/pom.xml before the sources", file, module).contains(module + "/pom.xml");
      assertThat(ignored).as(".dockerignore keeps %s in the build context", module)
          .noneMatch(l -> l.equals(module + "/") || l.equals(module));
    }
  }

  @Test
  void readsInstructionsAcrossContinuationLinesAndStages() {
    DockerfileInstructions d = DockerfileInstructions.parse("""
        ARG BASE=debian
        # docker run --rm img worker
        FROM maven:3.9 AS build
        RUN mvn \\
            # a comment inside the continuation is not part of it
            package
        FROM debian:bookworm-slim
        ENV A=1 \\
            B="two words"
        CMD ["worker"]
        """);
    assertThat(d.stages()).extracting(Stage::image, Stage::name)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("maven:3.9", "build"),
            org.assertj.core.groups.Tuple.tuple("debian:bookworm-slim", null));
    assertThat(d.stage("build").last("RUN").arguments()).isEqualTo("mvn package");
    assertThat(d.runtime().env()).containsExactly(Map.entry("A", "1"), Map.entry("B", "two words"));
    assertThat(d.comments()).contains("docker run --rm img worker");
  }

  /** What {@code SettingsCatalog} would refuse of these environment variables when a process starts. */
  static List<String> startupProblems(Map<String, String> env) {
    Map<String, String> vw = env.entrySet().stream().filter(e -> e.getKey().startsWith("VW_"))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    return SettingsCatalog.load().problems(Settings.from(Map.of(), new Properties(), vw));
  }

  /** {@code COPY --from=build <src> <dest>} of a stage, source to destination. */
  static Map<String, String> copiesFromBuild(Stage stage) {
    return stage.all("COPY").stream().map(Instruction::arguments).filter(a -> a.startsWith("--from=build "))
        .map(a -> a.substring("--from=build ".length()).strip().split("\\s+"))
        .collect(Collectors.toMap(p -> p[0], p -> p[1]));
  }
}
