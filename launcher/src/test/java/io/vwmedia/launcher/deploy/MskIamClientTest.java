package io.vwmedia.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vwmedia.config.Settings;
import io.vwmedia.topics.KafkaConnection;
import io.vwmedia.topics.KafkaSettings;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The settings the Kubernetes manifests give for Amazon MSK ({@code SASL_SSL} + {@code AWS_MSK_IAM}) make a real Kafka
 * client from the jar's own classpath: the IAM login module and callback handler load (aws-msk-iam-auth ships in
 * the image). No MSK here, so nothing is sent; the login runs at start-up, authentication at the first connection.
 */
class MskIamClientTest {

  @Test
  void aKafkaClientConfiguredForMskIamStartsWithTheJarsOwnClasses() {
    KafkaConnection msk = KafkaSettings.from(Settings.of(Map.of("vw.kafka.bootstrap-servers", "127.0.0.1:9",
        "vw.kafka.security-protocol", "SASL_SSL", "vw.kafka.sasl-mechanism", "AWS_MSK_IAM"))).connection();

    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(msk.clientConfig(Map.of("client.id", "msk-iam-check")),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      assertThat(producer.metrics()).isNotEmpty();
      producer.close(Duration.ZERO);
    }
  }
}
