package io.vwmedia.worker.cmaf;

import io.vwmedia.events.ChunkSpec;
import io.vwmedia.ffmpeg.encode.FrameGrid;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What a chunk's segments must show, read back from the files, before the chunk counts: as many segments as planned,
 * each starting on a sync sample, the first sample's decode time where the chunk starts on the rung's timeline, and
 * exactly the planned frames. A chunk that passes fits between its neighbours with no gap, overlap or undecodable
 * start; one that does not is refused with what was found against what was planned.
 */
public final class ChunkCheck {

  private ChunkCheck() {}

  /**
   * @param init the chunk's init segment
   * @param segments its media segments, in order
   * @throws CmafFormatException naming the first thing that differs from the plan
   */
  public static void verify(Path init, List<Path> segments, ChunkSpec chunk, FrameGrid grid) throws IOException {
    String which = "chunk " + chunk.getIndex() + " (frames " + chunk.getFirstFrame() + " to "
        + (chunk.getFirstFrame() + chunk.getFrameCount() - 1) + ")";
    if (segments.size() != chunk.getSegmentCount()) {
      throw new CmafFormatException(which + " made " + segments.size() + " segments, planned " + chunk.getSegmentCount());
    }
    TrackInfo track = CmafInspector.readInit(init);
    long frames = 0;
    for (int i = 0; i < segments.size(); i++) {
      FragmentInfo fragment = CmafInspector.readSegment(segments.get(i), track);
      if (!fragment.startsWithSyncSample()) {
        throw new CmafFormatException(which + ": segment " + segments.get(i).getFileName()
            + " does not start with a sync sample");
      }
      if (i == 0) {
        long planned = grid.ticks(chunk.getFirstFrame(), track.timescale());
        if (fragment.baseDecodeTime() != planned) {
          throw new CmafFormatException(which + " starts at decode time " + fragment.baseDecodeTime()
              + ", planned " + planned + " (ticks of " + track.timescale() + ")");
        }
      }
      frames += fragment.sampleCount();
    }
    if (frames != chunk.getFrameCount()) {
      throw new CmafFormatException(which + " has " + frames + " frames, planned " + chunk.getFrameCount());
    }
  }
}
