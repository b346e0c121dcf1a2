package io.vwmedia.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.vwmedia.serde.SchemaRegistries;
import io.vwmedia.storage.CdnInvalidator;
import io.vwmedia.storage.LocalObjectStore;
import io.vwmedia.topics.TopicSerdes;
import io.vwmedia.topology.packaging.ManifestPackager;
import io.vwmedia.topology.plan.RungPlanner;
import io.vwmedia.topology.publish.Publisher;
import io.vwmedia.topology.template.TemplateCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/topology.txt is the topology's own description; this keeps it true as the code changes. */
class TopologyDescriptionTest {

  @Test
  void docsShowTheTopologyAsBuilt(@TempDir Path storage) throws Exception {
    LocalObjectStore store = new LocalObjectStore(storage);
    String described = MediaTopology.build(new MediaTopology.Parts(
            new TopicSerdes(SchemaRegistries.fromUrl("mem:")),
            TemplateCatalog.builtIn(),
            new RungPlanner(),
            new ManifestPackager(store, Clock.systemUTC()),
            new Publisher(store, CdnInvalidator.NONE, Clock.systemUTC(), Optional.empty()),
            io.vwmedia.topology.routing.EncoderRouting.WORKERS_ONLY,
            io.vwmedia.topology.plan.ChunkingSettings.Config.TEMPLATES,
            new io.vwmedia.topology.packaging.ChunkJoiner(store, Clock.systemUTC()),
            new io.vwmedia.topology.packaging.RepeatedCopies(store),
            Clock.systemUTC(),
            true,
            true))
        .describe()
        .toString();

    Path doc = Path.of("..", "docs", "topology.txt");
    if (Boolean.getBoolean("vw.docs.write")) {
      Files.writeString(doc, described.strip() + "\n");
    }
    assertThat(Files.readString(doc).strip())
        .as("docs/topology.txt is stale: regenerate it with 'bin/vw-media topology --describe > docs/topology.txt' or 'bin/test -pl topology -am -Dtest=TopologyDescriptionTest -Dsurefire.failIfNoSpecifiedTests=false -Dvw.docs.write=true'")
        .isEqualTo(described.strip());
  }
}
