package io.modelrunner.core.store.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelrunner.core.store.StoreException;
import io.modelrunner.core.store.StoredObject;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemResultStoreTest {
  @TempDir Path dir;

  @Test
  void putStoresContentWithSizeSha256AndFileUri() throws Exception {
    var store = new FileSystemResultStore(dir.resolve("store"));
    Path file = Files.writeString(dir.resolve("data.json"), "{\"a\":1}");

    StoredObject stored =
        store.put("simulation-runs/abc/public/data.json", file, "application/json");

    assertThat(stored.size()).isEqualTo(7);
    assertThat(stored.sha256())
        .isEqualTo(
            HexFormat.of()
                .formatHex(
                    MessageDigest.getInstance("SHA-256")
                        .digest("{\"a\":1}".getBytes(StandardCharsets.UTF_8))));
    assertThat(stored.location()).startsWith("file:/");
    Path target = Path.of(URI.create(stored.location()));
    assertThat(target).hasContent("{\"a\":1}").startsWith(store.root());
    try (InputStream in = store.open(stored.key())) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
    }
    assertThat(store.stat(stored.key())).contains(stored);
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
  void failedPutLeavesNothingBehind() throws Exception {
    var store = new FileSystemResultStore(dir.resolve("store"));
    assertThatThrownBy(() -> store.put("k/v", dir.resolve("missing"), "text/plain"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("no such file");
    assertThat(store.stat("k/v")).isEmpty();
    try (Stream<Path> files = Files.list(store.root().resolve("k"))) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void rejectsKeysThatWouldEscapeTheRoot() throws Exception {
    var store = new FileSystemResultStore(dir.resolve("store"));
    Path file = Files.writeString(dir.resolve("f"), "x");
    for (String key : new String[] {"../outside", "/abs", "a/../../b", "a//b", "a\\b"}) {
      assertThatThrownBy(() -> store.put(key, file, "text/plain"))
          .as(key)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(dir.resolve("outside")).doesNotExist();
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
  void openOfMissingKeyFailsWithTheKey() {
    var store = new FileSystemResultStore(dir.resolve("store"));
    assertThatThrownBy(() -> store.open("no/such"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("nothing stored under no/such");
  }
}
