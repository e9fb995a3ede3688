package io.modelrunner.app.config;

import io.modelrunner.app.db.DatabaseConfig;
import io.modelrunner.app.db.Dialect;
import io.modelrunner.app.db.Redaction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * {@code database.*}: the service's database; an empty {@code url} means the embedded one. The
 * password, and any password the URL carries, never appear in {@link #describe()} or {@link
 * #toString()}.
 */
public record DatabaseSection(
    String url, String user, String password, int poolSize, Duration outageTolerance) {

  static DatabaseSection parse(ConfigValues v) {
    DatabaseSection section =
        new DatabaseSection(
            v.text("database.url"),
            v.text("database.user"),
            v.text("database.password"),
            v.integer("database.pool-size", 1, 500),
            v.duration("database.outage-tolerance"));
    if (!section.embedded() && Dialect.ofUrl(section.url()) == null) {
      v.problem(
          "database.url (from "
              + v.source("database.url")
              + "): use jdbc:postgresql://host:port/db, jdbc:sqlite:FILE or jdbc:h2:…");
    }
    return section;
  }

  /** Whether the service uses the embedded database in its data folder. */
  public boolean embedded() {
    return url.isEmpty();
  }

  /** How to connect: the configured database, or the embedded one in {@code dataDir}. */
  public DatabaseConfig connection(Path dataDir) {
    return embedded()
        ? DatabaseConfig.embedded(dataDir)
        : new DatabaseConfig(url, user, password, poolSize);
  }

  /** {@code embedded SQLite}, or the URL without any password. */
  public String describe() {
    return embedded()
        ? "embedded SQLite"
        : Redaction.of(password.isEmpty() ? Set.of() : Set.of(password)).applyToUrl(url);
  }

  @Override
  public String toString() {
    return "DatabaseSection[" + describe() + ", pool size " + poolSize + "]";
  }
}
