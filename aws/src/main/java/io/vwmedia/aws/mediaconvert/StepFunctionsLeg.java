package io.vwmedia.aws.mediaconvert;

import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Runs one asset's attempt on the managed leg: a Step Functions execution of the MediaConvert state machine, named
 * after the asset and the attempt so that a task delivered twice never starts a second job (Step Functions keeps an
 * execution's name for 90 days; a second start with it is answered with the first execution), then followed until it
 * ends by polling {@code DescribeExecution} with a backoff.
 */
public final class StepFunctionsLeg {

  /** What an execution came to: its status and, when it ended, its output or its error and cause. */
  public record Execution(String arn, ExecutionStatus status, Optional<String> output, Optional<String> error,
      Optional<String> cause) {

    public boolean running() {
      return status == ExecutionStatus.RUNNING || status == ExecutionStatus.PENDING_REDRIVE;
    }

    static Execution of(DescribeExecutionResponse d) {
      return new Execution(d.executionArn(), d.status(), Optional.ofNullable(d.output()), Optional.ofNullable(d.error()),
          Optional.ofNullable(d.cause()));
    }
  }

  /** Execution names are at most 80 characters. */
  static final int MAX_NAME = 80;

  private final SfnClient sfn;
  private final String stateMachineArn;
  private final Duration firstPoll;
  private final Duration maxPoll;

  /**
   * @param firstPoll the first wait between two looks at a running execution, doubled up to {@code maxPoll}
   */
  public StepFunctionsLeg(SfnClient sfn, String stateMachineArn, Duration firstPoll, Duration maxPoll) {
    if (!stateMachineArn.contains(":stateMachine:")) {
      throw new IllegalArgumentException("not a state machine ARN: " + stateMachineArn);
    }
    this.sfn = sfn;
    this.stateMachineArn = stateMachineArn;
    this.firstPoll = firstPoll;
    this.maxPoll = maxPoll;
  }

  /** The execution's name for an asset's attempt ({@link JobNames}). */
  public static String executionName(String assetId, int attempt) {
    return JobNames.of(assetId, attempt, MAX_NAME);
  }

  /** The execution's ARN, of the state machine's execution named {@code name}. */
  public String executionArn(String name) {
    return stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + name;
  }

  /**
   * Starts the execution for the asset's attempt with {@code input} (the state machine's JSON input), or finds the one
   * a former delivery of the same task started; returns its ARN.
   */
  public String start(String assetId, int attempt, String input) {
    String name = executionName(assetId, attempt);
    try {
      return sfn.startExecution(b -> b.stateMachineArn(stateMachineArn).name(name).input(input)).executionArn();
    } catch (ExecutionAlreadyExistsException e) {
      return executionArn(name); // started before: follow that one, never a second job
    }
  }

  /** Looks at the execution until it is no longer running, or {@code timeout} has passed (then it is still running). */
  public Execution await(String executionArn, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Duration wait = firstPoll;
    while (true) {
      Execution e = Execution.of(sfn.describeExecution(b -> b.executionArn(executionArn)));
      long left = deadline - System.nanoTime();
      if (!e.running() || left <= 0) {
        return e;
      }
      Thread.sleep(Math.min(wait.toMillis(), Math.max(1, left / 1_000_000)));
      wait = wait.multipliedBy(2).compareTo(maxPoll) > 0 ? maxPoll : wait.multipliedBy(2);
    }
  }

}
