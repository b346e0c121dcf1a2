package io.vwmedia.aws.mediaconvert;

import io.vwmedia.config.ConfigException;
import io.vwmedia.config.Setting;
import io.vwmedia.config.Settings;
import io.vwmedia.config.SettingsGroup;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The managed leg's settings: where its state machine is, what MediaConvert runs as and in, and when new assets
 * overflow to it. Without a state machine ARN the leg is off: no asset is routed to it, and an upload or template
 * asking for it is refused. This process never calls MediaConvert itself (the state machine creates, waits for and,
 * when its execution is stopped, cancels the job), so only the Step Functions endpoint can be overridden.
 */
public final class MediaConvertSettings extends SettingsGroup.Declared {

  public static final Setting<String> STATE_MACHINE_ARN = Setting.optionalString("vw.mediaconvert.state-machine-arn",
      "the Step Functions state machine that runs one MediaConvert job per asset"
          + " (`infrastructure/stepfunctions/media-transcode-orchestrator.asl.json`, deployed by"
          + " `infrastructure/terraform/mediaconvert.tf`); set, the managed leg is on")
      .defaultText("none (the managed leg is off)");
  public static final Setting<String> ROLE_ARN = Setting.optionalString("vw.mediaconvert.role-arn",
      "the IAM role MediaConvert assumes to read sources and write outputs (required with the state machine)")
      .defaultText("none");
  public static final Setting<String> QUEUE_ARN = Setting.optionalString("vw.mediaconvert.queue-arn",
      "the MediaConvert queue jobs wait in (required with the state machine)").defaultText("none");
  public static final Setting<URI> SFN_ENDPOINT = Setting.url("vw.sfn.endpoint",
      "a different Step Functions API endpoint (a local Step Functions in tests)").defaultText("Step Functions'");
  public static final Setting<String> REGION = Setting.string("vw.mediaconvert.region", "us-east-1",
      "AWS region of the state machine and the queue");
  public static final Setting<Integer> OVERFLOW_LAG = Setting.integer("vw.mediaconvert.overflow-lag", 0, 0, 1_000_000,
      "rung tasks waiting for the workers (their group's lag on the rendition task and retry topics) at which new"
          + " assets go to the managed leg; they go back to the workers once the lag is down to half of it. 0: never");
  public static final Setting<Duration> OVERFLOW_SAMPLE = Setting.duration("vw.mediaconvert.overflow-sample", "15s",
      "how often the topology reads the workers' lag for the overflow policy");
  public static final Setting<Duration> JOB_POLL_MAX = Setting.duration("vw.mediaconvert.poll-max", "30s",
      "the longest wait between two looks at a running execution (from 1 s, doubled each time)");

  public MediaConvertSettings() {
    super("mediaconvert", "Managed leg (MediaConvert through Step Functions)", List.of("run", "serve", "topology", "worker"),
        STATE_MACHINE_ARN, ROLE_ARN, QUEUE_ARN, REGION, SFN_ENDPOINT, OVERFLOW_LAG, OVERFLOW_SAMPLE, JOB_POLL_MAX);
  }

  /**
   * The leg as configured, or empty when no state machine is named. The role and queue are required with it, and the
   * storage must be S3 (MediaConvert writes nowhere else): a missing one is a start-up error, not a failed job later.
   */
  public static Optional<MediaConvertSettings.Leg> leg(Settings s, String storageUri) {
    Optional<String> machine = s.find(STATE_MACHINE_ARN);
    if (machine.isEmpty()) {
      return Optional.empty();
    }
    if (!machine.get().contains(":stateMachine:")) {
      throw new ConfigException(STATE_MACHINE_ARN.key() + " is not a state machine ARN: " + machine.get());
    }
    String role = s.find(ROLE_ARN).orElseThrow(() -> new ConfigException(ROLE_ARN.key() + " is required with " + STATE_MACHINE_ARN.key()));
    String queue = s.find(QUEUE_ARN).orElseThrow(() -> new ConfigException(QUEUE_ARN.key() + " is required with " + STATE_MACHINE_ARN.key()));
    if (!storageUri.startsWith("s3://")) {
      throw new ConfigException(STATE_MACHINE_ARN.key() + " needs the storage on S3 (vw.storage.uri=s3://bucket/prefix):"
          + " MediaConvert writes its outputs there; the storage is " + (storageUri.isEmpty() ? "a local folder" : storageUri));
    }
    return Optional.of(new Leg(machine.get(), new MediaConvertJobs.Target(role, queue, storageUri), s.get(REGION),
        s.find(SFN_ENDPOINT), s.get(JOB_POLL_MAX)));
  }

  /** A configured managed leg: its state machine, where its jobs run and write, and how to reach Step Functions. */
  public record Leg(String stateMachineArn, MediaConvertJobs.Target target, String region, Optional<URI> sfnEndpoint,
      Duration maxPoll) {}
}
