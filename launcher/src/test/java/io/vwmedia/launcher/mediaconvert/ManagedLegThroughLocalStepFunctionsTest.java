package io.vwmedia.launcher.mediaconvert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vwmedia.aws.mediaconvert.ExecutionInput;
import io.vwmedia.aws.mediaconvert.StepFunctionsLeg;
import io.vwmedia.events.RenditionTask;
import io.vwmedia.launcher.deploy.InfraChecks;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The managed leg's Java side against a local Step Functions (not AWS): the real SFN client talks to
 * {@code infrastructure/checks/stepfunctions-endpoint.mjs}, which runs the repository's state machine in
 * aws-local-stepfunctions with MediaConvert answered by a stub that checks the CreateJob body and writes real CMAF
 * with FFmpeg. The input is what {@link ExecutionInput} builds for the planner's rungs; the execution ends SUCCEEDED
 * with every rung's CMAF in its own folder, a failed job ends FAILED with MediaConvert's error code, and a task
 * delivered again starts no second execution.
 */
class ManagedLegThroughLocalStepFunctionsTest {

  static final String STATE_MACHINE =
      "arn:aws:states:us-east-1:123456789012:stateMachine:vw-media-dev-media-transcode-orchestrator-2025-09";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path outputs;
  static Process endpoint;
  static int port;
  static SfnClient sfn;
  static StepFunctionsLeg leg;

  @BeforeAll
  static void startLocalStepFunctions() throws Exception {
    endpoint = new ProcessBuilder("node", InfraChecks.CHECKS.resolve("stepfunctions-endpoint.mjs").toString(),
        "--asl", InfraChecks.ROOT.resolve("infrastructure/stepfunctions/media-transcode-orchestrator.asl.json").toString(),
        "--out", outputs.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String first = new BufferedReader(new InputStreamReader(endpoint.getInputStream(), StandardCharsets.UTF_8)).readLine();
    port = JSON.readTree(first).get("port").asInt();
    sfn = SfnClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port)).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
    leg = new StepFunctionsLeg(sfn, STATE_MACHINE, Duration.ofMillis(50), Duration.ofMillis(500));
  }

  @AfterAll
  static void stop() {
    if (sfn != null) sfn.close();
    if (endpoint != null) endpoint.destroyForcibly();
  }

  static List<RenditionTask> planned(String assetId) {
    return PlannedRungs.of(assetId, "corr-" + assetId, "s3://vw-media-sources-dev/uploads/" + assetId + ".mp4",
        PlannedRungs.source(1280, 720, 25, 5));
  }

  static String input(List<RenditionTask> tasks) throws Exception {
    return JSON.writeValueAsString(ExecutionInput.of(tasks, CreateJobForTemplateTest.TARGET));
  }

  @Test
  void anAssetsJobEndsWithEveryRungsCmafInItsOwnFolder() throws Exception {
    List<RenditionTask> tasks = planned("mc-e2e");

    StepFunctionsLeg.Execution done = leg.await(leg.start("mc-e2e", 1, input(tasks)), Duration.ofMinutes(2));

    assertThat(done.status()).as("%s %s", done.error(), done.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
    JsonNode output = JSON.readTree(done.output().orElseThrow());
    assertThat(output.get("rungs")).extracting(JsonNode::asText).containsExactly("360p", "720p", "audio");
    for (RenditionTask task : tasks) {
      Path folder = outputs.resolve(io.vwmedia.aws.mediaconvert.MediaConvertJobs.stagingPrefix(task));
      assertThat(boxesOfFilesIn(folder)).as(folder.toString()).contains("ftyp", "styp"); // init, media segments
    }
  }

  @Test
  void aFailedJobEndsTheExecutionWithMediaConvertsErrorCode() throws Exception {
    StepFunctionsLeg.Execution failed = leg.await(leg.start("fail-mc", 1, input(planned("fail-mc"))), Duration.ofMinutes(1));

    assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
    JsonNode cause = JSON.readTree(failed.cause().orElseThrow());
    assertThat(cause.get("assetId").asText()).isEqualTo("fail-mc");
    assertThat(cause.get("errorCode").asText()).isEqualTo("1010");
    assertThat(cause.get("message").asText()).contains("Unable to open input file");
  }

  @Test
  void aTaskDeliveredAgainStartsNoSecondExecution() throws Exception {
    String input = input(planned("mc-again"));
    String first = leg.start("mc-again", 1, input);
    leg.await(first, Duration.ofMinutes(2));

    String again = leg.start("mc-again", 1, input);

    assertThat(again).isEqualTo(first);
    HttpResponse<String> listed = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/executions")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(JSON.readTree(listed.body()).findValuesAsText("name")).containsOnlyOnce("mc-again-a1");
  }

  /** The type of each file's first box: ftyp for an init segment, styp or moof for a media segment. */
  private static List<String> boxesOfFilesIn(Path folder) throws Exception {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(Files::isRegularFile).map(f -> {
        try {
          byte[] head = Files.readAllBytes(f);
          return head.length >= 8 ? new String(head, 4, 4, StandardCharsets.US_ASCII) : "";
        } catch (java.io.IOException e) {
          throw new AssertionError(e);
        }
      }).toList();
    }
  }
}
