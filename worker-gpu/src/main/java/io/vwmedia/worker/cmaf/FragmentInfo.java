package io.vwmedia.worker.cmaf;

/**
 * Timing of one CMAF media segment, read from its movie fragments.
 *
 * @param baseDecodeTime tfdt of the first fragment, in the track's timescale
 * @param earliestPresentationTime decode time plus composition offset of the first sample: where the segment
 *     starts on the presentation timeline (B-frames put it a few frames after the decode time)
 * @param duration sum of all sample durations, in the track's timescale
 * @param sampleCount number of samples (frames)
 * @param startsWithSyncSample whether the first sample is a sync sample (a keyframe)
 * @param firstSampleEnd bytes from the start of the segment to the end of its first sample's data: with the
 *     segment starting on a keyframe, the byte range an HLS I-frame playlist names for it
 */
public record FragmentInfo(long baseDecodeTime, long earliestPresentationTime, long duration, int sampleCount,
    boolean startsWithSyncSample, long firstSampleEnd) {}
