package io.vwmedia.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Terraform itself says of infrastructure/terraform, where a Terraform (or OpenTofu) binary exists: the files
 * are formatted as `terraform fmt` writes them, and `terraform validate` passes after `terraform init
 * -backend=false`. Init needs the hashicorp/aws provider from its registry; where that cannot be reached, or no
 * binary exists, the test is skipped and says why: the offline checks (TerraformChecksTest) stand in for validate.
 */
class TerraformValidateTest {

  private static final String NO_BINARY = "no Terraform binary on this machine (the checks above stand in for validate)";

  @TempDir Path tmp;

  @Test
  void theFilesAreFormattedAsTerraformFmtWrites() throws Exception {
    String terraform = binary().orElseGet(() -> abort(NO_BINARY));

    InfraChecks.Result fmt = run(terraform, InfraChecks.TERRAFORM, "fmt", "-check", "-recursive", "-no-color");

    assertThat(fmt.exitCode()).as("files terraform fmt would rewrite (run terraform fmt -recursive): %s", fmt.stderr()).isZero();
  }

  @Test
  void terraformValidatePasses() throws Exception {
    String terraform = binary().orElseGet(() -> abort(NO_BINARY));
    Path dir = TerraformRoot.copyTo(tmp).dir();

    InfraChecks.Result init = run(terraform, dir, "init", "-backend=false", "-input=false", "-no-color");
    if (init.exitCode() != 0 && unreachableRegistry(init.stderr())) {
      abort("terraform init could not install hashicorp/aws 6.25.0 (no provider registry reachable from this machine;"
          + " the checks above stand in for validate): " + firstError(init.stderr()));
    }
    assertThat(init.exitCode()).as("terraform init: %s", init.stderr()).isZero();

    InfraChecks.Result validate = run(terraform, dir, "validate", "-no-color");
    assertThat(validate.exitCode()).as("terraform validate: %s", validate.stderr()).isZero();
  }

  /** terraform or tofu on PATH. */
  private static Optional<String> binary() {
    return Stream.of("terraform", "tofu")
        .flatMap(name -> Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).map(d -> Path.of(d, name)))
        .filter(Files::isExecutable)
        .map(Path::toString)
        .findFirst();
  }

  /** Runs a command whose stdout is text, not JSON: it goes to the result's stderr field with the rest. */
  private static InfraChecks.Result run(String terraform, Path dir, String... args) throws Exception {
    Path log = Files.createTempFile("vw-terraform-", ".log");
    try {
      List<String> cmd = new java.util.ArrayList<>(List.of("sh", "-c", "\"$0\" \"$@\" >\"" + log + "\" 2>&1", terraform, "-chdir=" + dir));
      cmd.addAll(List.of(args));
      int exit = InfraChecks.run(cmd).exitCode();
      return new InfraChecks.Result(exit, null, Files.readString(log));
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static boolean unreachableRegistry(String output) {
    return Stream.of("Failed to query available provider packages", "could not connect", "dial tcp", "no such host",
        "Failed to install provider", "i/o timeout").anyMatch(output::contains);
  }

  private static String firstError(String output) {
    return output.lines().filter(l -> l.contains("Error")).findFirst().orElse(output.strip()).replaceAll("[│╷╵]", "").strip();
  }
}
