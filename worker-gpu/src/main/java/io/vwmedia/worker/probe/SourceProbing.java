package io.vwmedia.worker.probe;

import io.vwmedia.events.ProbeKind;
import io.vwmedia.events.ProbeResult;
import io.vwmedia.events.ProbeTask;
import io.vwmedia.events.RatePoints;
import io.vwmedia.events.RateQualityEncodes;
import io.vwmedia.ffmpeg.probe.SourceInfo;
import io.vwmedia.ffmpeg.probe.SourceProber;
import io.vwmedia.ffmpeg.probe.SourceRejectedException;
import io.vwmedia.ffmpeg.quality.RateQualityProbe;
import io.vwmedia.ffmpeg.source.FfmpegInput;
import io.vwmedia.ffmpeg.source.SourcePolicy;
import io.vwmedia.ffmpeg.source.SourceRefusedException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one probe task: the source is checked against this worker's source policy before FFmpeg or ffprobe opens
 * it, then probed (SOURCE: what it is, and whether it is within the limits) or measured (RATE_QUALITY: two probe
 * encodes per rung). Never throws for a bad source: the refusal, with its reason, is the result.
 */
public final class SourceProbing {

  private static final Logger log = LoggerFactory.getLogger(SourceProbing.class);

  private final SourcePolicy sources;
  private final SourceProber prober;
  private final RateQualityProbe rateQuality;
  private final String workerId;
  private final Clock clock;

  public SourceProbing(SourcePolicy sources, SourceProber prober, RateQualityProbe rateQuality, String workerId, Clock clock) {
    this.sources = sources;
    this.prober = prober;
    this.rateQuality = rateQuality;
    this.workerId = workerId;
    this.clock = clock;
  }

  public ProbeResult probe(ProbeTask task) throws InterruptedException {
    long started = System.nanoTime();
    ProbeResult.Builder result = ProbeResult.newBuilder()
        .setAssetId(task.getAssetId())
        .setCorrelationId(task.getCorrelationId())
        .setKind(task.getKind())
        .setWorker(workerId);
    try {
      FfmpegInput input = sources.check(task.getSourceUri());
      if (task.getKind() == ProbeKind.SOURCE) {
        result.setSource(prober.probe(input).toEvent());
      } else {
        result.setPoints(measure(task, input));
      }
    } catch (SourceRefusedException | SourceRejectedException e) {
      log.warn("{}: {} probe refused the source: {}", task.getAssetId(), task.getKind(), e.getMessage());
      result.setError(e.getMessage());
    } catch (IllegalStateException | IllegalArgumentException e) {
      log.error("{}: {} probe could not run: {}", task.getAssetId(), task.getKind(), e.getMessage());
      result.setError(e.getMessage());
    }
    return result
        .setDurationMs((System.nanoTime() - started) / 1_000_000)
        .setFinishedAt(clock.instant())
        .build();
  }

  private Map<String, RatePoints> measure(ProbeTask task, FfmpegInput input) throws InterruptedException {
    RateQualityEncodes e = task.getEncodes();
    if (task.getSource() == null || e == null) {
      throw new IllegalArgumentException("a rate-quality probe task needs the source's description and its encodes");
    }
    Map<String, RateQualityProbe.Points> measured = rateQuality.probe(input, SourceInfo.of(task.getSource()), task.getRungs(),
        new RateQualityProbe.Encodes(e.getSeconds(), e.getPreset(), e.getQualityCrf(), e.getEconomyCrf()));
    if (measured.isEmpty()) {
      throw new IllegalStateException("the per-title probe encodes failed or took too long");
    }
    Map<String, RatePoints> points = new LinkedHashMap<>();
    measured.forEach((rung, p) -> points.put(rung, RatePoints.newBuilder()
        .setHighKbps(p.highKbps()).setHighPsnr(p.highPsnr()).setLowKbps(p.lowKbps()).setLowPsnr(p.lowPsnr()).build()));
    return points;
  }
}
