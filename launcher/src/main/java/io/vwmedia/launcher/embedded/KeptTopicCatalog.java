package io.vwmedia.launcher.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The topic catalog an embedded broker's data folder held when it last started ({@code TopicInstaller.catalog}),
 * kept beside its log. A folder that holds the catalog this build wants lets the topology start while the broker is
 * still starting; a new folder, or one from a build with other topics, starts it once the topics are there.
 */
public final class KeptTopicCatalog {

  static final String FILE = "topic-catalog.txt";

  private KeptTopicCatalog() {}

  /** Whether {@code kafkaDir} recorded exactly {@code catalog} after its last start. */
  public static boolean holds(Path kafkaDir, String catalog) {
    Path kept = kafkaDir.resolve(FILE);
    try {
      return Files.isRegularFile(kept) && Files.readString(kept, StandardCharsets.UTF_8).equals(catalog);
    } catch (IOException e) {
      return false; // unreadable: start as on a new folder
    }
  }

  /**
   * Records {@code catalog} once its topics are on the broker of {@code kafkaDir}. A write cut short reads as another
   * catalog, which only means the next start takes the new-folder order.
   */
  public static void record(Path kafkaDir, String catalog) {
    try {
      Files.writeString(kafkaDir.resolve(FILE), catalog, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the topic catalog in " + kafkaDir + ": " + e.getMessage(), e);
    }
  }
}
