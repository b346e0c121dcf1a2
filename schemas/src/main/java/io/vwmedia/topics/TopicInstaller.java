package io.vwmedia.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics of the {@link Topic} catalog at start-up, each with its declared partitions, cleanup
 * policy and retention, with their dead-letter and retry topics, and the settings of the share group that takes chunk
 * tasks ({@link ChunkTaskGroup}). Existing topics are left as they are; one with fewer partitions than declared is
 * refused, because the topology joins requested and rendition-done by partition and would mis-route.
 */
public final class TopicInstaller {

  private static final Logger log = LoggerFactory.getLogger(TopicInstaller.class);

  private TopicInstaller() {}

  /** How long a dead-letter record is kept: long enough for someone to look at it and replay it. */
  public static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(30);

  public static void ensureTopics(Admin admin, short replicationFactor) {
    ensureTopics(admin, replicationFactor, RetryPolicy.defaults());
  }

  /**
   * Creates whichever topics of {@link #catalog} are missing, checks the catalog's partition counts, and sets the
   * chunk tasks' share group.
   */
  public static void ensureTopics(Admin admin, short replicationFactor, RetryPolicy retries) {
    try {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing = wanted(replicationFactor, retries).stream()
          .filter(topic -> !existing.contains(topic.name())).toList();
      for (var entry : admin.createTopics(missing).values().entrySet()) {
        try {
          entry.getValue().get();
          log.info("created topic {}", entry.getKey());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
      Map<String, TopicDescription> described = describeOnceKnown(admin);
      for (Topic topic : Topic.values()) {
        int actual = described.get(topic.topicName()).partitions().size();
        if (actual != topic.partitions()) {
          throw new IllegalStateException("topic " + topic.topicName() + " has " + actual + " partitions but vw-media declares "
              + topic.partitions() + "; the topology needs the declared count (co-partitioned by asset id)");
        }
      }
      ChunkTaskGroup.configure(admin, Duration.ofSeconds(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not create the vw-media topics: " + e.getCause().getMessage(), e.getCause());
    }
  }

  /**
   * Every topic {@link #ensureTopics} makes sure of, one line each (name, partitions, replication, settings), in a
   * stable order: a data folder that kept this text from its last start holds exactly these topics.
   */
  public static String catalog(short replicationFactor, RetryPolicy retries) {
    StringBuilder text = new StringBuilder();
    for (NewTopic topic : wanted(replicationFactor, retries)) {
      text.append(topic.name()).append(' ').append(topic.numPartitions()).append(' ').append(topic.replicationFactor())
          .append(' ').append(new TreeMap<>(topic.configs())).append('\n');
    }
    return text.toString();
  }

  /**
   * The catalog's topics; a dead-letter topic ({@code <topic>-dlt}) for each; and the rung tasks' retry topics as
   * many as {@code retries} asks for.
   */
  private static List<NewTopic> wanted(short replicationFactor, RetryPolicy retries) {
    List<NewTopic> wanted = new ArrayList<>();
    for (Topic topic : Topic.values()) {
      wanted.add(new NewTopic(topic.topicName(), topic.partitions(), replicationFactor).configs(topic.configs()));
      wanted.add(new NewTopic(DeadLetters.topicFor(topic.topicName()), 1, replicationFactor).configs(Map.of(
          "cleanup.policy", "delete", "retention.ms", Long.toString(DEAD_LETTER_RETENTION.toMillis()))));
    }
    for (String retry : retries.retryTopics(Topic.RENDITION_TASKS)) {
      wanted.add(new NewTopic(retry, Topic.RENDITION_TASKS.partitions(), replicationFactor)
          .configs(Topic.RENDITION_TASKS.configs()));
    }
    return wanted;
  }

  /**
   * The catalog's topics as the cluster describes them. A topic created a moment ago may not be in every broker's
   * metadata yet ("This server does not host this topic-partition"): asked again for up to 30 s.
   */
  private static Map<String, TopicDescription> describeOnceKnown(Admin admin)
      throws InterruptedException, ExecutionException {
    List<String> names = Arrays.stream(Topic.values()).map(Topic::topicName).toList();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        return admin.describeTopics(names).allTopicNames().get();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }
}
