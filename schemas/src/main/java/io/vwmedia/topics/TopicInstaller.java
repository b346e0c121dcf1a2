package io.vwmedia.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics of the {@link Topic} catalog at start-up, each with its partitions ({@link TopicPartitioning}:
 * the catalog's, or the embedded stack's), cleanup policy and retention, with their dead-letter and retry topics, and
 * the settings of the share group that takes chunk tasks ({@link ChunkTaskGroup}). Existing topics are left as they
 * are, whatever their partition count, except that the {@link Topic#CO_PARTITIONED} topics must agree: the topology
 * keeps one asset's state for the three by partition and would mis-route. One of them that is missing is created with
 * the count its existing siblings have.
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
   * Creates whichever topics of {@link #catalog} are missing, with the catalog's partition counts (a cluster), checks
   * that the co-partitioned topics agree, and sets the chunk tasks' share group.
   */
  public static void ensureTopics(Admin admin, short replicationFactor, RetryPolicy retries) {
    ensureTopics(admin, replicationFactor, retries, TopicPartitioning.declared());
  }

  /**
   * Creates whichever topics of {@link #catalog} are missing, with {@code partitioning}'s counts, checks that the
   * co-partitioned topics agree, and sets the chunk tasks' share group.
   */
  public static void ensureTopics(Admin admin, short replicationFactor, RetryPolicy retries,
      TopicPartitioning partitioning) {
    try {
      Set<String> existing = admin.listTopics().names().get();
      Optional<String> sibling = Topic.CO_PARTITIONED.stream().map(Topic::topicName).filter(existing::contains)
          .findFirst();
      ToIntFunction<Topic> partitions = partitioning::partitionsOf;
      if (sibling.isPresent()) {
        int siblings = admin.describeTopics(List.of(sibling.get())).allTopicNames().get()
            .get(sibling.get()).partitions().size();
        partitions = topic -> Topic.CO_PARTITIONED.contains(topic) ? siblings : partitioning.partitionsOf(topic);
      }
      List<NewTopic> missing = wanted(replicationFactor, retries, partitions).stream()
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
      Map<String, Integer> counts = new TreeMap<>();
      Topic.CO_PARTITIONED.forEach(t -> counts.put(t.topicName(), described.get(t.topicName()).partitions().size()));
      if (new HashSet<>(counts.values()).size() > 1) {
        throw new IllegalStateException("topics " + counts + " (partitions) must have one partition count: the "
            + "topology keeps one asset's state for the three by partition; recreate them with one count");
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
   * stable order: a data folder that kept this text from its last start holds these topics (those it held before, with
   * their own partition counts, kept).
   */
  public static String catalog(short replicationFactor, RetryPolicy retries) {
    return catalog(replicationFactor, retries, TopicPartitioning.declared());
  }

  /** {@link #catalog(short, RetryPolicy)} with {@code partitioning}'s counts. */
  public static String catalog(short replicationFactor, RetryPolicy retries, TopicPartitioning partitioning) {
    StringBuilder text = new StringBuilder();
    for (NewTopic topic : wanted(replicationFactor, retries, partitioning::partitionsOf)) {
      text.append(topic.name()).append(' ').append(topic.numPartitions()).append(' ').append(topic.replicationFactor())
          .append(' ').append(new TreeMap<>(topic.configs())).append('\n');
    }
    return text.toString();
  }

  /**
   * The catalog's topics; a dead-letter topic ({@code <topic>-dlt}) for each; and the rung tasks' retry topics as
   * many as {@code retries} asks for.
   */
  private static List<NewTopic> wanted(short replicationFactor, RetryPolicy retries, ToIntFunction<Topic> partitions) {
    List<NewTopic> wanted = new ArrayList<>();
    for (Topic topic : Topic.values()) {
      wanted.add(new NewTopic(topic.topicName(), partitions.applyAsInt(topic), replicationFactor)
          .configs(topic.configs()));
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
