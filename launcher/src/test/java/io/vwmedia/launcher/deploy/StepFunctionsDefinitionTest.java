package io.vwmedia.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The MediaConvert leg's state machine (infrastructure/stepfunctions/media-transcode-orchestrator.asl.json) as a
 * definition: npm asl-validator accepts it, it waits for the job through exactly the optimized .sync integration,
 * its retries are bounded and spare the errors a retry cannot fix, and every failure is caught.
 */
class StepFunctionsDefinitionTest {

  @Test
  void theDefinitionPassesAslValidator() throws Exception {
    InfraChecks.Result result = LocalStepFunctions.validate(LocalStepFunctions.DEFINITION);

    assertThat(result.json().get("errors")).isEmpty();
    assertThat(result.json().get("valid").asBoolean()).isTrue();
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void itsOnlyTaskIsMediaConvertsCreateJobSyncIntegration() throws Exception {
    JsonNode resources = LocalStepFunctions.validate(LocalStepFunctions.DEFINITION).json().get("taskResources");

    assertThat(resources.size()).isEqualTo(1);
    assertThat(resources.get("CreateMediaConvertJob").asText()).isEqualTo(LocalStepFunctions.MEDIACONVERT_SYNC);
  }

  @Test
  void retriesAreExponentialBoundedJitteredAndSpareWhatARetryCannotFix() throws Exception {
    JsonNode task = LocalStepFunctions.definition().get("States").get("CreateMediaConvertJob");
    List<String> retried = new ArrayList<>();

    for (JsonNode retrier : task.get("Retry")) {
      retrier.get("ErrorEquals").forEach(e -> retried.add(e.asText()));
      assertThat(retrier.get("BackoffRate").asDouble()).as("exponential").isGreaterThan(1);
      assertThat(retrier.get("MaxAttempts").asInt()).as("bounded").isBetween(1, 10);
      assertThat(retrier.get("MaxDelaySeconds").asInt()).as("capped").isBetween(1, 300);
      assertThat(retrier.get("JitterStrategy").asText()).isEqualTo("FULL");
    }

    assertThat(retried).contains("MediaConvert.TooManyRequestsException", "MediaConvert.InternalServerErrorException");
    assertThat(retried).as("a timed-out or failed job, or a refused request, is not retried")
        .doesNotContain("States.ALL", "States.Timeout", "States.TaskFailed", "MediaConvert.BadRequestException");
  }

  @Test
  void everyErrorIsCaughtAndTheTimeoutComesFromTheInput() throws Exception {
    JsonNode task = LocalStepFunctions.definition().get("States").get("CreateMediaConvertJob");

    assertThat(task.get("Catch")).hasSize(1);
    assertThat(task.get("Catch").get(0).get("ErrorEquals").get(0).asText()).isEqualTo("States.ALL");
    assertThat(task.get("TimeoutSecondsPath").asText()).isEqualTo("$$.Execution.Input.jobTimeoutSeconds");
    assertThat(LocalStepFunctions.sampleInput().get("jobTimeoutSeconds").asInt()).isPositive();
  }
}
