package io.vwmedia.launcher.stack;

import io.vwmedia.aws.mediaconvert.MediaConvertJobs;
import io.vwmedia.aws.mediaconvert.MediaConvertLeg;
import io.vwmedia.aws.mediaconvert.MediaConvertSettings;
import io.vwmedia.config.Settings;
import io.vwmedia.events.ManagedEncodeTask;
import io.vwmedia.events.RenditionTask;
import io.vwmedia.topics.KafkaConnection;
import io.vwmedia.topics.RetryPolicy;
import io.vwmedia.topics.Topic;
import io.vwmedia.topology.routing.EncoderRouting;
import io.vwmedia.topology.routing.OverflowPolicy;
import io.vwmedia.topology.routing.WorkerBacklog;
import io.vwmedia.worker.ManagedJobs;
import io.vwmedia.worker.RenditionWorker;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The managed leg (MediaConvert through Step Functions) put together from settings, for the two sides that use it:
 * the topology's routing of new assets (with the workers' backlog read for the overflow policy), and the workers'
 * runner of its jobs. Off, both are what they are without it: every asset on our workers.
 */
public final class ManagedLegs {

  private ManagedLegs() {}

  /** The topology's routing, and what reads the workers' backlog for it (close it with the topology). */
  public record Routing(EncoderRouting routing, Optional<WorkerBacklog> backlog) implements AutoCloseable {
    @Override
    public void close() {
      backlog.ifPresent(WorkerBacklog::close);
    }
  }

  public static Routing routing(Settings settings, StorageBackend storage, KafkaConnection kafka) {
    if (MediaConvertSettings.leg(settings, storage.uri()).isEmpty()) {
      return new Routing(EncoderRouting.WORKERS_ONLY, Optional.empty());
    }
    OverflowPolicy overflow = new OverflowPolicy(settings.get(MediaConvertSettings.OVERFLOW_LAG));
    Optional<WorkerBacklog> backlog = Optional.empty();
    if (overflow.threshold() > 0) {
      List<String> topics = new ArrayList<>(List.of(Topic.RENDITION_TASKS.topicName()));
      topics.addAll(RetryPolicy.from(settings).retryTopics(Topic.RENDITION_TASKS));
      backlog = Optional.of(WorkerBacklog.start(kafka, RenditionWorker.GROUP_ID, topics, overflow,
          settings.get(MediaConvertSettings.OVERFLOW_SAMPLE)));
    }
    return new Routing(new EncoderRouting(true, overflow), backlog);
  }

  /** The workers' side of the leg: its jobs run through the state machine; empty when the leg is off. */
  public static Optional<ManagedJobs> jobs(Settings settings, StorageBackend storage) {
    return MediaConvertSettings.leg(settings, storage.uri()).map(leg -> new StepFunctionsJobs(MediaConvertLeg.from(leg)));
  }

  /** {@link ManagedJobs} as a Step Functions execution of MediaConvert. */
  private record StepFunctionsJobs(MediaConvertLeg leg) implements ManagedJobs {
    @Override
    public Outcome run(ManagedEncodeTask task) throws InterruptedException {
      MediaConvertLeg.Result r = leg.run(task);
      return new Outcome(Ending.valueOf(r.ending().name()), r.code(), r.message(), r.executionArn());
    }

    @Override
    public String stagingPrefix(ManagedEncodeTask task, RenditionTask rung) {
      return MediaConvertJobs.stagingPrefix(rung);
    }

    @Override
    public String encoderName() {
      return "mediaconvert";
    }
  }
}
