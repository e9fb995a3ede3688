package io.modelrunner.app.db;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the service keeps its durable state.
 *
 * @param url a JDBC URL: {@code jdbc:sqlite:…} (the embedded default), {@code
 *     jdbc:postgresql://host:port/db}, or {@code jdbc:h2:file:…} (the embedded database of earlier
 *     versions)
 * @param user the database user (may be empty for SQLite and H2)
 * @param password the password; never logged, nor any password the URL carries ({@link
 *     #describe()}, {@link #redact(String)})
 * @param maxPoolSize the most connections the service opens
 */
public record DatabaseConfig(String url, String user, String password, int maxPoolSize) {

  public DatabaseConfig {
    Objects.requireNonNull(url, "url");
    if (Dialect.ofUrl(url) == null) {
      throw new IllegalArgumentException(
          "database url must be jdbc:postgresql:…, jdbc:sqlite:… or jdbc:h2:…, not "
              + redactionOf(url, password).applyToUrl(url));
    }
    url = durableH2(url);
    user = user == null ? "" : user;
    password = password == null ? "" : password;
    if (maxPoolSize < 1) {
      throw new IllegalArgumentException("maxPoolSize must be at least 1: " + maxPoolSize);
    }
  }

  /**
   * The embedded default: the SQLite database file {@code model-runner.db} in {@code dataDir},
   * created on first use. SQLite, with its write-ahead log and synchronous commits ({@link
   * Database}), keeps every committed transaction through a {@code kill -9} of the service and a
   * crash of the machine; H2, the embedded database of earlier versions, was measured losing
   * committed transactions on {@code kill -9} (docs/operations.md).
   */
  public static DatabaseConfig embedded(Path dataDir) {
    return new DatabaseConfig("jdbc:sqlite:" + embeddedFile(dataDir), "", "", DEFAULT_POOL_SIZE);
  }

  /** The file of the embedded database in {@code dataDir}. */
  public static Path embeddedFile(Path dataDir) {
    return dataDir.toAbsolutePath().normalize().resolve("model-runner.db");
  }

  /**
   * The embedded H2 database that versions before 0.2 kept in {@code dataDir} ({@code
   * model-runner.mv.db}), to copy into the embedded default once ({@link EmbeddedUpgrade}).
   */
  public static DatabaseConfig legacyEmbedded(Path dataDir) {
    String file = dataDir.toAbsolutePath().normalize().resolve("model-runner").toString();
    return new DatabaseConfig(
        "jdbc:h2:file:" + file + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_ON_EXIT=FALSE",
        "sa",
        "",
        2);
  }

  /** The file of {@link #legacyEmbedded}. */
  public static Path legacyEmbeddedFile(Path dataDir) {
    return dataDir.toAbsolutePath().normalize().resolve("model-runner.mv.db");
  }

  /** Connections of the embedded database. */
  static final int DEFAULT_POOL_SIZE = 10;

  /** Which database this is. */
  public Dialect dialect() {
    return Dialect.ofUrl(url);
  }

  /**
   * An H2 file URL made durable: {@code WRITE_DELAY=0} (unless the URL sets it), so that a commit
   * reaches the file before it returns, and the {@code retry:} file system, so that an interrupted
   * thread (a deadline, a stop) does not close the whole database when it writes — H2's file
   * channel closes itself on an interrupt, and with every commit written by the committing thread
   * that would stop the service. Other URLs are returned as they are.
   */
  static String durableH2(String url) {
    if (!url.startsWith("jdbc:h2:")) {
      return url;
    }
    String result = url;
    if (result.startsWith("jdbc:h2:file:")) {
      result = "jdbc:h2:retry:file:" + result.substring("jdbc:h2:file:".length());
    }
    if (!result.toUpperCase(java.util.Locale.ROOT).contains(";WRITE_DELAY=")
        && !result.startsWith("jdbc:h2:mem:")) {
      result = result + ";WRITE_DELAY=0";
    }
    return result;
  }

  public boolean isPostgres() {
    return url.startsWith("jdbc:postgresql:");
  }

  /**
   * For a database in local files, the path every one of its files starts with: for SQLite ({@code
   * jdbc:sqlite:/srv/data/model-runner.db}) the database file, beside which SQLite keeps {@code
   * -wal}, {@code -shm} and {@code -journal} files; for H2 in a file ({@code
   * jdbc:h2:[retry:]file:/srv/data/model-runner;…}) the file's path without H2's extensions and
   * with a dot ({@code /srv/data/model-runner.}, for {@code model-runner.mv.db}, {@code
   * model-runner.trace.db}, …). Empty for PostgreSQL and for databases in memory or on a server.
   */
  public Optional<Path> localFiles() {
    String path;
    String suffix;
    if (url.startsWith("jdbc:sqlite:")) {
      path = url.substring("jdbc:sqlite:".length());
      int query = path.indexOf('?');
      if (query >= 0) {
        if (path.substring(query).contains("mode=memory")) {
          return Optional.empty();
        }
        path = path.substring(0, query);
      }
      if (path.startsWith("file:")) {
        path = path.substring("file:".length());
      }
      if (path.isBlank() || path.startsWith(":memory:") || path.startsWith(":resource:")) {
        return Optional.empty();
      }
      suffix = "";
    } else if (url.startsWith("jdbc:h2:")) {
      path = url.substring("jdbc:h2:".length());
      int settings = path.indexOf(';');
      if (settings >= 0) {
        path = path.substring(0, settings);
      }
      // file system prefixes that keep the file where it is: retry:file:/x, nio:/x, split:28:/x
      for (Matcher m = H2_FILE_SYSTEM.matcher(path); m.find(); m = H2_FILE_SYSTEM.matcher(path)) {
        path = path.substring(m.end());
      }
      if (path.startsWith("file:")) {
        path = path.substring("file:".length());
      } else if (path.matches("[A-Za-z]{2,}:.*")) {
        return Optional.empty(); // mem:, memFS:, tcp:, ssl:, zip:, …
      }
      if (path.startsWith("~")) {
        path = System.getProperty("user.home") + path.substring(1);
      }
      suffix = ".";
    } else {
      return Optional.empty();
    }
    if (path.isBlank()) {
      return Optional.empty();
    }
    try {
      Path file = Path.of(path).toAbsolutePath().normalize();
      return Optional.of(
          file.getParent() == null ? file : file.resolveSibling(file.getFileName() + suffix));
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
  }

  private static final Pattern H2_FILE_SYSTEM =
      Pattern.compile("^(?i:retry|async|nio|niomapped|split(?::\\d+)?):");

  /**
   * The URL for logs and messages: without any query part (which may carry credentials), with
   * password settings ({@code ;PASSWORD=…}) and an authority's password ({@code user:…@}) masked.
   */
  public String describe() {
    return redaction().applyToUrl(url);
  }

  /**
   * {@code text} (a message, perhaps a driver's, that may quote the URL) with this database's
   * password, the passwords the URL carries and every {@linkplain Redaction credential form}
   * masked.
   */
  public String redact(String text) {
    return redaction().apply(text);
  }

  /** What masks this database's secrets: the password and those the URL carries. */
  public Redaction redaction() {
    return redactionOf(url, password);
  }

  private static Redaction redactionOf(String url, String password) {
    Set<String> secrets = new LinkedHashSet<>(Redaction.secretsIn(url));
    if (password != null && !password.isEmpty()) {
      secrets.add(password);
    }
    return Redaction.of(secrets);
  }

  @Override
  public String toString() {
    return "DatabaseConfig[" + describe() + ", user=" + user + ", maxPoolSize=" + maxPoolSize + "]";
  }
}
