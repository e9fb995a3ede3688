package io.modelrunner.core.store;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.modelrunner.core.internal.Hashing;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import org.apiguardian.api.API;

/**
 * What the {@link ResultStore} implementations share while streaming besides SHA-256 (which is
 * {@link Hashing}'s): the MD5 that object stores check uploads with, and buffered reads.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class StoreDigests {
  private StoreDigests() {}

  public static MessageDigest md5() {
    return Hashing.digest("MD5");
  }

  /**
   * Reads into {@code buffer} from {@code offset} until it is full or the stream ends.
   *
   * @return the number of bytes in the buffer
   */
  public static int fill(InputStream in, byte[] buffer, int offset) throws IOException {
    int filled = offset;
    while (filled < buffer.length) {
      int n = in.read(buffer, filled, buffer.length - filled);
      if (n < 0) {
        break;
      }
      filled += n;
    }
    return filled;
  }
}
