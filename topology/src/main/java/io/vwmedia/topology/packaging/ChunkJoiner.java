package io.vwmedia.topology.packaging;

import io.vwmedia.events.ChunkSpec;
import io.vwmedia.events.ChunkState;
import io.vwmedia.events.FailureClass;
import io.vwmedia.events.QualityScores;
import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RenditionTask;
import io.vwmedia.events.RungStatus;
import io.vwmedia.events.Segment;
import io.vwmedia.storage.AssetLayout;
import io.vwmedia.storage.ObjectStore;
import io.vwmedia.storage.SegmentTimeline;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Makes one rung of the chunks it was encoded in, once every chunk is DONE: their timelines joined into the rung's
 * ({@code timeline.tsv} in the rung's folder, each segment named by its chunk copy's folder, so the manifests point
 * into the folders the workers wrote and nothing is copied), after checking that the chunks are one rung: the same
 * init segment (by digest), and each chunk starting where the one before it ends. The result reads as a whole
 * rung's to the aggregator and the packager. Also fails a rung for a chunk that failed.
 */
public final class ChunkJoiner {

  private final ObjectStore store;
  private final Clock clock;

  public ChunkJoiner(ObjectStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * The rung made of its chunks, every one DONE, in order: DONE, or FAILED when they do not make one rung (or a
   * chunk's timeline is unreadable). A storage error is thrown: the record is processed again.
   */
  public RenditionResult join(List<ChunkState> chunks) {
    try {
      return joined(chunks);
    } catch (IllegalArgumentException e) {
      return failed(chunks.get(0).getTask(), "the chunks could not be joined: " + e.getMessage(), FailureClass.ENCODER,
          chunks);
    }
  }

  private RenditionResult joined(List<ChunkState> chunks) {
    RenditionTask first = chunks.get(0).getTask();
    String rungPrefix = first.getOutputPrefix();
    List<RenditionResult> done = chunks.stream().map(ChunkState::getOutcome).toList();
    String digest = done.get(0).getInitDigest();
    List<Segment> segments = new ArrayList<>();
    int timescale = done.get(0).getTimescale();
    for (int i = 0; i < done.size(); i++) {
      RenditionResult chunk = done.get(i);
      ChunkSpec spec = chunk.getChunk();
      if (digest == null || !digest.equals(chunk.getInitDigest()) || chunk.getTimescale() != timescale) {
        return failed(first, "chunk " + describe(spec) + " has another init segment than chunk 1 (digest "
            + chunk.getInitDigest() + ", timescale " + chunk.getTimescale() + " against " + digest + ", " + timescale
            + "): the chunks are not one rung", FailureClass.ENCODER, chunks);
      }
      SegmentTimeline timeline = SegmentTimeline.read(store, chunk.getTimeline());
      String folder = AssetLayout.withinRung(rungPrefix, chunk.getOutputPrefix());
      for (Segment s : timeline.segments()) {
        if (!segments.isEmpty()) {
          Segment last = segments.get(segments.size() - 1);
          if (s.getStart() != last.getStart() + last.getDuration()) {
            return failed(first, String.format(Locale.ROOT,
                "chunk %s: segment %s starts at %d, not where the one before it ends (%d, timescale %d)",
                describe(spec), s.getFile(), s.getStart(), last.getStart() + last.getDuration(), timescale),
                FailureClass.ENCODER, chunks);
          }
        }
        segments.add(new Segment(folder + s.getFile(), s.getStart(), s.getDuration(), s.getBytes(), s.getKeyframeBytes()));
      }
    }
    SegmentTimeline joined = new SegmentTimeline(timescale, segments);
    String timelineKey = joined.store(store, rungPrefix);
    long average = joined.durationTicks() == 0 ? 0 : Math.round(joined.bytes() * 8.0 * timescale / joined.durationTicks());
    RenditionResult base = done.get(0);
    return RenditionResult.newBuilder(base)
        .setOutputPrefix(rungPrefix)
        .setInitSegment(AssetLayout.withinRung(rungPrefix, base.getOutputPrefix()) + base.getInitSegment())
        .setTimeline(timelineKey)
        .setSegments(List.of())
        .setSegmentCount(segments.size())
        .setDurationTicks(joined.durationTicks())
        .setSegmentBytes(joined.bytes())
        .setAverageBitrate(average)
        .setPeakBitrate(Math.max(average, joined.peakBitrate())) // over the joins too
        .setQuality(quality(done))
        .setEncodeDurationMs(done.stream().mapToLong(RenditionResult::getEncodeDurationMs).sum())
        .setFfmpegEncoder(distinct(done.stream().map(RenditionResult::getFfmpegEncoder).toList()))
        .setWorker(distinct(done.stream().map(RenditionResult::getWorker).toList()))
        .setAttempts(done.stream().mapToInt(RenditionResult::getAttempts).max().orElse(1))
        .setChunk(null)
        .setFinishedAt(clock.instant())
        .build();
  }

  /** The rung FAILED because one of its chunks did: its reason names the chunk. */
  public RenditionResult failedBy(ChunkState chunk, List<ChunkState> siblings) {
    RenditionResult cause = chunk.getOutcome();
    return failed(chunk.getTask(), "chunk " + describe(cause.getChunk()) + ": " + cause.getError(),
        cause.getFailureClass() == null ? FailureClass.ENCODER : cause.getFailureClass(), siblings);
  }

  private RenditionResult failed(RenditionTask task, String error, FailureClass failureClass, List<ChunkState> chunks) {
    return RenditionResult.newBuilder()
        .setAssetId(task.getAssetId())
        .setCorrelationId(task.getCorrelationId())
        .setRung(task.getRung())
        .setStatus(RungStatus.FAILED)
        .setError(error)
        .setFailureClass(failureClass)
        .setRetryable(false)
        .setEncodeDurationMs(chunks.stream().map(ChunkState::getOutcome).filter(Objects::nonNull)
            .mapToLong(RenditionResult::getEncodeDurationMs).sum())
        .setAttempts(chunks.stream().map(ChunkState::getOutcome).filter(Objects::nonNull)
            .mapToInt(RenditionResult::getAttempts).max().orElse(1))
        .setFinishedAt(clock.instant())
        .build();
  }

  /** "3 of 12 (64-96 s)": chunks counted from 1 for people. */
  static String describe(ChunkSpec chunk) {
    return String.format(Locale.ROOT, "%d of %d (%.3f-%.3f s)", chunk.getIndex() + 1, chunk.getCount(),
        chunk.getStartSeconds(), chunk.getEndSeconds());
  }

  /** The chunks' scores weighted by their durations; none unless every chunk was measured. */
  private static QualityScores quality(List<RenditionResult> chunks) {
    if (chunks.stream().anyMatch(c -> c.getQuality() == null)) {
      return null;
    }
    double weights = 0;
    double psnr = 0;
    double ssim = 0;
    double vmaf = 0;
    boolean hasVmaf = chunks.stream().allMatch(c -> c.getQuality().getVmaf() != null);
    for (RenditionResult c : chunks) {
      double w = Math.max(1, c.getDurationTicks());
      weights += w;
      psnr += w * c.getQuality().getPsnr();
      ssim += w * c.getQuality().getSsim();
      vmaf += hasVmaf ? w * c.getQuality().getVmaf() : 0;
    }
    return new QualityScores(psnr / weights, ssim / weights, hasVmaf ? vmaf / weights : null);
  }

  private static String distinct(List<String> values) {
    String joined = values.stream().filter(Objects::nonNull).distinct().collect(Collectors.joining(","));
    return joined.isEmpty() ? null : joined;
  }

}
