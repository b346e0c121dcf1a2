package io.vwmedia.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vwmedia.aws.mediaconvert.StepFunctionsLeg;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Step Functions cannot run here: the real AWS SDK client talks to a local HTTP endpoint that answers as Step
 * Functions' JSON 1.0 API does (executions kept by name, as the service keeps them; an execution runs for two looks,
 * then ends as the test says), and records each request as it arrived on the wire.
 */
class StepFunctionsLegAgainstLocalEndpointTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String STATE_MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:media-transcode-orchestrator-2025-09";

  record Call(String target, JsonNode body) {}

  LocalEndpoint endpoint;
  SfnClient sfn;
  StepFunctionsLeg leg;
  final List<Call> calls = new CopyOnWriteArrayList<>();
  final Map<String, JsonNode> executions = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> looks = new ConcurrentHashMap<>();

  @BeforeEach
  void start() throws Exception {
    endpoint = LocalEndpoint.start(wire -> {
      String target = wire.headers().getFirst("X-Amz-Target");
      JsonNode body = JSON.readTree(wire.body());
      calls.add(new Call(target, body));
      return switch (target) {
        case "AWSStepFunctions.StartExecution" -> startExecution(body);
        case "AWSStepFunctions.DescribeExecution" -> describeExecution(body.get("executionArn").asText());
        default -> error(400, "UnknownOperationException", target);
      };
    });
    sfn = SfnClient.builder().endpointOverride(endpoint.uri()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
    leg = new StepFunctionsLeg(sfn, STATE_MACHINE, Duration.ofMillis(10), Duration.ofMillis(40));
  }

  @AfterEach
  void stop() {
    sfn.close();
    endpoint.close();
  }

  @Test
  void startsOneNamedExecutionWithTheInputAndFollowsItToItsOutput() throws Exception {
    String input = "{\"assetId\":\"clip-1\",\"attempt\":1}";

    String arn = leg.start("clip-1", 1, input);
    StepFunctionsLeg.Execution done = leg.await(arn, Duration.ofSeconds(10));

    Call start = calls.get(0);
    assertThat(start.target()).isEqualTo("AWSStepFunctions.StartExecution");
    assertThat(start.body().get("stateMachineArn").asText()).isEqualTo(STATE_MACHINE);
    assertThat(start.body().get("name").asText()).isEqualTo("clip-1-a1");
    assertThat(start.body().get("input").asText()).isEqualTo(input);
    assertThat(arn).isEqualTo("arn:aws:states:us-east-1:123456789012:execution:media-transcode-orchestrator-2025-09:clip-1-a1");
    assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(done.output()).hasValue("{\"jobId\":\"job-clip-1-a1\"}");
    assertThat(calls).filteredOn(c -> c.target().endsWith("DescribeExecution")).hasSize(3); // two RUNNING, then done
  }

  @Test
  void aTaskDeliveredAgainFollowsTheFirstExecutionAndStartsNoSecondJob() throws Exception {
    String first = leg.start("clip-2", 1, "{}");
    leg.await(first, Duration.ofSeconds(10));

    String again = leg.start("clip-2", 1, "{}");

    assertThat(again).isEqualTo(first);
    assertThat(executions).hasSize(1);
    assertThat(leg.await(again, Duration.ofSeconds(10)).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
  }

  @Test
  void aFailedJobComesBackWithItsErrorAndCause() throws Exception {
    String arn = leg.start("fails-1", 1, "{}");

    StepFunctionsLeg.Execution failed = leg.await(arn, Duration.ofSeconds(10));

    assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(failed.error()).hasValue("MediaConvert.JobFailed");
    assertThat(failed.cause()).hasValueSatisfying(c -> assertThat(c).contains("1030"));
  }

  @Test
  void executionNamesAreDeterministicSafeAndDistinct() {
    String odd = "Upload #7 (final).mov/" + "x".repeat(120);

    assertThat(StepFunctionsLeg.executionName("clip-1", 2)).isEqualTo("clip-1-a2");
    assertThat(StepFunctionsLeg.executionName(odd, 1)).matches("[A-Za-z0-9_-]{1,80}").endsWith("-a1")
        .isEqualTo(StepFunctionsLeg.executionName(odd, 1))
        .isNotEqualTo(StepFunctionsLeg.executionName(odd + "y", 1));
    assertThat(StepFunctionsLeg.executionName("a.b", 1)).isNotEqualTo(StepFunctionsLeg.executionName("a-b", 1));
  }

  private LocalEndpoint.Response startExecution(JsonNode body) throws Exception {
    String name = body.get("name").asText();
    String arn = STATE_MACHINE.replace(":stateMachine:", ":execution:") + ":" + name;
    if (executions.putIfAbsent(arn, body) != null) {
      return error(400, "ExecutionAlreadyExists", "Execution Already Exists: '" + arn + "'");
    }
    return json(JSON.createObjectNode().put("executionArn", arn).put("startDate", 1.7e9));
  }

  private LocalEndpoint.Response describeExecution(String arn) throws Exception {
    JsonNode started = executions.get(arn);
    if (started == null) {
      return error(400, "ExecutionDoesNotExist", arn);
    }
    String name = started.get("name").asText();
    ObjectNode d = JSON.createObjectNode().put("executionArn", arn).put("stateMachineArn", STATE_MACHINE)
        .put("name", name).put("startDate", 1.7e9).put("input", started.get("input").asText());
    if (looks.computeIfAbsent(arn, k -> new AtomicInteger()).incrementAndGet() <= 2) {
      return json(d.put("status", "RUNNING"));
    }
    if (name.startsWith("fails")) {
      return json(d.put("status", "FAILED").put("stopDate", 1.7e9).put("error", "MediaConvert.JobFailed")
          .put("cause", "{\"errorCode\":1030,\"errorMessage\":\"Unsupported codec in input\"}"));
    }
    return json(d.put("status", "SUCCEEDED").put("stopDate", 1.7e9).put("output", "{\"jobId\":\"job-" + name + "\"}"));
  }

  private static LocalEndpoint.Response json(JsonNode body) throws Exception {
    return new LocalEndpoint.Response(200, "application/x-amz-json-1.0", JSON.writeValueAsBytes(body));
  }

  private static LocalEndpoint.Response error(int status, String type, String message) throws Exception {
    return new LocalEndpoint.Response(status, "application/x-amz-json-1.0",
        JSON.writeValueAsBytes(JSON.createObjectNode().put("__type", type).put("message", message)));
  }
}
