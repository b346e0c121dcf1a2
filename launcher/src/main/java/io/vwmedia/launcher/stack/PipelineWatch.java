package io.vwmedia.launcher.stack;

import io.vwmedia.config.Settings;
import io.vwmedia.observability.Observability;
import io.vwmedia.observability.analytics.ProductEvents;
import io.vwmedia.observability.analytics.SegmentEvents;
import io.vwmedia.observability.metrics.MetricsSettings;
import io.vwmedia.observability.pipeline.ObserverSettings;
import io.vwmedia.observability.pipeline.PipelineObserver;
import io.vwmedia.observability.pipeline.TaskLag;
import io.vwmedia.topics.KafkaConnection;
import io.vwmedia.topics.RetryPolicy;
import io.vwmedia.topics.ChunkTaskGroup;
import io.vwmedia.topics.Topic;
import io.vwmedia.topics.TopicSerdes;
import io.vwmedia.worker.RenditionWorker;
import io.vwmedia.worker.probe.ProbeWorker;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The side of a process that watches the pipeline rather than runs it (the topology process and the embedded stack
 * have one): the {@link PipelineObserver} (asset meters, Segment events, alerts) and the task topics' lag gauge.
 */
public final class PipelineWatch implements AutoCloseable {

  private final ProductEvents events;
  private final PipelineObserver observer;
  private final TaskLag lag;

  private PipelineWatch(KafkaConnection kafka, TopicSerdes serdes, Observability observability, Settings settings) {
    this.events = SegmentEvents.from(settings, Map.of("environment", settings.get(MetricsSettings.ENVIRONMENT)),
        observability.meters());
    this.observer = new PipelineObserver(kafka, serdes, observability, events,
        settings.get(ObserverSettings.MAX_EVENT_AGE), Clock.systemUTC());
    List<String> renditionTopics = new ArrayList<>(List.of(Topic.RENDITION_TASKS.topicName()));
    renditionTopics.addAll(RetryPolicy.from(settings).retryTopics(Topic.RENDITION_TASKS));
    this.lag = new TaskLag(kafka, Map.of(
        RenditionWorker.GROUP_ID, renditionTopics,
        ProbeWorker.GROUP_ID, List.of(Topic.PROBE_TASKS.topicName())),
        Map.of(ChunkTaskGroup.NAME, List.of(Topic.CHUNK_TASKS.topicName())), observability.meters(),
        settings.get(ObserverSettings.LAG_INTERVAL));
    Thread thread = new Thread(observer, PipelineObserver.GROUP_ID);
    thread.setDaemon(true);
    thread.start();
  }

  /** The watch, or none when {@code vw.observer.enabled} is false. */
  public static Optional<PipelineWatch> start(KafkaConnection kafka, TopicSerdes serdes, Observability observability,
      Settings settings) {
    return settings.get(ObserverSettings.ENABLED)
        ? Optional.of(new PipelineWatch(kafka, serdes, observability, settings))
        : Optional.empty();
  }

  /** Whether the observer has joined its group and has its partitions. */
  public boolean awaitObserving(Duration timeout) throws InterruptedException {
    return observer.awaitAssigned(timeout);
  }

  @Override
  public void close() {
    observer.close();
    lag.close();
    events.close();
  }
}
