package io.vwmedia.simulation.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskPlannerTest {

  static final Path TEMPLATE = Path.of("../topology/src/main/resources/templates/vw-media-hls-v3.json");

  @Test
  void readsTheLadderFromTheTemplateFile() {
    Ladder ladder = Ladder.fromTemplate(TEMPLATE);
    assertThat(ladder.video()).extracting(Rung::name).containsExactly("360p", "720p", "1080p", "2160p");
    assertThat(ladder.audio().audio()).isTrue();
    assertThat(ladder.segmentSeconds()).isEqualTo(4);
    assertThat(ladder.firstSegmentSeconds()).isEqualTo(1);
    assertThat(ladder.chunksSizedAtHeight()).as("chunking.targetChunkAt").isEqualTo(1080);
    assertThat(Ladder.fromTemplate(TEMPLATE.resolveSibling("vw-media-hls-v3-per-title.json")).video()).hasSize(4);
  }

  @Test
  void plansOneTaskPerRungNotAboveTheSourcePlusAudio() {
    TaskPlanner planner = new TaskPlanner(Ladder.fromTemplate(TEMPLATE), ChunkRule.off(), TaskOrder.LOWEST_FIRST);
    List<Task> tasks = planner.plan(new Upload("a", 0, 30, 1080));
    assertThat(tasks).extracting(Task::key).containsExactly("a/audio", "a/360p", "a/720p", "a/1080p");
    assertThat(planner.plan(new Upload("b", 0, 30, 332))).extracting(Task::key).containsExactly("b/audio", "b/360p");
  }

  @Test
  void chunksVideoRungsOfALongSourceLongestFirstAndKeepsAudioWhole() {
    TaskPlanner planner = new TaskPlanner(Ladder.fromTemplate(TEMPLATE), new ChunkRule(true, 120, 30, 1, 4),
        TaskOrder.LONGEST_FIRST);
    List<Task> tasks = planner.plan(new Upload("a", 0, 600, 2160));
    assertThat(tasks.get(0).rung().name()).isEqualTo("2160p");
    assertThat(tasks.get(tasks.size() - 1).key()).isEqualTo("a/audio");
    assertThat(tasks.stream().filter(t -> t.rung().name().equals("360p"))).hasSize(19)
        .allMatch(t -> t.chunks() == 19 && t.key().startsWith("a/360p/"));
  }
}
