package io.vwmedia.worker;

import io.vwmedia.events.RenditionTask;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The tasks one poll brought, grouped by the source they encode, and which offsets are safe to commit as groups
 * finish: per partition, everything before the first task not yet done. Tasks of one source can sit in several
 * partitions and interleave with other sources' tasks, so a group done is not a partition done.
 */
final class PolledTasks {

  private final Map<String, List<ConsumerRecord<String, RenditionTask>>> bySource = new LinkedHashMap<>();
  private final Map<TopicPartition, List<Long>> offsets = new HashMap<>();
  private final Set<String> done = new HashSet<>();

  PolledTasks(Iterable<ConsumerRecord<String, RenditionTask>> records) {
    for (ConsumerRecord<String, RenditionTask> r : records) {
      offsets.computeIfAbsent(partition(r), p -> new ArrayList<>()).add(r.offset());
      if (r.value() == null) {
        done.add(id(r)); // nothing to encode
      } else {
        String source = r.value().getAssetId() + "\n" + r.value().getSourceUri();
        bySource.computeIfAbsent(source, s -> new ArrayList<>()).add(r);
      }
    }
  }

  /** The tasks to encode, one list per source, in the order the sources first appeared. */
  List<List<ConsumerRecord<String, RenditionTask>>> bySource() {
    return List.copyOf(bySource.values());
  }

  void done(List<ConsumerRecord<String, RenditionTask>> group) {
    group.forEach(r -> done.add(id(r)));
  }

  /** Per partition, the offset after the last task of an unbroken run of done tasks from the poll's first. */
  Map<TopicPartition, OffsetAndMetadata> committable() {
    Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
    offsets.forEach((partition, list) -> {
      long next = -1;
      for (long offset : list) {
        if (!done.contains(partition + "@" + offset)) {
          break;
        }
        next = offset + 1;
      }
      if (next >= 0) {
        commit.put(partition, new OffsetAndMetadata(next));
      }
    });
    return commit;
  }

  private static TopicPartition partition(ConsumerRecord<?, ?> r) {
    return new TopicPartition(r.topic(), r.partition());
  }

  private static String id(ConsumerRecord<?, ?> r) {
    return partition(r) + "@" + r.offset();
  }

  @Override
  public String toString() {
    return bySource.values().stream().flatMap(List::stream)
        .map(r -> r.value().getAssetId() + "/" + r.value().getRung().getName()).toList().toString();
  }
}
