package io.vwmedia.launcher.stack;

import io.vwmedia.aws.S3SourceUrls;
import io.vwmedia.config.Settings;
import io.vwmedia.ffmpeg.source.SourceRefusedException;
import io.vwmedia.worker.WorkerConfig;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Gives the workers what {@code s3:} sources need when {@code vw.source.schemes} allows them: a signer with the
 * process's own AWS credentials (the SDK's default chain: IRSA on EKS), so a producer can name an upload by its
 * {@code s3://bucket/key}. A source that cannot be signed is refused with the reason, like any other refused source.
 */
public final class ObjectSources {

  private ObjectSources() {}

  public static WorkerConfig signing(WorkerConfig config, Settings settings) {
    if (!config.sources().allowsObjectSources()) {
      return config;
    }
    S3SourceUrls urls = S3SourceUrls.from(settings, DefaultCredentialsProvider.builder().build());
    return config.withSources(config.sources().withSigner(uri -> {
      try {
        return urls.url(uri);
      } catch (SdkException | IllegalArgumentException e) {
        throw new SourceRefusedException("the source " + uri + " cannot be signed for reading: " + e.getMessage());
      }
    }));
  }
}
