package io.vwmedia.aws;

import io.vwmedia.storage.ContentTypes;
import io.vwmedia.storage.ObjectStore;
import io.vwmedia.storage.StorageKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The object store on S3 or any S3-compatible server, through the AWS SDK for Java v2. Every object goes up with
 * its {@code Content-Type} and {@code Cache-Control} ({@link ContentTypes}: a year and immutable for segments, two
 * seconds for manifests), so a CDN in front caches each right; files past the multipart threshold go up in parts,
 * and a failed multipart upload is aborted so no orphaned parts are billed. The SDK retries each request with
 * backoff. A PUT on S3 is atomic per object, as the port requires.
 */
public final class S3ObjectStore implements ObjectStore, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(S3ObjectStore.class);

  private final S3Client s3;
  private final S3Config config;

  public S3ObjectStore(S3Client s3, S3Config config) {
    this.s3 = s3;
    this.config = config;
  }

  /** A client for this configuration, with the given credentials (the SDK's default chain in production). */
  public static S3Client client(S3Config config, AwsCredentialsProvider credentials) {
    var builder = S3Client.builder()
        .region(Region.of(config.region()))
        .credentialsProvider(credentials)
        .forcePathStyle(config.pathStyle())
        .overrideConfiguration(o -> o.retryStrategy(
            AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(config.maxAttempts()).build()));
    config.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  private String fullKey(String key) {
    return config.prefix() + StorageKeys.validate(key);
  }

  @Override
  public void put(String key, Path file, String contentType) {
    String full = fullKey(key);
    try {
      long size = Files.size(file);
      if (size >= config.multipartThresholdBytes()) {
        putInParts(key, full, file, size, contentType);
      } else {
        s3.putObject(b -> b.bucket(config.bucket()).key(full).contentType(contentType)
            .cacheControl(ContentTypes.cacheControl(key)), RequestBody.fromFile(file));
      }
    } catch (IOException e) {
      throw ObjectStore.failure("put", key, e);
    } catch (SdkException e) {
      throw failure("put", key, e);
    }
  }

  private void putInParts(String key, String full, Path file, long size, String contentType) throws IOException {
    String uploadId = s3.createMultipartUpload(b -> b.bucket(config.bucket()).key(full).contentType(contentType)
        .cacheControl(ContentTypes.cacheControl(key))).uploadId();
    try (InputStream in = Files.newInputStream(file)) {
      List<CompletedPart> parts = new ArrayList<>();
      byte[] buffer = new byte[(int) Math.min(config.partSizeBytes(), size)];
      for (int number = 1; ; number++) {
        int n = in.readNBytes(buffer, 0, buffer.length);
        if (n == 0) {
          break;
        }
        int partNumber = number;
        String etag = s3.uploadPart(b -> b.bucket(config.bucket()).key(full).uploadId(uploadId).partNumber(partNumber)
            .contentLength((long) n), RequestBody.fromBytes(n == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, n)))
            .eTag();
        parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
      }
      s3.completeMultipartUpload(b -> b.bucket(config.bucket()).key(full).uploadId(uploadId)
          .multipartUpload(m -> m.parts(parts)));
      log.debug("uploaded {} in {} parts", full, parts.size());
    } catch (IOException | RuntimeException e) {
      try {
        s3.abortMultipartUpload(b -> b.bucket(config.bucket()).key(full).uploadId(uploadId));
      } catch (SdkException abort) {
        e.addSuppressed(abort);
      }
      throw e;
    }
  }

  @Override
  public void put(String key, byte[] content, String contentType) {
    try {
      s3.putObject(b -> b.bucket(config.bucket()).key(fullKey(key)).contentType(contentType)
          .cacheControl(ContentTypes.cacheControl(key)), RequestBody.fromBytes(content));
    } catch (SdkException e) {
      throw failure("put", key, e);
    }
  }

  @Override
  public byte[] read(String key) {
    try {
      return s3.getObjectAsBytes(b -> b.bucket(config.bucket()).key(fullKey(key))).asByteArray();
    } catch (SdkException e) {
      throw failure("read", key, e);
    }
  }

  @Override
  public boolean exists(String key) {
    try {
      s3.headObject(b -> b.bucket(config.bucket()).key(fullKey(key)));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw failure("check", key, e);
    }
  }

  @Override
  public List<String> list(String prefix) {
    try {
      List<String> keys = new ArrayList<>();
      for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(config.bucket()).prefix(config.prefix() + prefix)).contents()) {
        keys.add(o.key().substring(config.prefix().length()));
      }
      keys.sort(null);
      return keys;
    } catch (SdkException e) {
      throw failure("list", prefix, e);
    }
  }

  @Override
  public void delete(String key) {
    try {
      s3.deleteObject(b -> b.bucket(config.bucket()).key(fullKey(key)));
    } catch (SdkException e) {
      throw failure("delete", key, e);
    }
  }

  @Override
  public void deletePrefix(String prefix) {
    List<String> keys = list(prefix);
    try {
      for (int from = 0; from < keys.size(); from += 1000) {
        List<ObjectIdentifier> batch = keys.subList(from, Math.min(keys.size(), from + 1000)).stream()
            .map(k -> ObjectIdentifier.builder().key(config.prefix() + k).build()).toList();
        s3.deleteObjects(b -> b.bucket(config.bucket()).delete(Delete.builder().objects(batch).quiet(true).build()));
      }
    } catch (SdkException e) {
      throw failure("delete", prefix, e);
    }
  }

  /**
   * The object's URL on the endpoint, path-style or virtual-hosted as the store is addressed (a CDN in front is
   * {@code vw.publish.base-url}, which the publisher applies).
   */
  @Override
  public String locate(String key) {
    String full = fullKey(key);
    if (config.endpoint().isPresent()) {
      String base = config.endpoint().get().toString().replaceAll("/+$", "");
      return config.pathStyle() ? base + "/" + config.bucket() + "/" + full : base.replace("://", "://" + config.bucket() + ".") + "/" + full;
    }
    return "https://" + config.bucket() + ".s3." + config.region() + ".amazonaws.com/" + full;
  }

  private UncheckedIOException failure(String action, String key, SdkException e) {
    return new UncheckedIOException(action + " 's3://" + config.bucket() + "/" + config.prefix() + key + "' failed: "
        + e.getMessage(), new IOException(e));
  }

  @Override
  public void close() {
    s3.close();
  }
}
