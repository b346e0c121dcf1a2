package io.vwmedia.worker;

import io.vwmedia.events.RenditionTask;
import io.vwmedia.events.RungKind;
import io.vwmedia.ffmpeg.encode.EncodeFailedException;
import io.vwmedia.ffmpeg.encode.Encoder;
import io.vwmedia.ffmpeg.encode.EncoderSelection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one encode on the worker's encoder for the rung's codec and, when that was a GPU encode and it failed, once more
 * on the CPU encoder, telling the listener so: whole rungs and chunks fall back alike. Audio runs once (no encoder).
 */
final class GpuFallback {

  private static final Logger log = LoggerFactory.getLogger(GpuFallback.class);

  /** One encode into the scratch folder on the given encoder (null for audio). */
  @FunctionalInterface
  interface Encode {
    void run(Encoder encoder) throws EncodeFailedException, InterruptedException;
  }

  private final EncoderSelection encoders;
  private volatile EncoderFallbackListener listener = EncoderFallbackListener.NONE;

  GpuFallback(EncoderSelection encoders) {
    this.encoders = encoders;
  }

  void reportTo(EncoderFallbackListener listener) {
    this.listener = listener;
  }

  /** Encodes into {@code scratch}; returns the encoder that made what is there (null for audio). */
  Encoder encode(RenditionTask task, Path scratch, Encode encode)
      throws EncodeFailedException, InterruptedException, IOException {
    boolean video = task.getRung().getKind() == RungKind.VIDEO;
    String codec = task.getRung().getCodec();
    Encoder used = video ? encoders.primary(codec) : null;
    try {
      encode.run(used);
      return used;
    } catch (EncodeFailedException e) {
      Optional<Encoder> fallback = video ? encoders.fallback(codec) : Optional.empty();
      if (!video || !used.usesGpu() || fallback.isEmpty()) {
        throw e;
      }
      log.warn("{}/{}: {} failed, retrying on {}: {}", task.getAssetId(), task.getRung().getName(), used.name(),
          fallback.get().name(), e.getMessage());
      listener.onFallback(task, used.name(), fallback.get().name(), e.getMessage());
      clean(scratch);
      encode.run(fallback.get());
      return fallback.get();
    }
  }

  /** Removes what the failed encode left, so the retry's output is all there is. */
  private static void clean(Path scratch) throws IOException {
    try (Stream<Path> files = Files.list(scratch)) {
      for (Path f : files.toList()) {
        RungTranscoder.deleteQuietly(f);
      }
    }
  }
}
