package io.vwmedia.simulation.cluster;

import io.vwmedia.simulation.model.Task;

/** How task records reach pods: today's consumer group, or a share group (KIP-932). */
interface Dispatch {

  /** A new record at the end of the topic. */
  void offer(Task task);

  /** The next task for this idle pod, or null. */
  Task next(Pod pod);

  /** The pod finished the task and committed (acknowledged) it. */
  void committed(Task task);

  /** The pod died while running the task: the group gets the task back when it notices, then calls {@code wake}. */
  void lost(Pod pod, Task task, Runnable wake);

  /** How long after dying a pod takes tasks again, if its restart takes {@code restartSeconds}. */
  double rejoinDelay(double restartSeconds);

  void joined(Pod pod);

  void left(Pod pod);

  /** Records not yet handed to a pod. */
  int waiting();

  /** Records not yet committed: waiting plus running (what KEDA's Kafka scaler reads). */
  int lag();

  /** The most consumers that can have work (KEDA caps a consumer group's replicas at the partition count). */
  int maxConsumers();
}
