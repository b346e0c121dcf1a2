package io.vwmedia.observability.pipeline;

import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.vwmedia.events.AssetPublished;
import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RungStatus;
import io.vwmedia.observability.Observability;
import io.vwmedia.observability.analytics.ProductEvents;
import io.vwmedia.topics.DeadLetters;
import io.vwmedia.topics.KafkaConnection;
import io.vwmedia.topics.Topic;
import io.vwmedia.topics.TopicSerdes;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the pipeline from the side, off its hot path: a consumer of its own group ({@value #GROUP_ID}, committed
 * records only) reading the rung results, the published events and every dead-letter topic, and turning them into
 * the asset meters, the product events ({@code media_transcode_completed}, {@code media_packaged}) and the alerts.
 * Nothing here can stall or fail an asset: if the observer stops, the pipeline runs on and the observer catches up
 * from its committed offsets (at least once: a record may be reported twice after a crash; events carry
 * deterministic message ids).
 */
public final class PipelineObserver implements Runnable, AutoCloseable {

  public static final String GROUP_ID = "vw-media-observer";
  private static final Logger log = LoggerFactory.getLogger(PipelineObserver.class);
  private static final Pattern TOPICS = Pattern.compile(Pattern.quote(Topic.RENDITION_DONE.topicName())
      + "|" + Pattern.quote(Topic.ASSET_PUBLISHED.topicName()) + "|media\\..*-dlt");

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final KafkaClientMetrics clientMetrics;
  private final Deserializer<RenditionResult> results;
  private final Deserializer<AssetPublished> published;
  private final AssetMeters meters;
  private final AnalyticsEvents analytics;
  private final AssetAlerts alerts;
  private final Duration maxAge;
  private final Clock clock;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final CountDownLatch assigned = new CountDownLatch(1);

  public PipelineObserver(KafkaConnection kafka, TopicSerdes serdes, Observability observability,
      ProductEvents events, Duration maxAge, Clock clock) {
    this.consumer = new KafkaConsumer<>(kafka.clientConfig(Map.of(
        ConsumerConfig.GROUP_ID_CONFIG, GROUP_ID,
        ConsumerConfig.CLIENT_ID_CONFIG, GROUP_ID + "-" + Long.toHexString(System.nanoTime()),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.METADATA_MAX_AGE_CONFIG, 10_000)), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.clientMetrics = new KafkaClientMetrics(consumer);
    clientMetrics.bindTo(observability.meters());
    this.results = serdes.renditionResult().deserializer();
    this.published = serdes.assetPublished().deserializer();
    this.meters = new AssetMeters(observability.meters(),
        Arrays.stream(Topic.values()).map(t -> DeadLetters.topicFor(t.topicName())).toList());
    this.analytics = new AnalyticsEvents(events);
    this.alerts = new AssetAlerts(observability.alerts());
    this.maxAge = maxAge;
    this.clock = clock;
  }

  @Override
  public void run() {
    try {
      consumer.subscribe(TOPICS, new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
          assigned.countDown();
        }
      });
      while (running.get()) {
        try {
          var records = consumer.poll(Duration.ofMillis(500));
          for (ConsumerRecord<byte[], byte[]> r : records) {
            observe(r);
          }
          if (!records.isEmpty()) {
            consumer.commitAsync();
          }
        } catch (WakeupException e) {
          throw e;
        } catch (RuntimeException e) {
          // the pipeline runs on without the observer; it tries again, from its last committed offsets if need be
          log.warn("the pipeline observer could not read or commit, again in 1 s: {}", e.toString());
          Thread.sleep(1000);
        }
      }
      consumer.commitSync(Duration.ofSeconds(5));
    } catch (WakeupException e) {
      if (running.get()) throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("the pipeline observer stopped; meters, events and alerts of later records are not reported", e);
    } finally {
      clientMetrics.close();
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
      stopped.countDown();
    }
  }

  /** Whether the observer has its partitions, within {@code timeout}. */
  public boolean awaitAssigned(Duration timeout) throws InterruptedException {
    return assigned.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void observe(ConsumerRecord<byte[], byte[]> r) {
    if (r.value() == null || clock.millis() - r.timestamp() > maxAge.toMillis()) {
      return;
    }
    try {
      if (r.topic().equals(Topic.RENDITION_DONE.topicName())) {
        RenditionResult result = results.deserialize(r.topic(), r.headers(), r.value());
        if (result.getStatus() != RungStatus.ENCODING) { // an encode's segments so far (live publishing): not an outcome
          analytics.transcodeCompleted(result);
        }
      } else if (r.topic().equals(Topic.ASSET_PUBLISHED.topicName())) {
        AssetPublished event = published.deserialize(r.topic(), r.headers(), r.value());
        meters.published(event);
        analytics.packaged(event);
        alerts.published(event);
      } else {
        meters.deadLettered(r.topic());
        if (r.topic().equals(DeadLetters.topicFor(Topic.RENDITION_TASKS.topicName()))
            || r.topic().equals(DeadLetters.topicFor(Topic.CHUNK_TASKS.topicName()))) {
          alerts.renditionTaskDeadLettered(r);
        }
      }
    } catch (RuntimeException e) {
      // the pipeline's own dead-letter handling deals with unreadable records; the observer only skips them
      log.warn("observer skipped {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.toString());
    }
  }

  @Override
  public void close() {
    running.set(false);
    consumer.wakeup();
    try {
      stopped.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The topics the observer reads, for docs and tests. */
  static List<String> topicsRead() {
    return List.of(Topic.RENDITION_DONE.topicName(), Topic.ASSET_PUBLISHED.topicName(), "media.*-dlt");
  }
}
