package io.vwmedia.worker;

import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RenditionTask;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Predicate;

/**
 * The FFmpeg runs of one source's tasks from one poll ({@link EncodeGroups}), handed out in order and each started at
 * the latest when it is reached: one after the other, or with {@code vw.worker.overlap-encodes} every later run
 * together with the first, behind it in CPU priority ({@link RungTranscoder#behind}), on the cores it leaves idle.
 */
final class SourceEncodes implements AutoCloseable {

  /** FFmpeg runs at once with {@code vw.worker.overlap-encodes}; more wait for a free thread. */
  private static final int MAX_AT_ONCE = 4;

  /** One FFmpeg run under way: its tasks, and their results in the same order once it is done. */
  record Encode(List<RenditionTask> tasks, Future<List<RenditionResult>> results) {}

  private final RungTranscoder transcoder;
  private final boolean overlap;
  private final ExecutorService threads;

  SourceEncodes(RungTranscoder transcoder, String threadName) {
    this.transcoder = transcoder;
    this.overlap = transcoder.overlapsEncodes();
    this.threads = overlap ? TaskClients.workThreads(threadName, MAX_AT_ONCE) : TaskClients.workThread(threadName);
  }

  /**
   * The encodes of these groups, in order. Each starts with the tasks {@code owned} still holds at its start (a
   * partition taken away while an earlier encode ran now belongs to another worker, which encodes its tasks from
   * the last commit: encoding them here too would write the same rung twice); a group with none left is skipped.
   */
  Iterable<Encode> inOrder(List<List<RenditionTask>> groups, Predicate<RenditionTask> owned, ProgressListener progress,
      LiveReports live) {
    return () -> new Iterator<>() {
      private final Map<Integer, Encode> startedAhead = new HashMap<>();
      private int next;
      private Encode upcoming;

      @Override
      public boolean hasNext() {
        while (upcoming == null && next < groups.size()) {
          int g = next++;
          upcoming = startedAhead.containsKey(g) ? startedAhead.remove(g) : start(groups.get(g), transcoder);
          if (g == 0 && overlap) {
            RungTranscoder behind = transcoder.behind();
            for (int later = 1; later < groups.size(); later++) {
              startedAhead.put(later, start(groups.get(later), behind));
            }
          }
        }
        return upcoming != null;
      }

      @Override
      public Encode next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Encode encode = upcoming;
        upcoming = null;
        return encode;
      }

      private Encode start(List<RenditionTask> group, RungTranscoder by) {
        List<RenditionTask> tasks = group.stream().filter(owned).toList();
        return tasks.isEmpty() ? null : new Encode(tasks, threads.submit(() -> by.transcodeGroup(tasks, progress, live)));
      }
    };
  }

  /** Stops every encode under way (their FFmpeg is killed) and takes no more. */
  @Override
  public void close() {
    threads.shutdownNow();
  }
}
