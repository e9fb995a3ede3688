package io.modelrunner.app.db;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the service keeps its durable state.
 *
 * @param url a JDBC URL: {@code jdbc:h2:file:…} (the embedded default) or {@code
 *     jdbc:postgresql://host:port/db}
 * @param user the database user (may be empty for H2)
 * @param password the password; never logged
 * @param maxPoolSize the most connections the service opens
 */
public record DatabaseConfig(String url, String user, String password, int maxPoolSize) {

  public DatabaseConfig {
    Objects.requireNonNull(url, "url");
    if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "database url must be jdbc:h2:… or jdbc:postgresql:…, not " + redact(url));
    }
    user = user == null ? "" : user;
    password = password == null ? "" : password;
    if (maxPoolSize < 1) {
      throw new IllegalArgumentException("maxPoolSize must be at least 1: " + maxPoolSize);
    }
  }

  /** The embedded default: an H2 database file in {@code dataDir}, created on first use. */
  public static DatabaseConfig embedded(Path dataDir) {
    String file = dataDir.toAbsolutePath().normalize().resolve("model-runner").toString();
    return new DatabaseConfig(
        "jdbc:h2:file:" + file + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_ON_EXIT=FALSE",
        "sa",
        "",
        10);
  }

  public boolean isPostgres() {
    return url.startsWith("jdbc:postgresql:");
  }

  /** The URL without any query part, which may carry credentials; for logs. */
  public String describe() {
    return redact(url);
  }

  private static String redact(String url) {
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query) + "?…";
  }

  @Override
  public String toString() {
    return "DatabaseConfig[" + describe() + ", user=" + user + ", maxPoolSize=" + maxPoolSize + "]";
  }
}
