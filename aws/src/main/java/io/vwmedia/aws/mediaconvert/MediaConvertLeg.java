package io.vwmedia.aws.mediaconvert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vwmedia.events.ManagedEncodeTask;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * One asset's job on the managed leg, from its execution's start to how it ended: the state machine's input from the
 * planned rungs ({@link ExecutionInput}), an execution named after the asset and attempt ({@link StepFunctionsLeg}),
 * followed until it ends or its job's time is up (then stopped, which cancels the job), and its end read from
 * DescribeExecution: the failure record the state machine writes as the Fail state's cause tells a job MediaConvert
 * ran and failed (its error code and message) from the service failing around it.
 */
public final class MediaConvertLeg {

  private static final Logger log = LoggerFactory.getLogger(MediaConvertLeg.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Past the job's own timeout, how long the execution is given to record it before it is stopped. */
  static final Duration GRACE = Duration.ofMinutes(5);
  /** The first wait between two looks at a running execution, doubled up to the configured longest. */
  static final Duration FIRST_POLL = Duration.ofSeconds(1);

  /** How the job ended. */
  public enum Ending { SUCCEEDED, JOB_FAILED, TIMED_OUT, SERVICE_FAILED }

  /** The end, MediaConvert's (or the service's) error code and message, and the execution to look at. */
  public record Result(Ending ending, String code, String message, String executionArn) {}

  private final StepFunctionsLeg executions;
  private final SfnClient sfn;
  private final MediaConvertJobs.Target target;

  public MediaConvertLeg(SfnClient sfn, String stateMachineArn, MediaConvertJobs.Target target, Duration maxPoll) {
    this.sfn = sfn;
    Duration firstPoll = maxPoll.compareTo(FIRST_POLL) < 0 ? maxPoll : FIRST_POLL;
    this.executions = new StepFunctionsLeg(sfn, stateMachineArn, firstPoll, maxPoll);
    this.target = target;
  }

  /** The configured leg's client: Step Functions in its region, or at {@code vw.sfn.endpoint}. */
  public static MediaConvertLeg from(MediaConvertSettings.Leg leg) {
    var builder = SfnClient.builder().region(Region.of(leg.region()));
    leg.sfnEndpoint().ifPresent(builder::endpointOverride);
    return new MediaConvertLeg(builder.build(), leg.stateMachineArn(), leg.target(), leg.maxPoll());
  }

  public Result run(ManagedEncodeTask task) throws InterruptedException {
    var input = ExecutionInput.of(task.getTasks(), target);
    String arn = executions.start(task.getAssetId(), task.getAttempt(), input.toString());
    Duration timeout = Duration.ofSeconds(input.get("jobTimeoutSeconds").asLong()).plus(GRACE);
    StepFunctionsLeg.Execution e = executions.await(arn, timeout);
    if (e.running()) {
      log.warn("execution {} still running after {}: stopping it (and its job)", arn, timeout);
      sfn.stopExecution(b -> b.executionArn(arn).error("vw-media.Timeout").cause("the job ran past " + timeout));
      return new Result(Ending.TIMED_OUT, "States.Timeout", "the job ran past " + timeout, arn);
    }
    return ending(e);
  }

  static Result ending(StepFunctionsLeg.Execution e) {
    if (e.status() == ExecutionStatus.SUCCEEDED) {
      return new Result(Ending.SUCCEEDED, null, null, e.arn());
    }
    if (e.status() == ExecutionStatus.TIMED_OUT) {
      return new Result(Ending.TIMED_OUT, "States.Timeout", "the execution timed out", e.arn());
    }
    Optional<JsonNode> failure = e.cause().flatMap(MediaConvertLeg::json);
    String error = e.error().orElse(String.valueOf(e.status()));
    String code = failure.map(f -> f.path("errorCode").asText(null)).orElse(error);
    String message = failure.map(f -> f.path("message").asText(null)).orElse(e.cause().orElse("execution " + e.status()));
    if ("MediaConvert.JobError".equals(error)) {
      return new Result(Ending.JOB_FAILED, code, message, e.arn());
    }
    if ("States.Timeout".equals(code)) {
      return new Result(Ending.TIMED_OUT, code, message, e.arn());
    }
    return new Result(Ending.SERVICE_FAILED, code, message, e.arn());
  }

  private static Optional<JsonNode> json(String text) {
    try {
      JsonNode node = JSON.readTree(text);
      return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
    } catch (Exception notJson) {
      return Optional.empty();
    }
  }
}
