package io.vwmedia.aws;

import io.vwmedia.storage.CdnInvalidator;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;

/**
 * Invalidates changed manifests on a CloudFront distribution after each publish. The caller reference is derived
 * from the publish and its paths, so a publish retried after a crash sends the same one and CloudFront answers
 * with the invalidation it already has instead of making a second; a later publish of the same asset sends a new
 * one. The SDK retries throttling and server errors with backoff. A failed invalidation is logged, not fatal: the
 * manifests' two-second {@code Cache-Control} bounds how long viewers see the old version.
 */
public final class CloudFrontInvalidator implements CdnInvalidator, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CloudFrontInvalidator.class);

  private final CloudFrontClient cloudFront;
  private final String distributionId;
  private final String pathPrefix;

  /**
   * @param pathPrefix what the distribution's origin path leaves out of a storage key, e.g. the store's key prefix
   *     when the origin points at it: paths are {@code /} + the key without it
   */
  public CloudFrontInvalidator(CloudFrontClient cloudFront, String distributionId, String pathPrefix) {
    this.cloudFront = cloudFront;
    this.distributionId = distributionId;
    this.pathPrefix = pathPrefix;
  }

  /**
   * A CloudFront client signing for {@code us-east-1}, where CloudFront's API lives.
   *
   * @param endpoint a different API endpoint (tests, proxies); CloudFront's own when empty
   */
  public static CloudFrontClient client(Optional<URI> endpoint, AwsCredentialsProvider credentials, int maxAttempts) {
    var builder = CloudFrontClient.builder()
        .region(Region.US_EAST_1)
        .credentialsProvider(credentials)
        .overrideConfiguration(o -> o.retryStrategy(
            AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(maxAttempts).build()));
    endpoint.ifPresent(builder::endpointOverride);
    return builder.build();
  }

  @Override
  public void invalidate(String publishId, List<String> keys) {
    if (keys.isEmpty()) {
      return;
    }
    List<String> paths = keys.stream().map(k -> "/" + (k.startsWith(pathPrefix) ? k.substring(pathPrefix.length()) : k))
        .distinct().sorted().toList();
    String reference = callerReference(publishId, paths);
    try {
      var response = cloudFront.createInvalidation(b -> b.distributionId(distributionId).invalidationBatch(batch -> batch
          .callerReference(reference)
          .paths(p -> p.quantity(paths.size()).items(paths))));
      log.info("CloudFront {}: invalidation {} ({}) of {}", distributionId, response.invalidation().id(),
          response.invalidation().status(), paths);
    } catch (SdkException e) {
      log.error("CloudFront {}: could not invalidate {} for {}: {}", distributionId, paths, publishId, e.getMessage());
    }
  }

  /** {@code vw-} and a SHA-256 of the publish and its paths: the same for a retry, at most CloudFront's 128 characters. */
  static String callerReference(String publishId, List<String> paths) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(publishId.getBytes(StandardCharsets.UTF_8));
      for (String p : paths) {
        sha.update((byte) 0);
        sha.update(p.getBytes(StandardCharsets.UTF_8));
      }
      return "vw-" + HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    cloudFront.close();
  }
}
