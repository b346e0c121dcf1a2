package io.vwmedia.simulation.cluster;

import io.vwmedia.simulation.model.Rung;
import io.vwmedia.simulation.model.Task;
import io.vwmedia.simulation.model.Upload;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One asset's progress as the aggregator keeps it: per rung, which chunks have a result (the first result of a chunk
 * wins, duplicates and late speculative copies are ignored); playable once the lowest video rung and the audio are
 * done, published once every rung is terminal. Also keeps each rung's finished chunk run times, for speculation.
 */
final class AssetProgress {

  final Upload upload;
  private final Map<String, boolean[]> done = new HashMap<>();
  private final Map<String, List<Double>> chunkSeconds = new HashMap<>();
  private final Map<String, boolean[]> speculated = new HashMap<>();
  private final List<Rung> firstPlayableRungs;
  private int rungsLeft;
  private int rungsFailed;
  double playableAt = Double.NaN;
  double publishedAt = Double.NaN;
  int pendingPlayable;

  AssetProgress(Upload upload, List<Task> plan, List<Rung> firstPlayableRungs) {
    this.upload = upload;
    this.firstPlayableRungs = firstPlayableRungs;
    for (Task t : plan) {
      if (!done.containsKey(t.rung().name())) {
        done.put(t.rung().name(), new boolean[t.chunks()]);
        speculated.put(t.rung().name(), new boolean[t.chunks()]);
        chunkSeconds.put(t.rung().name(), new ArrayList<>());
        rungsLeft++;
      }
    }
  }

  /** Records a result; true when it was the first for its chunk. */
  boolean finished(Task task, double runSeconds) {
    boolean[] chunks = done.get(task.rung().name());
    if (chunks[task.span().index()]) {
      return false;
    }
    chunks[task.span().index()] = true;
    chunkSeconds.get(task.rung().name()).add(runSeconds);
    if (rungDone(task.rung().name())) {
      rungsLeft--;
    }
    return true;
  }

  void rungFailed(Task task) {
    boolean[] chunks = done.get(task.rung().name());
    if (!rungDone(task.rung().name())) {
      java.util.Arrays.fill(chunks, true);
      rungsLeft--;
      rungsFailed++;
    }
  }

  boolean chunkDone(Task task) {
    return done.get(task.rung().name())[task.span().index()];
  }

  boolean rungDone(String rung) {
    for (boolean b : done.get(rung)) {
      if (!b) {
        return false;
      }
    }
    return true;
  }

  boolean playable() {
    return firstPlayableRungs.stream().allMatch(r -> rungDone(r.name()));
  }

  boolean terminal() {
    return rungsLeft == 0;
  }

  boolean degraded() {
    return rungsFailed > 0;
  }

  List<Double> finishedChunkSeconds(Task task) {
    return chunkSeconds.get(task.rung().name());
  }

  /** Marks the chunk as copied; false when it already was. */
  boolean markSpeculated(Task task) {
    boolean[] s = speculated.get(task.rung().name());
    if (s[task.span().index()]) {
      return false;
    }
    s[task.span().index()] = true;
    return true;
  }
}
