package io.vwmedia.launcher.trial;

import static org.assertj.core.api.Assertions.assertThat;

import io.vwmedia.launcher.TestBrokers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a share-group worker pool would rely on, pinned on our broker (Kafka 4.4, KIP-932) with the real clients:
 * a worker process killed (SIGKILL) while it holds a task does not lose it (another worker gets it once the
 * acquisition lock runs out, and the record says it is its second delivery), and a worker that renews its lock keeps
 * its task past the lock's duration, then accepts it once. Behaviour only; how fast is measured by
 * {@code bench/share-groups.sh}.
 */
class ShareGroupBehaviourTest {

  private static final int LOCK_MS = 15_000; // the broker's minimum (group.share.min.record.lock.duration.ms)

  @RegisterExtension final TestBrokers broker = new TestBrokers();

  @Test
  void givesTheRecordOfAWorkerKilledHoldingItToAnotherWithDeliveryCountTwo(@TempDir Path logs) throws Exception {
    Duration waited = redeliveryAfter(logs, "killed", TrialWorkerProcess::kill);
    // the broker sees the dead process's connection close and releases what its share session held, well
    // before the lock would have run out
    assertThat(waited).isLessThan(Duration.ofMillis(LOCK_MS));
  }

  @Test
  void givesTheRecordOfAFrozenWorkerToAnotherAfterItsLockRunsOutWithDeliveryCountTwo(@TempDir Path logs) throws Exception {
    Duration waited = redeliveryAfter(logs, "frozen", TrialWorkerProcess::freeze);
    // nothing tells the broker: the record comes back when its acquisition lock runs out
    assertThat(waited).isGreaterThan(Duration.ofMillis(LOCK_MS / 2));
  }

  /** A worker process takes the one task (ten minutes of work), {@code fault} strikes it, another worker polls. */
  private Duration redeliveryAfter(Path logs, String name, Fault fault) throws Exception {
    String topic = "share-" + name;
    String group = topic + "-workers";
    setUp(topic, group, new TrialTask(0, 600_000, System.currentTimeMillis()).encode());
    BlockingQueue<TrialWorkerProcess.Event> events = new LinkedBlockingQueue<>();
    List<TrialWorkerProcess.Event> seen = new ArrayList<>();
    try (TrialWorkerProcess holder = TrialWorkerProcess.start("share", broker.bootstrapServers(), topic, group, name,
        45_000, logs.resolve(name + ".log"), events);
        KafkaShareConsumer<String, String> other = worker(topic, group, "other")) {
      TrialWorkerProcess.Event taken = TrialWorkerProcess.await(events, e -> e.kind().equals("START"), 90_000, seen);
      assertThat(taken).as("the worker process takes the task; saw %s", seen).isNotNull();
      assertThat(taken.deliveryCount()).isEqualTo(1);
      fault.strike(holder); // while it holds the record: no acknowledgement, no close
      long struck = System.nanoTime();

      ConsumerRecord<String, String> redelivered = pollOne(other, Duration.ofSeconds(90));
      Duration waited = Duration.ofNanos(System.nanoTime() - struck);
      assertThat(TrialTask.decode(redelivered.value()).id()).isZero();
      assertThat(redelivered.deliveryCount()).contains((short) 2);
      other.acknowledge(redelivered, AcknowledgeType.ACCEPT);
      other.commitSync();
      return waited;
    }
  }

  private interface Fault {
    void strike(TrialWorkerProcess worker) throws Exception;
  }

  @Test
  void keepsARenewedRecordWithItsHolderPastTheLockAndAcceptsItAfterTheWork() throws Exception {
    String topic = "share-renewal";
    setUp(topic, "share-renewal-workers", "task-0");
    try (KafkaShareConsumer<String, String> holder = worker(topic, "share-renewal-workers", "holder");
        KafkaShareConsumer<String, String> other = worker(topic, "share-renewal-workers", "other")) {
      ConsumerRecord<String, String> held = pollOne(holder, Duration.ofSeconds(30));
      assertThat(holder.acquisitionLockTimeoutMs()).contains(LOCK_MS);

      List<String> seenByOther = new ArrayList<>();
      long until = System.nanoTime() + Duration.ofMillis(LOCK_MS * 2L).toNanos();
      long renewed = System.nanoTime();
      while (System.nanoTime() < until) { // a long encode: renew every half lock, while another worker polls
        if (System.nanoTime() - renewed > Duration.ofMillis(LOCK_MS / 2).toNanos()) {
          held = TrialWorker.renew(holder, held, Duration.ofSeconds(5));
          assertThat(held.value()).isEqualTo("task-0");
          renewed = System.nanoTime();
        }
        other.poll(Duration.ofMillis(200)).forEach(r -> seenByOther.add(r.value()));
      }
      assertThat(seenByOther).isEmpty();

      TrialWorker.acceptAfterWork(holder, held);
      other.poll(Duration.ofSeconds(2)).forEach(r -> seenByOther.add(r.value()));
      assertThat(seenByOther).isEmpty();
    }
  }

  private void setUp(String topic, String group, String task) throws Exception {
    try (Admin admin = ShareGroups.admin(broker.bootstrapServers())) {
      ShareGroups.createTopic(admin, topic, 1);
      ShareGroups.configureShareGroup(admin, group, LOCK_MS);
    }
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, task)).get();
    }
  }

  private KafkaShareConsumer<String, String> worker(String topic, String group, String name) {
    KafkaShareConsumer<String, String> consumer = new KafkaShareConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, group,
        ConsumerConfig.CLIENT_ID_CONFIG, name,
        ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit",
        ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit",
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1), new StringDeserializer(), new StringDeserializer());
    consumer.subscribe(List.of(topic));
    return consumer;
  }

  private static ConsumerRecord<String, String> pollOne(KafkaShareConsumer<String, String> consumer, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
        return record;
      }
    }
    throw new AssertionError("no record within " + within);
  }
}
