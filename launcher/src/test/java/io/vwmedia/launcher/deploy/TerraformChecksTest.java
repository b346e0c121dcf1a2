package io.vwmedia.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * infrastructure/terraform passes the offline checks (infrastructure/checks/terraform.mjs) with each environment's
 * overlay and backend: every file parses, overlays and variables agree, references resolve, every resource and
 * attribute exists in hashicorp/aws 6.25.0's schema, the provider is pinned, and the policy asserts hold.
 */
class TerraformChecksTest {

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void theRepositorysTerraformPassesTheChecks(String env) throws Exception {
    InfraChecks.Result result = TerraformRoot.repository().check(env);

    assertThat(TerraformRoot.findings(result)).isEmpty();
    assertThat(result.exitCode()).isZero();
    assertThat(result.json().get("provider").asText()).isEqualTo("hashicorp/aws 6.25.0");
    assertThat(result.json().get("resources").asInt()).as("resources checked").isGreaterThan(30);
  }
}
