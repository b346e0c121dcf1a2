package io.vwmedia.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vwmedia.config.ConfigException;
import io.vwmedia.config.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the {@code vw.kafka.*} settings become every client's way to the cluster: plain text, MSK with IAM, SCRAM. */
class KafkaSettingsTest {

  @Test
  void aLocalClusterIsPlainTextWithNoSecurityConfigs() {
    KafkaConnection c = KafkaSettings.from(Settings.of(Map.of("vw.kafka.bootstrap-servers", "kafka:9092"))).connection();

    assertThat(c.clientConfig()).containsOnly(Map.entry("bootstrap.servers", "kafka:9092"));
  }

  @Test
  void amazonMskWithIamAuthLogsInAsTheProcesssOwnAwsIdentity() {
    KafkaConnection c = KafkaSettings.from(Settings.of(Map.of("vw.kafka.bootstrap-servers", "b-1.msk:9098",
        "vw.kafka.security-protocol", "SASL_SSL", "vw.kafka.sasl-mechanism", "AWS_MSK_IAM"))).connection();

    assertThat(c.clientConfig()).containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "AWS_MSK_IAM")
        .containsEntry("sasl.jaas.config", "software.amazon.msk.auth.iam.IAMLoginModule required;")
        .containsEntry("sasl.client.callback.handler.class", "software.amazon.msk.auth.iam.IAMClientCallbackHandler");
  }

  @Test
  void scramTakesItsLoginFromTheJaasSettingAndNeverPrintsIt() {
    String jaas = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"vw\" password=\"s3cret\";";
    KafkaConnection c = KafkaSettings.from(Settings.of(Map.of("vw.kafka.security-protocol", "SASL_SSL",
        "vw.kafka.sasl-mechanism", "SCRAM-SHA-512", "vw.kafka.sasl-jaas-config", jaas))).connection();

    assertThat(c.clientConfig()).containsEntry("sasl.jaas.config", jaas).containsEntry("sasl.mechanism", "SCRAM-SHA-512");
    assertThat(c.toString()).doesNotContain("s3cret").contains("SASL_SSL");
  }

  @Test
  void aMechanismWithoutASaslProtocolOrTheOtherWayRoundIsRefusedAtStartUp() {
    assertThatThrownBy(() -> KafkaSettings.from(Settings.of(Map.of("vw.kafka.sasl-mechanism", "AWS_MSK_IAM"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("vw.kafka.security-protocol=SASL_SSL");
    assertThatThrownBy(() -> KafkaSettings.from(Settings.of(Map.of("vw.kafka.security-protocol", "SASL_SSL"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("needs vw.kafka.sasl-mechanism");
    assertThatThrownBy(() -> KafkaSettings.from(Settings.of(Map.of("vw.kafka.security-protocol", "SASL_SSL",
        "vw.kafka.sasl-mechanism", "SCRAM-SHA-512"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("needs vw.kafka.sasl-jaas-config");
  }
}
