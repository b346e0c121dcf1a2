package io.vwmedia.simulation.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

class KafkaPartitionerTest {

  @Test
  void putsAKeyOnThePartitionKafkasDefaultPartitionerDoes() {
    for (String key : new String[] {"a/360p", "clip-1a2b3c4d/audio", "x/2160p/17", "", "é/720p"}) {
      byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
      assertThat(KafkaPartitioner.murmur2(bytes)).isEqualTo(Utils.murmur2(bytes));
      assertThat(KafkaPartitioner.partition(key, 12)).isEqualTo(Utils.toPositive(Utils.murmur2(bytes)) % 12);
    }
  }
}
