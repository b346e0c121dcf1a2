package io.vwmedia.simulation.cluster;

import io.vwmedia.simulation.engine.Simulation;
import io.vwmedia.simulation.model.Task;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Today's dispatch: a consumer group. Each record goes to the partition of its key (Kafka's partitioner); the group
 * gives each partition to one member (round-robin over the members by id, again at every join and leave); a pod
 * takes the oldest record at the head of the partitions it owns, one at a time, and commits it when done. So a task
 * waits for the pod that owns its partition even while others are idle (head-of-line blocking), and a pod that dies
 * keeps its partitions until its session times out. A member's task in flight stays with it across a rebalance.
 *
 * <p>Which of its partitions a pod reads next: {@link FetchOrder}.
 */
final class ConsumerGroupDispatch implements Dispatch {

  private final Simulation sim;
  private final int partitionCount;
  private final double sessionTimeout;
  private final List<Deque<Task>> partitions = new ArrayList<>();
  private final Map<Task, Long> offsets = new IdentityHashMap<>();
  private final Pod[] owner;
  private final List<Pod> members = new ArrayList<>();
  private final FetchOrder order;
  private final Map<Pod, Integer> cursor = new IdentityHashMap<>();
  /** {@link FetchOrder#FETCHED}: per pod, its fetched batches in arrival order: {partition, records left}. */
  private final Map<Pod, Deque<int[]>> fetched = new IdentityHashMap<>();
  private long nextOffset;
  private int inFlight;

  ConsumerGroupDispatch(Simulation sim, int partitionCount, double sessionTimeout, FetchOrder order) {
    this.sim = sim;
    this.order = order;
    this.partitionCount = partitionCount;
    this.sessionTimeout = sessionTimeout;
    this.owner = new Pod[partitionCount];
    for (int i = 0; i < partitionCount; i++) {
      partitions.add(new ArrayDeque<>());
    }
  }

  int partitionOf(Task task) {
    return KafkaPartitioner.partition(task.key(), partitionCount);
  }

  @Override
  public void offer(Task task) {
    offsets.put(task, nextOffset++);
    partitions.get(partitionOf(task)).addLast(task);
  }

  @Override
  public Task next(Pod pod) {
    if (order == FetchOrder.FETCHED) {
      return nextFetched(pod);
    }
    if (order == FetchOrder.PARTITION) {
      int from = cursor.getOrDefault(pod, 0);
      for (int i = 0; i < partitionCount; i++) {
        int p = (from + i) % partitionCount;
        if (owner[p] == pod && !partitions.get(p).isEmpty()) {
          cursor.put(pod, p);
          inFlight++;
          return partitions.get(p).pollFirst();
        }
      }
      return null;
    }
    Deque<Task> oldest = null;
    for (int p = 0; p < partitionCount; p++) {
      Deque<Task> q = partitions.get(p);
      if (owner[p] == pod && !q.isEmpty() && (oldest == null || offsets.get(q.peekFirst()) < offsets.get(oldest.peekFirst()))) {
        oldest = q;
      }
    }
    if (oldest == null) {
      return null;
    }
    inFlight++;
    return oldest.pollFirst();
  }

  private Task nextFetched(Pod pod) {
    Deque<int[]> batches = fetched.computeIfAbsent(pod, p -> new ArrayDeque<>());
    batches.removeIf(b -> owner[b[0]] != pod); // a partition taken away: its buffered records are dropped
    for (int p = 0; p < partitionCount; p++) { // a partition with no batch in the buffer is fetched (again)
      int partition = p;
      if (owner[p] == pod && !partitions.get(p).isEmpty() && batches.stream().noneMatch(b -> b[0] == partition)) {
        batches.addLast(new int[] {p, partitions.get(p).size()});
      }
    }
    while (!batches.isEmpty()) {
      int[] head = batches.peekFirst();
      Deque<Task> q = partitions.get(head[0]);
      if (head[1] <= 0 || q.isEmpty()) {
        batches.pollFirst();
        continue;
      }
      if (--head[1] == 0) {
        batches.pollFirst();
      }
      inFlight++;
      return q.pollFirst();
    }
    return null;
  }

  @Override
  public void committed(Task task) {
    inFlight--;
    offsets.remove(task);
  }

  @Override
  public void lost(Pod pod, Task task, Runnable wake) {
    inFlight--;
    partitions.get(partitionOf(task)).addFirst(task); // never committed: redelivered from its offset
    sim.after(sessionTimeout, () -> {
      left(pod);
      wake.run();
    });
  }

  @Override
  public double rejoinDelay(double restartSeconds) {
    return Math.max(restartSeconds, sessionTimeout); // a join's rebalance waits for the dead member to expire
  }

  @Override
  public void joined(Pod pod) {
    if (!members.contains(pod)) {
      members.add(pod);
      rebalance();
    }
  }

  @Override
  public void left(Pod pod) {
    if (members.remove(pod)) {
      rebalance();
    }
  }

  private void rebalance() {
    members.sort(Comparator.comparingInt(Pod::id));
    for (int p = 0; p < partitionCount; p++) {
      owner[p] = members.isEmpty() ? null : members.get(p % members.size());
    }
  }

  @Override
  public int waiting() {
    return partitions.stream().mapToInt(Deque::size).sum();
  }

  @Override
  public int lag() {
    return waiting() + inFlight;
  }

  @Override
  public int maxConsumers() {
    return partitionCount;
  }
}
