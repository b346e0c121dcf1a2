package io.vwmedia.observability.alerts;

import static io.vwmedia.observability.alerts.Alerts.deadLettered;
import static io.vwmedia.observability.alerts.Alerts.failed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.groups.Tuple.tuple;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AlertDispatcherTest {

  final MeterRegistry registry = new SimpleMeterRegistry();
  final ManualTime time = new ManualTime();

  private AlertDispatcher dispatcher(int queueCapacity, Duration drainTimeout, AlertSink... sinks) {
    DeliveryPolicy policy = new DeliveryPolicy(queueCapacity, Duration.ofMinutes(10), 5, DeliveryPolicy.FIRST_BACKOFF,
        DeliveryPolicy.MAX_BACKOFF, drainTimeout);
    return new AlertDispatcher(policy, Optional.of(URI.create("https://status.example/")), registry, List.of(sinks),
        time, time);
  }

  private AlertDispatcher dispatcher(AlertSink... sinks) {
    return dispatcher(100, DeliveryPolicy.DRAIN_TIMEOUT, sinks);
  }

  private double count(String name, String... tags) {
    var counter = registry.find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void theSameIncidentWithinTheWindowIsSaidOnceAndAgainOnceTheWindowHasPassed() {
    RecordingSink sink = new RecordingSink("memory", 10);
    try (AlertDispatcher alerts = dispatcher(sink)) {
      alerts.raise(failed("a1", "no video rung succeeded"));
      time.advance(Duration.ofMinutes(5));
      alerts.raise(failed("a1", "no video rung succeeded"));
      alerts.raise(failed("a1", "no video rung succeeded"));
      alerts.raise(failed("a1", "the source could not be decoded"));
      alerts.raise(deadLettered("a1", "720p", "no video rung succeeded"));
      time.advance(Duration.ofMinutes(5));
      alerts.raise(failed("a1", "no video rung succeeded"));
    }

    assertThat(sink.delivered()).extracting(Alert::kind, Alert::reason).containsExactly(
        tuple(AlertKind.ASSET_FAILED, "no video rung succeeded"),
        tuple(AlertKind.ASSET_FAILED, "the source could not be decoded"),
        tuple(AlertKind.RUNG_DEAD_LETTERED, "no video rung succeeded"),
        tuple(AlertKind.ASSET_FAILED, "no video rung succeeded"));
    assertThat(count(AlertMeters.COLLAPSED, "kind", "ASSET_FAILED")).isEqualTo(2);
    assertThat(count(AlertMeters.SENT, "sink", "memory", "kind", "ASSET_FAILED")).isEqualTo(3);
  }

  @Test
  void anAlertAboutAnAssetLinksToItsStatusPage() {
    RecordingSink sink = new RecordingSink("memory", 10);
    try (AlertDispatcher alerts = dispatcher(sink)) {
      alerts.raise(failed("a1", "no video rung succeeded"));
    }

    assertThat(sink.delivered()).extracting(Alert::statusUrl).containsExactly("https://status.example/#/assets/a1");
  }

  @Test
  void aFullQueueDropsAndCountsWhatDoesNotFitWithoutWaiting() throws Exception {
    CountDownLatch busy = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    RecordingSink stuck = new RecordingSink("stuck", 1).answering(batch -> {
      busy.countDown();
      release.await();
      return List.of();
    });
    try (AlertDispatcher alerts = dispatcher(2, DeliveryPolicy.DRAIN_TIMEOUT, stuck)) {
      alerts.raise(failed("a0", "first, being delivered"));
      assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();

      long start = System.nanoTime();
      for (int i = 1; i <= 5; i++) {
        alerts.raise(failed("a" + i, "no video rung succeeded"));
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(100));
      release.countDown();
    }

    assertThat(count(AlertMeters.DROPPED, "sink", "stuck", "kind", "ASSET_FAILED", "cause", "queue-full")).isEqualTo(3);
    assertThat(stuck.delivered()).extracting(Alert::assetId).containsExactly("a0", "a1", "a2");
  }

  @Test
  void aSinkThatHangsDoesNotDelayAnother() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    RecordingSink hanging = new RecordingSink("hanging", 1).answering(batch -> {
      release.await();
      return List.of();
    });
    RecordingSink quick = new RecordingSink("quick", 1);
    try (AlertDispatcher alerts = dispatcher(hanging, quick)) {
      alerts.raise(failed("a1", "no video rung succeeded"));
      alerts.raise(failed("a2", "no video rung succeeded"));

      assertThat(quick.awaitCalls(2).delivered()).extracting(Alert::assetId).containsExactly("a1", "a2");
      assertThat(hanging.delivered()).extracting(Alert::assetId).containsExactly("a1");
      release.countDown();
    }
  }

  @Test
  void alertsTheSinkDidNotAcceptAreSentAgainAloneAfterASecond() throws Exception {
    RecordingSink sink = new RecordingSink("batching", 10);
    sink.answering(batch -> sink.delivered().stream().filter(a -> a.assetId().equals("a2")).count() == 1
        ? batch.stream().filter(a -> a.assetId().equals("a2")).toList()
        : List.of());
    try (AlertDispatcher alerts = dispatcher(sink)) {
      alerts.raise(failed("a1", "no video rung succeeded"));
      alerts.raise(failed("a2", "no video rung succeeded"));
      alerts.raise(failed("a3", "no video rung succeeded"));
    }

    assertThat(sink.delivered()).extracting(Alert::assetId).containsExactlyInAnyOrder("a1", "a2", "a3", "a2");
    // whichever batches the lane made as the alerts came, the call that sent a2 again held a2 alone
    List<List<Alert>> withA2 = sink.calls.stream().filter(call -> call.stream().anyMatch(a -> a.assetId().equals("a2")))
        .toList();
    assertThat(withA2).hasSize(2);
    assertThat(withA2.get(1)).extracting(Alert::assetId).containsExactly("a2");
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1));
    assertThat(count(AlertMeters.SENT, "sink", "batching")).isEqualTo(3);
  }

  @Test
  void aRefusalForGoodIsDroppedAtOnceAndCounted() {
    RecordingSink refusing = new RecordingSink("refusing", 1).answering(batch -> {
      throw new AlertSink.Rejected("404 no_service");
    });
    try (AlertDispatcher alerts = dispatcher(refusing)) {
      alerts.raise(failed("a1", "no video rung succeeded"));
    }

    assertThat(refusing.calls).hasSize(1);
    assertThat(time.sleeps()).isEmpty();
    assertThat(count(AlertMeters.DROPPED, "sink", "refusing", "cause", "rejected")).isEqualTo(1);
  }

  @Test
  void closingDeliversWhatIsQueued() {
    RecordingSink slow = new RecordingSink("slow", 1).answering(batch -> {
      Thread.sleep(20);
      return List.of();
    });
    AlertDispatcher alerts = dispatcher(slow);
    for (int i = 1; i <= 10; i++) {
      alerts.raise(failed("a" + i, "no video rung succeeded"));
    }
    alerts.close();

    assertThat(slow.delivered()).hasSize(10);
  }

  @Test
  void closingGivesUpOnASinkThatNeverAnswersAfterTheDrainTimeout() {
    RecordingSink silent = new RecordingSink("silent", 1).answering(batch -> {
      new CountDownLatch(1).await();
      return List.of();
    });
    AlertDispatcher alerts = dispatcher(100, Duration.ofMillis(300), silent);
    alerts.raise(failed("a1", "no video rung succeeded"));
    alerts.raise(failed("a2", "no video rung succeeded"));

    long start = System.nanoTime();
    alerts.close();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    alerts.raise(failed("a3", "raised after closing"));
    assertThat(count(AlertMeters.DROPPED, "sink", "silent", "cause", "closed")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void raisingNeverThrows() throws IOException {
    try (AlertDispatcher alerts = dispatcher(new RecordingSink("memory", 1))) {
      assertThatCode(() -> alerts.raise(null)).doesNotThrowAnyException();
    }
  }

  @Test
  void theWaitBetweenAttemptsDoublesFromOneSecondUpToAMinute() {
    DeliveryPolicy policy = new DeliveryPolicy(1, Duration.ZERO, 10, DeliveryPolicy.FIRST_BACKOFF,
        DeliveryPolicy.MAX_BACKOFF, DeliveryPolicy.DRAIN_TIMEOUT);

    assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 8)).map(policy::backoffAfter).map(Duration::toSeconds)
        .containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L);
  }
}
