package io.vwmedia.ffmpeg.source;

import java.net.URI;

/**
 * Turns an object-store source ({@code s3://bucket/key}) into a short-lived {@code https} URL that FFmpeg can open,
 * signed with this process's own credentials (its IAM role on EKS), so a producer can name an upload where it lies
 * instead of pre-signing it. Given to a {@link SourcePolicy} by whoever holds the credentials.
 */
@FunctionalInterface
public interface SourceSigner {

  URI sign(URI objectUri) throws SourceRefusedException;
}
