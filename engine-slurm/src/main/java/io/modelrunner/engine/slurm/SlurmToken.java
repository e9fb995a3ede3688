package io.modelrunner.engine.slurm;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Where the Slurm engine gets the JWT it sends to slurmrestd as {@code X-SLURM-USER-TOKEN}: a fixed
 * token, or a file that a site's job ({@code scontrol token username=… lifespan=…} from cron, or
 * its token service) rewrites before the token expires. The file is read again whenever it changes,
 * and after slurmrestd refused a token. Never printed: {@link #toString()} says where the token
 * comes from, not what it is. Thread-safe.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public abstract sealed class SlurmToken permits SlurmToken.Fixed, SlurmToken.FromFile {

  private SlurmToken() {}

  /** A fixed token (configuration key {@code slurm.token}). */
  public static SlurmToken of(String token) {
    return new Fixed(token);
  }

  /** A token read from {@code file} (configuration key {@code slurm.token-file}). */
  public static SlurmToken fromFile(Path file) {
    return new FromFile(file);
  }

  /** The token to send now. */
  public abstract String current();

  /** slurmrestd refused the last token: read the file again (a fixed token cannot change). */
  public abstract void refused();

  static final class Fixed extends SlurmToken {
    private final String token;

    Fixed(String token) {
      Objects.requireNonNull(token, "token");
      if (token.isBlank()) {
        throw new IllegalArgumentException("the Slurm token is empty");
      }
      this.token = token.strip();
    }

    @Override
    public String current() {
      return token;
    }

    @Override
    public void refused() {}

    @Override
    public String toString() {
      return "a configured token (slurm.token)";
    }
  }

  static final class FromFile extends SlurmToken {
    private final Path file;
    private String token;
    private FileTime readAt;

    FromFile(Path file) {
      this.file = Objects.requireNonNull(file, "file");
    }

    @Override
    public synchronized String current() {
      FileTime modified;
      try {
        modified = Files.getLastModifiedTime(file);
      } catch (IOException e) {
        throw new SlurmException(
            "cannot read the Slurm token file " + file + " (slurm.token-file): " + e, e);
      }
      if (token == null || !modified.equals(readAt)) {
        try {
          String read = Files.readString(file, StandardCharsets.UTF_8).strip();
          if (read.startsWith("SLURM_JWT=")) {
            read = read.substring("SLURM_JWT=".length());
          }
          if (read.isEmpty()) {
            throw new SlurmException(
                "the Slurm token file " + file + " (slurm.token-file) is empty", null);
          }
          token = read;
          readAt = modified;
        } catch (IOException e) {
          throw new SlurmException(
              "cannot read the Slurm token file " + file + " (slurm.token-file): " + e, e);
        }
      }
      return token;
    }

    @Override
    public synchronized void refused() {
      readAt = null;
    }

    @Override
    public String toString() {
      return "the token in " + file;
    }
  }
}
