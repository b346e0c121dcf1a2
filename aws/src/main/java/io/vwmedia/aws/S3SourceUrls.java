package io.vwmedia.aws;

import io.vwmedia.config.Settings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Short-lived GET URLs for sources named where they lie ({@code s3://bucket/key}), signed with this process's own
 * credentials (the worker's IAM role on EKS, which may read the sources bucket), in the region and endpoint of
 * {@code vw.storage.s3.*}. FFmpeg opens the URL as any https source. A URL signed with temporary credentials lives at
 * most as long as they do; FFmpeg opens it at once, and every encode signs its own.
 */
public final class S3SourceUrls implements AutoCloseable {

  static final Duration VALIDITY = Duration.ofHours(6);

  private final S3Presigner presigner;

  public S3SourceUrls(S3Presigner presigner) {
    this.presigner = presigner;
  }

  public static S3SourceUrls from(Settings s, AwsCredentialsProvider credentials) {
    Optional<URI> endpoint = s.find(StorageSettings.S3_ENDPOINT);
    var builder = S3Presigner.builder().region(Region.of(s.get(StorageSettings.S3_REGION))).credentialsProvider(credentials)
        .serviceConfiguration(S3Configuration.builder()
            .pathStyleAccessEnabled(s.find(StorageSettings.S3_PATH_STYLE).orElse(endpoint.isPresent())).build());
    endpoint.ifPresent(builder::endpointOverride);
    return new S3SourceUrls(builder.build());
  }

  /** The signed URL of {@code s3://bucket/key}. */
  public URI url(URI object) {
    if (!"s3".equalsIgnoreCase(object.getScheme()) || object.getHost() == null || object.getPath() == null
        || object.getPath().length() < 2) {
      throw new IllegalArgumentException("not s3://bucket/key: " + object);
    }
    String key = object.getPath().substring(1);
    try {
      return presigner.presignGetObject(p -> p.signatureDuration(VALIDITY)
          .getObjectRequest(g -> g.bucket(object.getHost()).key(key))).url().toURI();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    presigner.close();
  }
}
