package io.vwmedia.launcher.trial;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * One task of the share-group trial: an id, how long its work takes (a sleep standing in for an encode: the subject
 * is dispatch, not FFmpeg) and when it was produced. Travels as the record value {@code id;workMs;producedAtMs}.
 */
record TrialTask(int id, long workMs, long producedAtMs) {

  String encode() {
    return id + ";" + workMs + ";" + producedAtMs;
  }

  static TrialTask decode(String value) {
    String[] f = value.split(";");
    return new TrialTask(Integer.parseInt(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]));
  }

  TrialTask producedAt(long epochMs) {
    return new TrialTask(id, workMs, epochMs);
  }

  /**
   * {@code count} tasks whose work is drawn from a lognormal around {@code medianMs} (chunk encodes of about a
   * minute, scaled down: 60 s becomes 1 s), clipped to half and twice the median, with {@code stragglers} of them
   * ten times the median (a slow node, a hard scene). Shuffled, so stragglers land anywhere; the seed makes a run's
   * workload the same for both dispatch modes.
   */
  static List<TrialTask> workload(int count, long medianMs, double sigma, int stragglers, long seed) {
    Random random = new Random(seed);
    List<Long> work = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      double drawn = medianMs * Math.exp(sigma * random.nextGaussian());
      long ms = Math.round(Math.max(medianMs / 2.0, Math.min(medianMs * 2.0, drawn)));
      work.add(i < stragglers ? medianMs * 10 : ms);
    }
    Collections.shuffle(work, random);
    List<TrialTask> tasks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      tasks.add(new TrialTask(i, work.get(i), 0));
    }
    return tasks;
  }
}
