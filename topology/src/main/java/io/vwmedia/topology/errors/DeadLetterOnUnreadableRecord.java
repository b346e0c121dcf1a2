package io.vwmedia.topology.errors;

import io.vwmedia.topics.DeadLetters;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the topology does with a record it cannot read (bytes that are not Avro, a schema id the registry does not
 * know, a record missing a required field): sends it, untouched, to its topic's dead-letter topic ({@code
 * media.upload.requested-dlt}, ...) with the reason in {@link DeadLetters} headers, and carries on with the next.
 * Nothing is lost and one bad record never stops the pipeline. Should the dead-letter topic itself be out of
 * reach, the topology stops rather than drop the record.
 *
 * <p>The dead-letter record is written outside the topology's transaction: if the task then fails before it
 * commits, the record is read again and may be dead-lettered twice, never zero times.
 *
 * <p>Streams makes one handler per task; their producer is made on the first unreadable record and shared by every
 * handler with the same way to the cluster, so a healthy topology starts no producer for it at all.
 */
public final class DeadLetterOnUnreadableRecord implements DeserializationExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(DeadLetterOnUnreadableRecord.class);
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

  private static final Map<Map<String, Object>, KafkaProducer<byte[], byte[]>> PRODUCERS = new ConcurrentHashMap<>();

  private Map<String, Object> producerConfig;
  private String applicationId;

  @Override
  public void configure(Map<String, ?> configs) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, configs.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
    configs.forEach((key, value) -> { // the application's own way to the cluster (TLS, SASL)
      if (key.startsWith("security.") || key.startsWith("sasl.") || key.startsWith("ssl.")) {
        p.put(key, value);
      }
    });
    p.put(ProducerConfig.CLIENT_ID_CONFIG, configs.get(StreamsConfig.APPLICATION_ID_CONFIG) + "-dead-letters");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    this.producerConfig = Map.copyOf(p);
    this.applicationId = String.valueOf(configs.get(StreamsConfig.APPLICATION_ID_CONFIG));
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    var deadLetter = DeadLetters.of(record, DeadLetters.Stage.VALUE_CONVERTER, exception, applicationId, context.taskId().toString());
    try {
      producer().send(deadLetter).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      log.error("unreadable record at {}-{} offset {} sent to {}: {}", record.topic(), record.partition(), record.offset(),
          deadLetter.topic(), exception.getMessage());
      return Response.resume();
    } catch (ExecutionException | TimeoutException e) {
      log.error("could not dead-letter the unreadable record at {}-{} offset {}; stopping rather than losing it",
          record.topic(), record.partition(), record.offset(), e);
      return Response.fail();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Response.fail();
    }
  }

  private KafkaProducer<byte[], byte[]> producer() {
    return PRODUCERS.computeIfAbsent(producerConfig,
        config -> new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer()));
  }
}
