package io.modelrunner.core.store.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelrunner.core.store.StoreException;
import io.modelrunner.core.store.StoredObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only the filesystem store does: files under its root, temporary files, symbolic links. What
 * every store does is in the testkit's {@code FileSystemResultStoreContractTest}.
 */
class FileSystemResultStoreTest {
  @TempDir Path dir;

  @Test
  void theLocationIsTheFileUriOfTheObjectsFileUnderTheRoot() throws Exception {
    var store = new FileSystemResultStore(dir.resolve("store"));
    Path file = Files.writeString(dir.resolve("data.json"), "{\"a\":1}");

    StoredObject stored =
        store.put("simulation-runs/abc/public/data.json", file, "application/json");

    assertThat(stored.location()).startsWith("file:/");
    Path target = Path.of(URI.create(stored.location()));
    assertThat(target)
        .hasContent("{\"a\":1}")
        .isEqualTo(store.root().resolve("simulation-runs/abc/public/data.json"));
  }

  @Test
  void putReplacesAtomicallyAndLeavesNoTemporaryFiles() throws Exception {
    var store = new FileSystemResultStore(dir.resolve("store"));
    store.put("k/v", Files.writeString(dir.resolve("one"), "one"), "text/plain");
    store.put("k/v", Files.writeString(dir.resolve("two"), "second"), "text/plain");

    assertThat(store.stat("k/v").orElseThrow().size()).isEqualTo(6);
    try (Stream<Path> files = Files.list(store.root().resolve("k"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("v");
    }
  }

  @Test
  void aFailedPutLeavesNoTemporaryFile() throws Exception {
    var store = new FileSystemResultStore(dir.resolve("store"));
    assertThatThrownBy(() -> store.put("k/v", dir.resolve("missing"), "text/plain"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("no such file");
    try (Stream<Path> files = Files.list(store.root().resolve("k"))) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void refusesToWriteThroughASymlinkedFolderLeadingOutside() throws Exception {
    var store = new FileSystemResultStore(dir.resolve("store"));
    Path outside = Files.createDirectory(dir.resolve("outside"));
    Files.createSymbolicLink(store.root().resolve("evil"), outside);
    Path file = Files.writeString(dir.resolve("f"), "x");

    assertThatThrownBy(() -> store.put("evil/data.json", file, "text/plain"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("outside the store root");
    assertThat(outside.resolve("data.json")).doesNotExist();
  }

  @Test
  void aSymbolicLinkUnderTheRootIsNotAnObject() throws Exception {
    var store = new FileSystemResultStore(dir.resolve("store"));
    Path outside = Files.writeString(dir.resolve("secret.txt"), "secret");
    Files.createSymbolicLink(store.root().resolve("link.txt"), outside);

    assertThat(store.stat("link.txt")).isEmpty();
    assertThatThrownBy(() -> store.open("link.txt"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("symbolic link");
  }
}
