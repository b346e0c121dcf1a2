package io.vwmedia.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * CloudFront cannot run here: the real AWS SDK client talks to a local HTTP endpoint that records each
 * CreateInvalidation request as it arrives on the wire and answers as CloudFront's 2020-05-31 API does.
 */
class CloudFrontInvalidatorAgainstLocalEndpointTest {

  record Received(String method, String path, String authorization, String body) {}

  LocalEndpoint endpoint;
  final List<Received> received = new CopyOnWriteArrayList<>();
  final AtomicInteger failuresToSend = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    endpoint = LocalEndpoint.start(request -> {
      String body = request.text();
      received.add(new Received(request.method(), request.path(), request.headers().getFirst("Authorization"), body));
      if (failuresToSend.getAndDecrement() > 0) {
        return LocalEndpoint.Response.empty(503);
      }
      String answer = "<?xml version=\"1.0\"?>"
          + "<Invalidation xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\">"
          + "<Id>I" + received.size() + "</Id><Status>InProgress</Status><CreateTime>2026-11-24T10:00:00Z</CreateTime>"
          + "<InvalidationBatch>" + body.replaceAll("(?s).*<InvalidationBatch[^>]*>(.*)</InvalidationBatch>.*", "$1")
          + "</InvalidationBatch></Invalidation>";
      return new LocalEndpoint.Response(201, "text/xml", answer.getBytes(StandardCharsets.UTF_8));
    });
  }

  @AfterEach
  void stop() {
    endpoint.close();
  }

  private CloudFrontInvalidator invalidator() {
    return new CloudFrontInvalidator(CloudFrontInvalidator.client(Optional.of(endpoint.uri()),
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")), 3), "E2VWMEDIA", "media/");
  }

  private static List<String> all(String xml, String tag) {
    Matcher m = Pattern.compile("<" + tag + ">([^<]*)</" + tag + ">").matcher(xml);
    List<String> values = new java.util.ArrayList<>();
    while (m.find()) values.add(m.group(1));
    return values;
  }

  @Test
  void invalidatesTheChangedManifestPathsWithASignedRequest() {
    try (CloudFrontInvalidator cdn = invalidator()) {
      cdn.invalidate("a1@1000", List.of("media/assets/a1/master.m3u8", "media/assets/a1/manifest.mpd"));
    }

    assertThat(received).hasSize(1);
    Received r = received.get(0);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/2020-05-31/distribution/E2VWMEDIA/invalidation");
    assertThat(r.authorization()).startsWith("AWS4-HMAC-SHA256 Credential=AKIDTEST/").contains("/us-east-1/cloudfront/aws4_request");
    assertThat(all(r.body(), "Path")).containsExactly("/assets/a1/manifest.mpd", "/assets/a1/master.m3u8");
    assertThat(all(r.body(), "Quantity")).containsExactly("2");
    assertThat(all(r.body(), "CallerReference").get(0)).startsWith("vw-").hasSize(67);
  }

  @Test
  void retriesAServerErrorWithTheSameCallerReferenceSoCloudFrontMakesOneInvalidation() {
    failuresToSend.set(1);
    try (CloudFrontInvalidator cdn = invalidator()) {
      cdn.invalidate("a1@1000", List.of("media/assets/a1/master.m3u8"));
    }

    assertThat(received).hasSize(2);
    assertThat(all(received.get(0).body(), "CallerReference")).isEqualTo(all(received.get(1).body(), "CallerReference"));
  }

  @Test
  void aRepeatedPublishSendsTheSameReferenceAndALaterPublishANewOne() {
    try (CloudFrontInvalidator cdn = invalidator()) {
      cdn.invalidate("a1@1000", List.of("media/assets/a1/master.m3u8"));
      cdn.invalidate("a1@1000", List.of("media/assets/a1/master.m3u8"));
      cdn.invalidate("a1@2000", List.of("media/assets/a1/master.m3u8"));
    }

    List<String> references = received.stream().map(r -> all(r.body(), "CallerReference").get(0)).toList();
    assertThat(references.get(0)).isEqualTo(references.get(1));
    assertThat(references.get(2)).isNotEqualTo(references.get(0));
  }

  @Test
  void aFailedInvalidationIsLoggedAndDoesNotFailThePublish() {
    failuresToSend.set(10);
    try (CloudFrontInvalidator cdn = invalidator()) {
      cdn.invalidate("a1@1000", List.of("media/assets/a1/master.m3u8"));
    }

    assertThat(received).as("three attempts, as configured").hasSize(3);
  }
}
