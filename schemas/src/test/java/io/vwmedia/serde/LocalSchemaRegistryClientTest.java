package io.vwmedia.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vwmedia.events.AssetPublished;
import io.vwmedia.events.UploadRequested;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSchemaRegistryClientTest {

  @TempDir Path dir;

  @Test
  void keepsIdsAcrossARestartSoOldMessagesStillDecode() {
    byte[] written;
    int uploadId;
    int publishedId;
    try (LocalSchemaRegistryClient registry = new LocalSchemaRegistryClient(dir)) {
      uploadId = registry.register("media.upload.requested-value", UploadRequested.getClassSchema());
      publishedId = registry.register("media.asset.published-value", AssetPublished.getClassSchema());
      written = AvroSerde.of(UploadRequested.class, registry).serializer().serialize("media.upload.requested", Events.upload());
    }

    try (LocalSchemaRegistryClient restarted = new LocalSchemaRegistryClient(dir)) {
      assertThat(restarted.register("media.upload.requested-value", UploadRequested.getClassSchema())).isEqualTo(uploadId);
      assertThat(restarted.register("media.asset.published-value", AssetPublished.getClassSchema())).isEqualTo(publishedId);
      assertThat(restarted.schemaById(publishedId)).isEqualTo(AssetPublished.getClassSchema());
      assertThat(AvroSerde.of(UploadRequested.class, restarted).deserializer().deserialize("media.upload.requested", written))
          .isEqualTo(Events.upload());
    }
  }

  @Test
  void givesTheSameSchemaTheSameIdAndDifferentSchemasDifferentIds() {
    LocalSchemaRegistryClient registry = new LocalSchemaRegistryClient(dir);
    int a = registry.register("s-value", UploadRequested.getClassSchema());

    assertThat(registry.register("s-value", UploadRequested.getClassSchema())).isEqualTo(a);
    assertThat(registry.register("other-value", UploadRequested.getClassSchema())).isEqualTo(a);
    assertThat(registry.register("p-value", AssetPublished.getClassSchema())).isNotEqualTo(a);
  }

  @Test
  void seesIdsAnotherProcessAddedToTheSameFolder() {
    LocalSchemaRegistryClient serve = new LocalSchemaRegistryClient(dir);
    LocalSchemaRegistryClient submit = new LocalSchemaRegistryClient(dir);

    int id = submit.register("media.upload.requested-value", UploadRequested.getClassSchema());

    assertThat(serve.schemaById(id)).isEqualTo(UploadRequested.getClassSchema());
    assertThat(serve.register("media.asset.published-value", AssetPublished.getClassSchema())).isNotEqualTo(id);
  }

  @Test
  void processesStartingTogetherOnANewFolderAllOpenIt() throws Exception {
    // e.g. two `vw-media worker` processes started at once against a fresh data folder: each finds no registry file
    // and creates it; the one that comes second must open the file the first made, not fail
    int rounds = 200;
    int starting = 4;
    ExecutorService pool = Executors.newFixedThreadPool(starting);
    try {
      for (int round = 0; round < rounds; round++) {
        Path folder = dir.resolve("registry-" + round);
        CyclicBarrier together = new CyclicBarrier(starting);
        List<Future<LocalSchemaRegistryClient>> started = new ArrayList<>();
        for (int p = 0; p < starting; p++) {
          started.add(pool.submit(() -> {
            together.await();
            return new LocalSchemaRegistryClient(folder);
          }));
        }
        for (Future<LocalSchemaRegistryClient> process : started) {
          assertThat(process.get()).as("round %d", round).isNotNull();
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void survivesALineCutShortByACrash() throws Exception {
    int id;
    try (LocalSchemaRegistryClient registry = new LocalSchemaRegistryClient(dir)) {
      id = registry.register("s-value", UploadRequested.getClassSchema());
    }
    Files.writeString(dir.resolve("schemas.jsonl"), "{\"id\":2,\"subject\":\"x\",\"sch", java.nio.file.StandardOpenOption.APPEND);

    LocalSchemaRegistryClient reopened = new LocalSchemaRegistryClient(dir);
    assertThat(reopened.schemaById(id)).isEqualTo(UploadRequested.getClassSchema());
    assertThatThrownBy(() -> reopened.schemaById(2)).isInstanceOf(SerializationException.class).hasMessageContaining("unknown schema id 2");
  }
}
