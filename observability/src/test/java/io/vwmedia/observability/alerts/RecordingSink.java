package io.vwmedia.observability.alerts;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A sink in memory: records each call's batch and answers as {@code answer} says (all accepted by default). */
class RecordingSink implements AlertSink {

  interface Answer {
    List<Alert> apply(List<Alert> batch) throws Exception;
  }

  final String name;
  final int maxBatch;
  final List<List<Alert>> calls = new CopyOnWriteArrayList<>();
  volatile Answer answer = batch -> List.of();

  RecordingSink(String name, int maxBatch) {
    this.name = name;
    this.maxBatch = maxBatch;
  }

  RecordingSink answering(Answer answer) {
    this.answer = answer;
    return this;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int maxBatch() {
    return maxBatch;
  }

  @Override
  public List<Alert> deliver(List<Alert> alerts) throws Exception {
    calls.add(List.copyOf(alerts));
    return answer.apply(alerts);
  }

  List<Alert> delivered() {
    return calls.stream().flatMap(List::stream).toList();
  }

  /** Waits up to five seconds for {@code n} calls. */
  RecordingSink awaitCalls(int n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (calls.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return this;
  }
}
