package io.modelrunner.core.store.filesystem;

import io.modelrunner.testkit.store.ResultStoreContract;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;

/** The {@link ResultStoreContract} for the filesystem store, each test in a new root folder. */
// snippet:contract
class FileSystemResultStoreContractTest extends ResultStoreContract<FileSystemResultStore> {
  @TempDir Path roots;

  @Override
  protected FileSystemResultStore newStore() {
    return new FileSystemResultStore(roots.resolve(UUID.randomUUID().toString()));
  }
}
// end-snippet:contract
