package io.vwmedia.simulation.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Plans an upload into tasks as vw-media does: one task per rung of the ladder the source gets (none above its
 * height) plus one audio task; with the chunk rule, each video rung of a long source as chunks of whole segments
 * (audio stays one task per asset: AAC frames do not divide the grid).
 */
public final class TaskPlanner {

  private final Ladder ladder;
  private final ChunkRule chunkRule;
  private final TaskOrder order;

  public TaskPlanner(Ladder ladder, ChunkRule chunkRule, TaskOrder order) {
    this.ladder = ladder;
    this.chunkRule = chunkRule;
    this.order = order;
  }

  public List<Task> plan(Upload upload) {
    List<Task> tasks = new ArrayList<>();
    List<Rung> video = ladder.videoFor(upload.sourceHeight());
    List<Span> spans = chunkRule.spans(upload.seconds(), video.get(video.size() - 1).height(),
        ladder.chunksSizedAtHeight());
    for (Rung rung : video) {
      for (Span span : spans) {
        tasks.add(new Task(upload, rung, span, spans.size(), false));
      }
    }
    if (ladder.audio() != null) {
      tasks.add(new Task(upload, ladder.audio(), new Span(0, 0, upload.seconds()), 1, false));
    }
    Comparator<Task> lowestFirst = Comparator.comparing((Task t) -> !t.rung().audio())
        .thenComparingInt(t -> t.rung().height()).thenComparingInt(t -> t.span().index());
    Comparator<Task> longestFirst = Comparator.comparing((Task t) -> t.rung().audio())
        .thenComparing(Comparator.comparingInt((Task t) -> t.rung().height()).reversed())
        .thenComparing(Comparator.comparingDouble((Task t) -> t.span().seconds()).reversed())
        .thenComparingInt(t -> t.span().index());
    tasks.sort(order == TaskOrder.LOWEST_FIRST ? lowestFirst : longestFirst);
    return tasks;
  }

  public Ladder ladder() {
    return ladder;
  }

  /** The video rungs and audio an upload's first playable version needs: the lowest video rung and the audio. */
  public boolean neededForFirstPlayable(Upload upload, Rung rung) {
    return rung.audio() || rung.equals(ladder.videoFor(upload.sourceHeight()).get(0));
  }
}
