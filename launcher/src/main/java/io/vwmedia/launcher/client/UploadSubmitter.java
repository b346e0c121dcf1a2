package io.vwmedia.launcher.client;

import io.vwmedia.events.UploadRequested;
import io.vwmedia.topics.KafkaConnection;
import io.vwmedia.topics.Topic;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes upload events the way any producer should: keyed by asset id, idempotent, acknowledged by all replicas. */
public final class UploadSubmitter implements AutoCloseable {

  private final KafkaProducer<String, UploadRequested> producer;

  public UploadSubmitter(KafkaConnection kafka, Serde<UploadRequested> serde) {
    this.producer = new KafkaProducer<>(
        kafka.clientConfig(Map.of(
            ProducerConfig.CLIENT_ID_CONFIG, "vw-media-submit",
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)),
        new StringSerializer(),
        serde.serializer());
  }

  public void submit(UploadRequested upload) {
    try {
      producer.send(new ProducerRecord<>(Topic.UPLOAD_REQUESTED.topicName(), upload.getAssetId(), upload)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while submitting " + upload.getAssetId(), e);
    } catch (ExecutionException e) {
      throw new KafkaException("could not submit " + upload.getAssetId() + ": " + e.getCause().getMessage(), e.getCause());
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
