package io.vwmedia.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vwmedia.storage.AssetLayout;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * infrastructure/terraform/mediaconvert.tf deploys the state machine the StepFunctions*Test classes ran, under a
 * name CloudWatch Logs accepts, with the permissions .sync needs and no more: MediaConvert's role passed only to
 * MediaConvert, the managed EventBridge rule by its name, the workers allowed to start and follow executions of
 * this state machine only; and the Step Functions alert rule watches this state machine.
 */
class StepFunctionsTerraformTest {

  private static TerraformConfig config;

  @TempDir Path tmp;

  @BeforeAll
  static void parse() throws Exception {
    config = TerraformRoot.repository().config();
  }

  @Test
  void theStateMachineIsTheDefinitionFileTheLocalRunsExecute() {
    JsonNode machine = config.resource("aws_sfn_state_machine", "media_transcode");
    String definition = machine.get("definition").asText();

    assertThat(definition).startsWith("${file(\"${path.module}/").endsWith(".asl.json\")}");
    Path file = InfraChecks.TERRAFORM.resolve(definition.replaceAll("^\\$\\{file\\(\"\\$\\{path.module}/(.*)\"\\)}$", "$1")).normalize();
    assertThat(file).isEqualTo(LocalStepFunctions.DEFINITION);
    assertThat(machine.get("type").asText()).isEqualTo("STANDARD");
  }

  @Test
  void itsNameIsOneCloudWatchLogsAcceptsAndItLogs() {
    String name = local("state_machine_name");
    JsonNode logging = config.resource("aws_sfn_state_machine", "media_transcode").get("logging_configuration").get(0);

    assertThat(name).isEqualTo("${local.name}-media-transcode-orchestrator-2025-09");
    assertThat(name.replace("${local.name}", "vw-media-prod")).matches("[0-9A-Za-z_-]{1,80}");
    assertThat(logging.get("log_destination").asText()).isEqualTo("${aws_cloudwatch_log_group.state_machine.arn}:*");
    assertThat(logging.get("level").asText()).isEqualTo("ERROR");
  }

  @Test
  void mediaConvertsRoleIsPassedToMediaConvertOnly() {
    JsonNode pass = config.statement("state_machine", "PassMediaConvertRole");
    JsonNode condition = pass.get("condition").get(0);

    assertThat(TerraformConfig.texts(pass.get("actions"))).containsExactly("iam:PassRole");
    assertThat(TerraformConfig.texts(pass.get("resources"))).containsExactly("${aws_iam_role.mediaconvert.arn}");
    assertThat(condition.get("variable").asText()).isEqualTo("iam:PassedToService");
    assertThat(TerraformConfig.texts(condition.get("values"))).containsExactly("mediaconvert.amazonaws.com");
  }

  @Test
  void theSyncIntegrationMayCreateFollowAndCancelJobsAndManageItsEventRule() {
    assertThat(TerraformConfig.texts(config.statement("state_machine", "CreateJobs").get("actions"))).containsExactly("mediaconvert:CreateJob");
    assertThat(TerraformConfig.texts(config.statement("state_machine", "FollowJobs").get("actions")))
        .containsExactlyInAnyOrder("mediaconvert:GetJob", "mediaconvert:CancelJob");
    JsonNode rule = config.statement("state_machine", "SyncManagedRule");
    assertThat(TerraformConfig.texts(rule.get("actions"))).containsExactlyInAnyOrder("events:PutTargets", "events:PutRule", "events:DescribeRule");
    assertThat(TerraformConfig.texts(rule.get("resources"))).singleElement().asString()
        .endsWith(":rule/StepFunctionsGetEventsForMediaConvertJobRule");
  }

  @Test
  void mediaConvertWritesRungsUnderTheStorageLayoutAndNoManifest() {
    List<String> writable = TerraformConfig.texts(config.statement("mediaconvert", "WriteRungMedia").get("resources"));
    JsonNode trust = config.data("aws_iam_policy_document", "mediaconvert_trust").get("statement").get(0);

    assertThat(writable).anyMatch(p -> TerraformConfig.iamMatches(p, AssetLayout.rungPrefix("a1", "720p") + "cmaf_720p_00001.cmfv"));
    assertThat(writable).noneMatch(p -> TerraformConfig.iamMatches(p, AssetLayout.masterPlaylist("a1")));
    assertThat(TerraformConfig.texts(trust.get("principals").get(0).get("identifiers"))).containsExactly("mediaconvert.amazonaws.com");
  }

  @Test
  void workersStartAndFollowExecutionsOfThisStateMachineOnly() {
    assertThat(TerraformConfig.texts(config.statement("worker_mediaconvert_leg", "StartExecutions").get("resources")))
        .containsExactly("${aws_sfn_state_machine.media_transcode.arn}");
    assertThat(TerraformConfig.texts(config.statement("worker_mediaconvert_leg", "FollowExecutions").get("resources")))
        .singleElement().asString().endsWith(":execution:${local.state_machine_name}:*");
    assertThat(config.resource("aws_iam_role_policy", "worker_mediaconvert_leg").get("role").asText()).isEqualTo("${aws_iam_role.worker.id}");
  }

  @Test
  void theAlertRuleWatchesThisStateMachineAndTheOutputsNameWhatTheWorkersNeed() {
    JsonNode pattern = config.resource("aws_cloudwatch_event_rule", "step_functions_failures").get("event_pattern");

    assertThat(pattern.toString()).contains("aws_sfn_state_machine.media_transcode.arn");
    assertThat(config.output("mediaconvert_state_machine_arn").get("value").asText()).isEqualTo("${aws_sfn_state_machine.media_transcode.arn}");
    assertThat(config.output("mediaconvert_role_arn").get("value").asText()).isEqualTo("${aws_iam_role.mediaconvert.arn}");
    assertThat(config.output("mediaconvert_queue_arn").get("value").asText()).isEqualTo("${local.mediaconvert_queue_arn}");
  }

  @Test
  void passRoleWithoutThePassedToServiceConditionIsAFinding() throws Exception {
    TerraformRoot root = TerraformRoot.copyTo(tmp).replace("mediaconvert.tf", "variable = \"iam:PassedToService\"", "variable = \"aws:SourceAccount\"");

    InfraChecks.Result result = root.check("dev");

    assertThat(TerraformRoot.findings(result)).contains("policy data.aws_iam_policy_document.state_machine.statement[PassMediaConvertRole]:"
        + " iam:PassRole without an iam:PassedToService condition");
    assertThat(result.exitCode()).isEqualTo(1);
  }

  /** A local value's expression, from whichever {@code locals} block declares it. */
  private static String local(String name) {
    for (JsonNode file : config.dump().get("tf")) {
      for (JsonNode locals : file.path("locals")) {
        if (locals.has(name)) {
          return locals.get(name).asText();
        }
      }
    }
    throw new AssertionError("no local " + name);
  }
}
