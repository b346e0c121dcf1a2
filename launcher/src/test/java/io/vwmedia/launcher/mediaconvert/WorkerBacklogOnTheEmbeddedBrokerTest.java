package io.vwmedia.launcher.mediaconvert;

import static org.assertj.core.api.Assertions.assertThat;

import io.vwmedia.config.Settings;
import io.vwmedia.launcher.RawTopic;
import io.vwmedia.launcher.stack.EmbeddedStack;
import io.vwmedia.topics.Topic;
import io.vwmedia.topology.routing.OverflowPolicy;
import io.vwmedia.topology.routing.WorkerBacklog;
import io.vwmedia.worker.ProgressListener;
import io.vwmedia.worker.RenditionWorker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The overflow policy's input read from a real broker: the workers' group's lag on the rung task topics, as KEDA
 * reads it. Tasks nobody took count from the log start; once the group commits past them, they no longer count.
 */
class WorkerBacklogOnTheEmbeddedBrokerTest {

  @Test
  void newAssetsOverflowWhileTasksWaitForTheWorkersAndStopOnceTheyAreTaken(@TempDir Path data) throws Exception {
    try (EmbeddedStack stack = EmbeddedStack.start(data, Settings.of(Map.of("vw.embedded.workers", "false",
        "vw.embedded.topology", "false")), ProgressListener.NONE, false)) {
      String tasks = Topic.RENDITION_TASKS.topicName();
      for (int i = 0; i < 5; i++) {
        RawTopic.write(stack.bootstrapServers(), tasks, "a" + i + "/720p", ("task " + i).getBytes(StandardCharsets.UTF_8));
      }
      OverflowPolicy policy = new OverflowPolicy(4);
      try (WorkerBacklog backlog = WorkerBacklog.start(stack.connection(), RenditionWorker.GROUP_ID, List.of(tasks), policy,
          Duration.ofMillis(100))) {
        assertThat(backlog.lag()).isEqualTo(5);
        awaitDecision(policy, true);

        // a worker of the group takes every task and commits
        try (KafkaConsumer<byte[], byte[]> worker = new KafkaConsumer<>(stack.connection().clientConfig(Map.of(
            ConsumerConfig.GROUP_ID_CONFIG, RenditionWorker.GROUP_ID, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
          worker.subscribe(List.of(tasks));
          int taken = 0;
          for (long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos(); taken < 5 && System.nanoTime() < deadline; ) {
            taken += worker.poll(Duration.ofMillis(200)).count();
          }
          assertThat(taken).isEqualTo(5);
          worker.commitSync();
        }
        assertThat(backlog.lag()).isZero();
        awaitDecision(policy, false);
      }
    }
  }

  private static void awaitDecision(OverflowPolicy policy, boolean overflowing) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (policy.overflowing() != overflowing && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(policy.overflowing()).as("overflowing after lag %s", policy.lastLag()).isEqualTo(overflowing);
  }
}
