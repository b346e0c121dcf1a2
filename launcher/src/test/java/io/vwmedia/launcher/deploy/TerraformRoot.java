package io.vwmedia.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A Terraform root as {@code infrastructure/checks/terraform.mjs} sees it: the repository's own, or a copy in a
 * temporary folder (with {@code infrastructure/eventbridge/} and {@code infrastructure/stepfunctions/} beside it,
 * which the root reads) that a test plants a mistake in. {@link #config()} is the parsed configuration,
 * {@link #check} the checker's findings.
 */
final class TerraformRoot {

  private final Path dir;

  private TerraformRoot(Path dir) {
    this.dir = dir;
  }

  /** infrastructure/terraform of this repository. */
  static TerraformRoot repository() {
    return new TerraformRoot(InfraChecks.TERRAFORM);
  }

  /** A copy of the repository's root under {@code tmp}, to change. */
  static TerraformRoot copyTo(Path tmp) throws IOException {
    copyTree(InfraChecks.TERRAFORM, tmp.resolve("infrastructure/terraform"));
    copyTree(InfraChecks.ROOT.resolve("infrastructure/eventbridge"), tmp.resolve("infrastructure/eventbridge"));
    copyTree(InfraChecks.ROOT.resolve("infrastructure/stepfunctions"), tmp.resolve("infrastructure/stepfunctions"));
    return new TerraformRoot(tmp.resolve("infrastructure/terraform"));
  }

  Path dir() {
    return dir;
  }

  /** Replaces text in one file; fails when the text is not there, so a test cannot plant nothing. */
  TerraformRoot replace(String file, String text, String replacement) throws IOException {
    Path path = dir.resolve(file);
    String content = Files.readString(path, StandardCharsets.UTF_8);
    assertThat(content).as("%s to change", file).contains(text);
    Files.writeString(path, content.replace(text, replacement), StandardCharsets.UTF_8);
    return this;
  }

  TerraformRoot append(String file, String text) throws IOException {
    Files.writeString(dir.resolve(file), "\n" + text + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
    return this;
  }

  /** The checker's report for these environments ("all" or one). */
  InfraChecks.Result check(String env) throws IOException, InterruptedException {
    return InfraChecks.node("terraform.mjs", dir.toString(), "--env", env);
  }

  /** The findings' messages, each prefixed with its check and where: "schema aws_s3_bucket.media: ...". */
  static List<String> findings(InfraChecks.Result result) {
    assertThat(result.json()).as("checker output (stderr: %s)", result.stderr()).isNotNull();
    List<String> out = new ArrayList<>();
    for (JsonNode f : result.json().get("findings")) {
      out.add(f.get("check").asText() + " " + f.path("where").asText(f.get("file").asText()) + ": " + f.get("message").asText());
    }
    return out;
  }

  /** The parsed configuration (hcl2json's JSON of every .tf, and of each overlay). */
  TerraformConfig config() throws IOException, InterruptedException {
    InfraChecks.Result dump = InfraChecks.node("terraform.mjs", dir.toString(), "--dump");
    assertThat(dump.exitCode()).as("parse (stderr: %s)", dump.stderr()).isZero();
    return new TerraformConfig(dump.json());
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      paths.filter(p -> !p.toString().contains(".terraform")).forEach(p -> {
        try {
          Path target = to.resolve(from.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(target);
          } else {
            Files.copy(p, target);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
