package io.vwmedia.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each offline check of the Terraform catches the mistake it is there for: a copy of infrastructure/terraform with
 * one mistake planted fails the checker with exactly that finding. These are what `terraform validate` or a plan
 * would have said too late (a misspelt argument, a variable nobody declares) or would not say at all (a taint
 * effect in kubectl's spelling, S3 access on "*").
 */
class TerraformPlantedMistakesTest {

  @TempDir Path tmp;

  @Test
  void aMisspeltArgumentIsNotInTheProvidersSchema() throws Exception {
    TerraformRoot root = TerraformRoot.copyTo(tmp).replace("storage.tf", "  bucket = each.value\n", "  bucket_nme = each.value\n");

    assertFails(root, "dev", "schema aws_s3_bucket.media: aws_s3_bucket has no argument or block \"bucket_nme\"");
  }

  @Test
  void aMisspeltNestedArgumentIsFoundWithTheRightName() throws Exception {
    TerraformRoot root = TerraformRoot.copyTo(tmp).replace("cdn.tf", "restriction_type = \"none\"", "restriction_typ = \"none\"");

    assertFails(root, "dev", "schema aws_cloudfront_distribution.outputs: aws_cloudfront_distribution.restrictions.geo_restriction"
        + " has no argument or block \"restriction_typ\" (did you mean \"restriction_type\"?)");
  }

  @Test
  void anOverlaySettingAVariableNobodyDeclaredFails() throws Exception {
    TerraformRoot root = TerraformRoot.copyTo(tmp).append("environments/staging.tfvars", "gpu_nodes_max = 2");

    assertFails(root, "staging", "overlay gpu_nodes_max: staging sets variable \"gpu_nodes_max\", which no .tf file declares");
  }

  @Test
  void anOverlayLeavingOutARequiredVariableFails() throws Exception {
    TerraformRoot root = TerraformRoot.copyTo(tmp)
        .replace("environments/prod.tfvars", "slack_webhook_secret_name = \"vw-media/prod/slack-webhook-url\"", "");

    assertFails(root, "prod", "overlay slack_webhook_secret_name: prod does not set \"slack_webhook_secret_name\", which has no default");
  }

  @Test
  void aReferenceToAnUndeclaredVariableFails() throws Exception {
    TerraformRoot root = TerraformRoot.copyTo(tmp).replace("eks.tf", "var.gpu_instance_types", "var.gpu_instance_type");

    assertFails(root, "dev", "reference aws_eks_node_group.gpu: var.gpu_instance_type: no variable \"gpu_instance_type\" is declared");
  }

  @Test
  void aTaintEffectInKubectlsSpellingFails() throws Exception {
    TerraformRoot root = TerraformRoot.copyTo(tmp).replace("eks.tf", "effect = \"NO_SCHEDULE\"", "effect = \"NoSchedule\"");

    assertFails(root, "dev", "policy aws_eks_node_group.gpu: taint effect \"NoSchedule\" is not one of NO_SCHEDULE");
  }

  @Test
  void s3ActionsOnEveryResourceFail() throws Exception {
    TerraformRoot root = TerraformRoot.copyTo(tmp)
        .replace("iam.tf", "resources = [\"${local.outputs_keys}assets/*\"]", "resources = [\"*\"]");

    assertFails(root, "dev", "policy data.aws_iam_policy_document.worker.statement[WriteRungMedia]: S3 actions"
        + " s3:PutObject, s3:AbortMultipartUpload, s3:DeleteObject on \"*\"");
  }

  @Test
  void aProviderRangeInsteadOfThePinFails() throws Exception {
    TerraformRoot root = TerraformRoot.copyTo(tmp).replace("media_pipeline.tf", "version = \"6.25.0\"", "version = \"~> 6.25\"");

    assertFails(root, "dev", "provider required_providers.aws: aws provider must be pinned exactly to 6.25.0");
  }

  @Test
  void slackFasterThanOneMessageASecondFails() throws Exception {
    TerraformRoot root = TerraformRoot.copyTo(tmp)
        .replace("alerts.tf", "invocation_rate_limit_per_second = 1", "invocation_rate_limit_per_second = 10");

    assertFails(root, "dev", "policy aws_cloudwatch_event_api_destination.slack: invocation_rate_limit_per_second is 10, must be 1");
  }

  private static void assertFails(TerraformRoot root, String env, String finding) throws Exception {
    InfraChecks.Result result = root.check(env);

    assertThat(TerraformRoot.findings(result)).anySatisfy(f -> assertThat(f).startsWith(finding));
    assertThat(result.exitCode()).isEqualTo(1);
  }
}
