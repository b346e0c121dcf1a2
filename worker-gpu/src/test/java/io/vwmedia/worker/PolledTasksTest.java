package io.vwmedia.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.vwmedia.events.RenditionTask;
import io.vwmedia.events.RungKind;
import io.vwmedia.events.RungSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PolledTasksTest {

  private static final TopicPartition P0 = new TopicPartition("media.rendition.tasks", 0);
  private static final TopicPartition P1 = new TopicPartition("media.rendition.tasks", 1);

  @Test
  void groupsTasksBySourceInTheOrderSourcesFirstAppear() {
    PolledTasks polled = new PolledTasks(records(
        record(P0, 10, "a", "360p"), record(P1, 4, "b", "360p"), record(P0, 11, "a", "720p"), record(P1, 5, "a", "audio")));

    assertThat(polled.bySource()).extracting(g -> g.stream().map(r -> r.value().getAssetId() + "/" + r.value().getRung().getName()).toList())
        .containsExactly(List.of("a/360p", "a/720p", "a/audio"), List.of("b/360p"));
  }

  @Test
  void commitsEachPartitionOnlyUpToItsFirstTaskNotYetDone() {
    PolledTasks polled = new PolledTasks(records(
        record(P0, 10, "a", "360p"), record(P1, 4, "b", "360p"), record(P0, 11, "a", "720p"), record(P1, 5, "a", "audio")));
    var groups = polled.bySource();

    polled.done(groups.get(0)); // asset a: P0 10, 11 and P1 5; P1 4 (asset b) is still to do

    assertThat(polled.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(12)));

    polled.done(groups.get(1));

    assertThat(polled.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(12), P1, new OffsetAndMetadata(6)));
  }

  @Test
  void aTombstoneNeedsNoEncodeAndIsCommittable() {
    PolledTasks polled = new PolledTasks(records(new ConsumerRecord<>(P0.topic(), 0, 7, "a/360p", null)));

    assertThat(polled.bySource()).isEmpty();
    assertThat(polled.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(8)));
  }

  @SafeVarargs
  private static ConsumerRecords<String, RenditionTask> records(ConsumerRecord<String, RenditionTask>... records) {
    var byPartition = new java.util.LinkedHashMap<TopicPartition, List<ConsumerRecord<String, RenditionTask>>>();
    for (var r : records) {
      byPartition.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), p -> new java.util.ArrayList<>()).add(r);
    }
    return new ConsumerRecords<>(byPartition, Map.of());
  }

  private static ConsumerRecord<String, RenditionTask> record(TopicPartition p, long offset, String asset, String rung) {
    RenditionTask task = RenditionTask.newBuilder()
        .setAssetId(asset).setCorrelationId("c").setSourceUri("file:///src/" + asset + ".mp4").setSourceDurationSeconds(1)
        .setRung(RungSpec.newBuilder().setName(rung).setKind(RungKind.VIDEO).setCodec("h264").setProfile("high")
            .setWidth(640).setHeight(360).setFrameRate(25).setBitrateKbps(600).setMaxBitrateKbps(900)
            .setBufferKbits(1200).setGopSeconds(2).setSegmentSeconds(4).build())
        .setOutputPrefix("assets/" + asset + "/" + rung + "/").setIssuedAt(Instant.EPOCH)
        .build();
    return new ConsumerRecord<>(p.topic(), p.partition(), offset, asset + "/" + rung, task);
  }
}
