package io.modelrunner.testkit.store;

import static org.apiguardian.api.API.Status.STABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelrunner.core.store.ResultStore;
import io.modelrunner.core.store.StoreException;
import io.modelrunner.core.store.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apiguardian.api.API;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link ResultStore} promises, as one JUnit 5 suite: extend it, give {@link
 * #newStore()}, done (the shape of docker-java's {@code DockerHttpClientTCK}).
 *
 * <pre>{@code
 * class FileSystemResultStoreContractTest extends ResultStoreContract<FileSystemResultStore> {
 *   @TempDir Path root;
 *
 *   @Override
 *   protected FileSystemResultStore newStore() {
 *     return new FileSystemResultStore(root.resolve(UUID.randomUUID().toString()));
 *   }
 * }
 * }</pre>
 *
 * <p>The rules: a put reads back byte for byte with the size and SHA-256 it reported, and {@code
 * stat} reports the same; a second put replaces the first and a reader sees one or the other, never
 * a mix; large objects stream; a missing key has no {@code stat} and {@code open} fails naming the
 * store and the key; invalid keys are refused by every operation; any valid key (spaces, non-ASCII)
 * works; a missing source file stores nothing; the store is thread-safe; locations are stable and
 * distinct. The optional hooks ({@link #lists()}, {@link #contentType}, {@link
 * #newStoreWithWrongSecret()}, {@link #newUnreachableStore(int)}) add the rules of stores that list
 * keys, keep content types, have credentials or a server; without them those tests are skipped with
 * a message.
 *
 * @param <S> the store type under test
 */
@API(status = STABLE, since = "0.1.0")
public abstract class ResultStoreContract<S extends ResultStore> {
  /** For subclasses. */
  protected ResultStoreContract() {}

  private static final long MIB = 1024 * 1024;

  @TempDir Path contractFiles;

  private StoreFiles files;
  private final List<ResultStore> opened = new ArrayList<>();

  /**
   * A new, empty store for one test: each call gives a store of its own (a fresh folder, bucket or
   * container, which need not exist yet). The contract closes it after the test.
   */
  protected abstract S newStore() throws Exception;

  /**
   * The size of the object the large-object rule stores: more than the store's part or block size,
   * so that a put takes several requests. Default: 12 MiB and 123 bytes.
   */
  protected long largeObjectSize() {
    return 12 * MIB + 123;
  }

  /** Whether the store lists its keys ({@link #list}); false (the default) skips those rules. */
  protected boolean lists() {
    return false;
  }

  /**
   * The keys {@code store} holds under {@code keyPrefix} (a plain string prefix, relative to the
   * store), for a store that {@link #lists()}.
   */
  protected Stream<String> list(S store, String keyPrefix) {
    throw new UnsupportedOperationException(store.describe() + " does not list its keys");
  }

  /**
   * The content type stored with {@code key}, read through the store's own API, for a store that
   * keeps one; empty (the default) skips the content-type rule.
   */
  protected Optional<String> contentType(S store, String key) throws Exception {
    return Optional.empty();
  }

  /**
   * A store like {@link #newStore()}'s but with a secret its server refuses, for a store with
   * credentials; empty (the default) skips the refused-credentials rule.
   */
  protected Optional<StoreWithSecret<S>> newStoreWithWrongSecret() throws Exception {
    return Optional.empty();
  }

  /**
   * A store whose server does not answer (nothing listens at its endpoint) that makes at most
   * {@code maxAttempts} attempts per request, with the secret it was opened with, for a store with
   * a server; empty (the default) skips the unreachable-store rule.
   */
  protected Optional<StoreWithSecret<S>> newUnreachableStore(int maxAttempts) throws Exception {
    return Optional.empty();
  }

  @BeforeEach
  final void prepareFiles() {
    files = new StoreFiles(contractFiles);
  }

  @AfterEach
  final void closeStores() {
    opened.forEach(ResultStore::close);
    opened.clear();
  }

  @Test
  void aPutReadsBackWithTheSizeAndSha256ItReported() throws Exception {
    S store = store();
    Path file = files.text("data.json", "{\"ok\":true}");

    StoredObject stored =
        store.put("simulation-runs/abc/public/data.json", file, "application/json");

    assertThat(stored.key()).isEqualTo("simulation-runs/abc/public/data.json");
    assertThat(stored.size()).isEqualTo(Files.size(file));
    assertThat(stored.sha256()).isEqualTo(StoreFiles.sha256(file));
    assertThat(stored.location()).isEqualTo(store.location(stored.key()));
    assertThat(store.stat(stored.key())).contains(stored);
    assertThat(read(store, stored.key())).isEqualTo("{\"ok\":true}");
  }

  @Test
  void binaryContentIsStoredByteForByte() throws Exception {
    S store = store();
    byte[] content = new byte[256 * 3];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) i; // every byte value, including CR, LF and NUL
    }
    Path file = files.bytes("bytes.bin", content);

    store.put("runs/bytes.bin", file, "application/octet-stream");

    try (InputStream in = store.open("runs/bytes.bin")) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
  }

  @Test
  void anEmptyFileIsStored() throws Exception {
    S store = store();
    Path file = Files.createFile(contractFiles.resolve("empty.log"));

    StoredObject stored = store.put("simulation-runs/abc/private/empty.log", file, "text/plain");

    assertThat(stored.size()).isZero();
    assertThat(stored.sha256()).isEqualTo(StoreFiles.sha256(file));
    assertThat(store.stat(stored.key())).contains(stored);
    try (InputStream in = store.open(stored.key())) {
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  @Test
  void aLargeObjectIsStoredAndReadBackWhole() throws Exception {
    S store = store();
    Path file = files.random("export.zip", largeObjectSize(), 42);

    StoredObject stored =
        store.put("simulation-runs/abc/public/export.zip", file, "application/zip");

    assertThat(stored.size()).isEqualTo(largeObjectSize());
    assertThat(stored.sha256()).isEqualTo(StoreFiles.sha256(file));
    assertThat(store.stat(stored.key())).contains(stored);
    assertThat(StoreFiles.sha256(store.open(stored.key()))).isEqualTo(stored.sha256());
    Optional<String> type = contentType(store, stored.key());
    if (type.isPresent()) {
      assertThat(type).contains("application/zip");
    }
  }

  @Test
  void aSecondPutReplacesTheFirst() throws Exception {
    S store = store();
    store.put("k/data.json", files.text("a.json", "first version"), "application/json");

    StoredObject second =
        store.put("k/data.json", files.text("b.json", "second"), "application/json");

    assertThat(second.size()).isEqualTo(6);
    assertThat(store.stat("k/data.json")).contains(second);
    assertThat(store.size("k/data.json")).hasValue(6);
    assertThat(read(store, "k/data.json")).isEqualTo("second");
  }

  @Test
  void distinctKeysHoldDistinctObjects() throws Exception {
    S store = store();
    store.put("runs/a/data.json", files.text("a", "A"), "application/json");
    store.put("runs/b/data.json", files.text("b", "BB"), "application/json");
    store.put("runs/a/data.json.bak", files.text("c", "CCC"), "application/json");

    assertThat(read(store, "runs/a/data.json")).isEqualTo("A");
    assertThat(read(store, "runs/b/data.json")).isEqualTo("BB");
    assertThat(read(store, "runs/a/data.json.bak")).isEqualTo("CCC");
  }

  @Test
  void aMissingKeyHasNoStatNorSizeAndOpenFailsNamingTheStoreAndTheKey() throws Exception {
    S store = store();

    assertThat(store.stat("simulation-runs/none/public/data.json")).isEmpty();
    assertThat(store.size("simulation-runs/none/public/data.json")).isEmpty();
    assertThatThrownBy(() -> store.open("simulation-runs/none/public/data.json"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(store.describe())
        .hasMessageContaining("nothing stored under simulation-runs/none/public/data.json");
  }

  @Test
  void aKeyPrefixThatHoldsObjectsIsNotItselfAnObject() throws Exception {
    S store = store();
    store.put("simulation-runs/abc/public/data.json", files.text("f", "{}"), "application/json");

    assertThat(store.stat("simulation-runs/abc")).isEmpty();
    assertThatThrownBy(() -> store.open("simulation-runs/abc"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("nothing stored under simulation-runs/abc");
  }

  @Test
  void invalidKeysAreRefusedByEveryOperation() throws Exception {
    S store = store();
    Path file = files.text("f", "x");
    for (String key :
        List.of("", "/abs", "trailing/", "a//b", "../outside", "a/../../b", "a/./b", "a\\b")) {
      assertThatThrownBy(() -> store.put(key, file, "text/plain"))
          .as("put %s", key)
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.stat(key))
          .as("stat %s", key)
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.open(key))
          .as("open %s", key)
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.location(key))
          .as("location %s", key)
          .isInstanceOf(IllegalArgumentException.class);
    }
    if (lists()) {
      assertThat(listed(store, "")).as("nothing was stored").isEmpty();
    }
  }

  @Test
  void keysWithSpacesAndNonAsciiCharactersWork() throws Exception {
    S store = store();
    List<String> keys =
        List.of(
            "runs/with space/data (1).json", "runs/ünïcødé/данные.json", "runs/emoji/😀+%.json");
    for (String key : keys) {
      StoredObject stored = store.put(key, files.text("f", key), "application/json");
      assertThat(stored.key()).isEqualTo(key);
      assertThat(store.stat(key)).as(key).contains(stored);
      assertThat(read(store, key)).as(key).isEqualTo(key);
    }
    assertThat(keys.stream().map(store::location).distinct()).hasSize(keys.size());
    if (lists()) {
      assertThat(listed(store, "runs/")).containsExactlyInAnyOrderElementsOf(keys);
    }
  }

  @Test
  void aPutOfAMissingFileFailsNamingTheStoreAndTheKeyAndStoresNothing() throws Exception {
    S store = store();
    Path missing = contractFiles.resolve("missing.json");

    assertThatThrownBy(() -> store.put("runs/data.json", missing, "application/json"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(store.describe())
        .hasMessageContaining("runs/data.json")
        .hasMessageContaining("no such file");
    assertThat(store.stat("runs/data.json")).isEmpty();
  }

  @Test
  void theLocationOfAKeyIsStableDistinctAndNeedsNoObject() throws Exception {
    S store = store();

    String before = store.location("runs/a/data.json");
    StoredObject stored = store.put("runs/a/data.json", files.text("f", "{}"), "application/json");

    assertThat(before).isNotBlank().isEqualTo(stored.location());
    assertThat(store.location("runs/a/data.json")).isEqualTo(before);
    assertThat(store.location("runs/b/data.json")).isNotEqualTo(before);
  }

  @Test
  void concurrentPutsOfDistinctKeysAllLand() throws Exception {
    S store = store();
    int threads = 4;
    int perThread = 3;
    List<Callable<List<StoredObject>>> writers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      writers.add(
          () -> {
            List<StoredObject> stored = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
              String key = "runs/t" + thread + "/o" + i;
              stored.add(store.put(key, files.text("w" + thread + "-" + i, key), "text/plain"));
            }
            return stored;
          });
    }

    List<StoredObject> stored = new ArrayList<>();
    for (List<StoredObject> some : runAll(writers)) {
      stored.addAll(some);
    }

    assertThat(stored).hasSize(threads * perThread);
    for (StoredObject object : stored) {
      assertThat(store.stat(object.key())).contains(object);
      assertThat(read(store, object.key())).isEqualTo(object.key());
    }
  }

  @Test
  void aReaderSeesTheOldOrTheNewObjectNeverAMix() throws Exception {
    S store = store();
    byte[] a = new byte[48 * 1024];
    byte[] b = new byte[64 * 1024];
    Arrays.fill(a, (byte) 'a');
    Arrays.fill(b, (byte) 'b');
    Path fileA = files.bytes("a", a);
    Path fileB = files.bytes("b", b);
    StoredObject first = store.put("runs/x/data.json", fileA, "application/json");
    StoredObject second = store.put("runs/x/data.json", fileB, "application/json");
    Set<String> versions = Set.of(first.sha256(), second.sha256());
    AtomicBoolean writing = new AtomicBoolean(true);

    Callable<Integer> writer =
        () -> {
          try {
            for (int i = 0; i < 10; i++) {
              store.put("runs/x/data.json", i % 2 == 0 ? fileA : fileB, "application/json");
            }
            return 10;
          } finally {
            writing.set(false);
          }
        };
    Callable<Integer> reader =
        () -> {
          int reads = 0;
          do {
            String content;
            try (InputStream in = store.open("runs/x/data.json")) {
              content = StoreFiles.sha256(in);
            }
            assertThat(content).as("read %d", reads).isIn(versions);
            reads++;
          } while (writing.get());
          return reads;
        };

    List<Integer> counts = runAll(List.of(writer, reader));

    assertThat(counts.get(1)).as("reads").isPositive();
  }

  @Test
  void listingGivesTheKeysUnderAPrefixRelativeToTheStore() throws Exception {
    S store = store();
    skipUnlessListing(store);
    Path file = files.text("x", "x");
    store.put("simulation-runs/h1/public/data.json", file, "application/json");
    store.put("simulation-runs/h1/private/log.txt", file, "text/plain");
    store.put("simulation-runs/h10/public/data.json", file, "application/json");
    store.put("simulation-runs/h2/public/data.json", file, "application/json");

    assertThat(listed(store, "simulation-runs/h1/"))
        .containsExactlyInAnyOrder(
            "simulation-runs/h1/public/data.json", "simulation-runs/h1/private/log.txt");
    assertThat(listed(store, "simulation-runs/h1"))
        .as("a prefix is a string prefix, not a folder")
        .containsExactlyInAnyOrder(
            "simulation-runs/h1/public/data.json",
            "simulation-runs/h1/private/log.txt",
            "simulation-runs/h10/public/data.json");
    assertThat(listed(store, "")).hasSize(4);
    assertThat(listed(store, "other/")).isEmpty();
  }

  @Test
  void listingAStoreNothingWasWrittenToIsEmpty() throws Exception {
    S store = store();
    skipUnlessListing(store);

    assertThat(listed(store, "simulation-runs/")).isEmpty();
  }

  @Test
  void theContentTypeIsStoredWithTheObject() throws Exception {
    S store = store();
    store.put("runs/data.json", files.text("d", "{}"), "application/json");
    store.put("runs/log.txt", files.text("l", "log"), "text/plain; charset=utf-8");

    Optional<String> json = contentType(store, "runs/data.json");
    Assumptions.assumeTrue(
        json.isPresent(), "Skipped: " + store.describe() + " keeps no content type");
    assertThat(json).contains("application/json");
    assertThat(contentType(store, "runs/log.txt").map(ResultStoreContract::withoutBlanks))
        .as("the same media type (blanks around parameters do not count)")
        .contains("text/plain;charset=utf-8");
  }

  @Test
  void refusedCredentialsFailWithAStoreExceptionNamingTheStoreWithoutTheSecret() throws Exception {
    Optional<StoreWithSecret<S>> refused = newStoreWithWrongSecret();
    Assumptions.assumeTrue(refused.isPresent(), "Skipped: the store under test has no credentials");
    S store = track(refused.get().store());
    String secret = refused.get().secret();
    Path file = files.text("f", "content");

    assertThatThrownBy(() -> store.put("k", file, "text/plain"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(store.describe())
        .hasMessageContaining("refused the credentials")
        .hasMessageNotContaining(secret);
    assertThat(store.describe()).doesNotContain(secret);
  }

  @Test
  void anUnreachableStoreFailsEveryOperationAfterBoundedAttempts() throws Exception {
    Optional<StoreWithSecret<S>> unreachable = newUnreachableStore(2);
    Assumptions.assumeTrue(unreachable.isPresent(), "Skipped: the store under test has no server");
    S store = track(unreachable.get().store());
    String secret = unreachable.get().secret();
    Path file = files.text("f", "content");

    assertThatThrownBy(() -> store.put("k", file, "text/plain"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(store.describe())
        .hasMessageContaining("unreachable")
        .hasMessageContaining("2 attempts")
        .hasMessageNotContaining(secret);
    assertThatThrownBy(() -> store.stat("k"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(store.describe());
    assertThatThrownBy(() -> store.open("k"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(store.describe());
    if (lists()) {
      assertThatThrownBy(() -> listed(store, "")).isInstanceOf(StoreException.class);
    }
  }

  /** A new store from {@link #newStore()}, closed after the test. */
  protected final S store() throws Exception {
    return track(newStore());
  }

  private S track(S store) {
    opened.add(store);
    return store;
  }

  private void skipUnlessListing(S store) {
    Assumptions.assumeTrue(lists(), "Skipped: " + store.describe() + " does not list its keys");
  }

  private List<String> listed(S store, String prefix) {
    try (Stream<String> keys = list(store, prefix)) {
      return keys.collect(Collectors.toList());
    }
  }

  private static String withoutBlanks(String mediaType) {
    return mediaType.replace(" ", "");
  }

  private static String read(ResultStore store, String key) throws IOException {
    try (InputStream in = store.open(key)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Runs the tasks at once and returns their results in order; the first failure fails. */
  private static <T> List<T> runAll(List<Callable<T>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(pool.submit(task));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get(2, TimeUnit.MINUTES));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
