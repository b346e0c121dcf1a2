package io.vwmedia.launcher.trial;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One worker of the share-group trial, in a JVM of its own so that a crash is a real SIGKILL. It takes one task at a
 * time and "works" it (sleeps its duration), dispatched either as the rendition workers are today ({@code group}: a
 * consumer group, one record per poll, every partition paused while the task runs and polling kept up, the offset
 * committed after the work) or as a share group would ({@code share}: explicit acknowledgement, one record acquired
 * at a time, ACCEPT after the work, the acquisition lock renewed each time the work outlasts half of it).
 *
 * <p>It reports on stdout, one line per event, which the trial reads: {@code TRIAL JOINED ms}, {@code TRIAL START id
 * ms deliveryCount}, {@code TRIAL RENEW id ms}, {@code TRIAL DONE id ms}, {@code TRIAL LOST id ms} (a consumer-group
 * task whose partition was taken away while it ran: not committed, someone else runs it again).
 *
 * <pre>TrialWorker group|share BOOTSTRAP TOPIC GROUP NAME SESSION_MS</pre>
 */
public final class TrialWorker {

  private static final Duration POLL = Duration.ofMillis(100);

  private TrialWorker() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    String bootstrap = args[1];
    String topic = args[2];
    String group = args[3];
    String name = args[4];
    int sessionMs = Integer.parseInt(args[5]);
    ExecutorService work = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, name + "-work");
      t.setDaemon(true);
      return t;
    });
    if (mode.equals("share")) {
      runShare(bootstrap, topic, group, name, work);
    } else {
      runGroup(bootstrap, topic, group, name, sessionMs, work);
    }
  }

  static void report(String line) {
    System.out.println("TRIAL " + line);
    System.out.flush();
  }

  private static Future<?> start(ExecutorService work, TrialTask task, int deliveryCount) {
    report("START " + task.id() + " " + System.currentTimeMillis() + " " + deliveryCount);
    return work.submit(() -> {
      Thread.sleep(task.workMs());
      return null;
    });
  }

  /** Today's dispatch, as {@code RenditionWorker} does it. */
  private static void runGroup(String bootstrap, String topic, String group, String name, int sessionMs,
      ExecutorService work) throws Exception {
    Map<String, Object> c = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, group,
        ConsumerConfig.CLIENT_ID_CONFIG, name,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, sessionMs,
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
      boolean[] busy = {false};
      consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(java.util.Collection<TopicPartition> partitions) {}

        @Override
        public void onPartitionsAssigned(java.util.Collection<TopicPartition> partitions) {
          if (busy[0]) {
            consumer.pause(partitions); // one task in hand: nothing more until it is done
          }
        }
      });
      report("JOINED " + System.currentTimeMillis());
      while (true) {
        for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
          TopicPartition partition = new TopicPartition(record.topic(), record.partition());
          TrialTask task = TrialTask.decode(record.value());
          busy[0] = true;
          consumer.pause(consumer.assignment());
          Future<?> running = start(work, task, 1);
          while (!running.isDone()) {
            consumer.poll(POLL); // stays in the group; paused, so fetches nothing
          }
          Set<TopicPartition> owned = consumer.assignment();
          if (owned.contains(partition)) {
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)));
            report("DONE " + task.id() + " " + System.currentTimeMillis());
          } else {
            report("LOST " + task.id() + " " + System.currentTimeMillis());
          }
          busy[0] = false;
          consumer.resume(consumer.assignment());
          break; // max.poll.records=1 anyway
        }
      }
    }
  }

  /** Share-group dispatch: any idle member takes the next record. */
  private static void runShare(String bootstrap, String topic, String group, String name, ExecutorService work)
      throws Exception {
    Map<String, Object> c = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, group,
        ConsumerConfig.CLIENT_ID_CONFIG, name,
        ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit",
        ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit", // max.poll.records is then a hard limit
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
    try (KafkaShareConsumer<String, String> consumer =
        new KafkaShareConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      report("JOINED " + System.currentTimeMillis());
      while (true) {
        for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
          TrialTask task = TrialTask.decode(record.value());
          Future<?> running = start(work, task, record.deliveryCount().orElse((short) 1));
          long lockMs = consumer.acquisitionLockTimeoutMs().orElse(30_000);
          long renewed = System.currentTimeMillis();
          ConsumerRecord<String, String> held = record;
          while (!done(running)) {
            if (System.currentTimeMillis() - renewed > lockMs / 2) {
              held = renew(consumer, held, Duration.ofMillis(lockMs / 2));
              renewed = System.currentTimeMillis();
              report("RENEW " + task.id() + " " + renewed);
            }
          }
          acceptAfterWork(consumer, held);
          report("DONE " + task.id() + " " + System.currentTimeMillis());
        }
      }
    }
  }

  private static boolean done(Future<?> running) throws Exception {
    try {
      running.get(100, TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    }
  }

  /**
   * Extends the acquisition lock of the record in hand ({@code AcknowledgeType.RENEW}, Kafka 4.4), sent at once; the
   * client then hands the renewed record back on a later poll, and that is the one to acknowledge next (the record of
   * the earlier poll can no longer be). Any other record that poll brings is released untouched for another worker.
   */
  static <K, V> ConsumerRecord<K, V> renew(KafkaShareConsumer<K, V> consumer, ConsumerRecord<K, V> held, Duration within) {
    consumer.acknowledge(held, AcknowledgeType.RENEW);
    consumer.commitSync();
    long deadline = System.nanoTime() + within.toNanos();
    ConsumerRecord<K, V> renewed = null;
    while (renewed == null && System.nanoTime() < deadline) {
      for (ConsumerRecord<K, V> record : consumer.poll(POLL)) {
        if (record.partition() == held.partition() && record.offset() == held.offset() && record.topic().equals(held.topic())) {
          renewed = record;
        } else {
          consumer.acknowledge(record, AcknowledgeType.RELEASE);
        }
      }
    }
    if (renewed == null) {
      throw new IllegalStateException("the renewed record " + held.topic() + "-" + held.partition() + "@" + held.offset()
          + " did not come back within " + within);
    }
    return renewed;
  }

  /** ACCEPT, sent at once (commitSync), so the record is done for the group before this worker takes the next. */
  static <K, V> void acceptAfterWork(KafkaShareConsumer<K, V> consumer, ConsumerRecord<K, V> record) {
    consumer.acknowledge(record, AcknowledgeType.ACCEPT);
    consumer.commitSync();
  }
}
