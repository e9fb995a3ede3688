package io.modelrunner.app.testing;

import io.modelrunner.app.db.DatabaseConfig;
import io.modelrunner.testkit.junit.Requirement;
import io.modelrunner.testkit.junit.Requirements;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Databases for tests: a fresh embedded SQLite file (the default), a fresh H2 file (the embedded
 * database of earlier versions), or a fresh PostgreSQL database on the server {@code
 * .ci/postgres.sh} starts ({@code MODEL_RUNNER_TEST_POSTGRES_URL}, default {@code
 * jdbc:postgresql://127.0.0.1:5432/model_runner_test}, role {@code model_runner}). When PostgreSQL
 * does not answer the test is skipped with a message, or fails where {@link Requirements} says
 * servers are required (CI).
 */
public final class TestDatabases {
  public static final String USER = "model_runner";
  public static final String PASSWORD = "model_runner";

  private TestDatabases() {}

  /** The embedded default (SQLite) in {@code dir}. */
  public static DatabaseConfig embedded(Path dir) {
    return DatabaseConfig.embedded(dir);
  }

  /** The embedded H2 database of earlier versions in {@code dir}. */
  public static DatabaseConfig h2(Path dir) {
    return DatabaseConfig.legacyEmbedded(dir);
  }

  /** {@code sqlite}, {@code h2} (in {@code dir}) or {@code postgresql} (a fresh database). */
  public static DatabaseConfig of(String kind, Path dir) {
    return switch (kind) {
      case "sqlite" -> embedded(dir);
      case "h2" -> h2(dir);
      case "postgresql" -> freshPostgres();
      default -> throw new IllegalArgumentException("no test database " + kind);
    };
  }

  /** A new, empty PostgreSQL database; drop it with {@link #drop(DatabaseConfig)}. */
  public static DatabaseConfig freshPostgres() {
    String admin = adminUrl();
    String name = "mr_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = DriverManager.getConnection(admin, USER, PASSWORD);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      RuntimeException unmet =
          Requirements.fromEnvironment()
              .unmet(
                  Requirement.SERVER,
                  "PostgreSQL at "
                      + admin
                      + " does not answer ("
                      + e.getMessage()
                      + "); run .ci/postgres.sh to start it");
      unmet.addSuppressed(e);
      throw unmet;
    }
    String url = admin.substring(0, admin.lastIndexOf('/') + 1) + name;
    return new DatabaseConfig(url, USER, PASSWORD, 5);
  }

  /** Drops a database {@link #freshPostgres()} made. Never throws. */
  public static void drop(DatabaseConfig config) {
    if (config == null || !config.isPostgres()) {
      return;
    }
    String name = config.url().substring(config.url().lastIndexOf('/') + 1);
    try (Connection c = DriverManager.getConnection(adminUrl(), USER, PASSWORD);
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      System.err.println("could not drop test database " + name + ": " + e.getMessage());
    }
  }

  private static String adminUrl() {
    String url = System.getenv("MODEL_RUNNER_TEST_POSTGRES_URL");
    return url == null || url.isBlank()
        ? "jdbc:postgresql://127.0.0.1:5432/model_runner_test"
        : url;
  }
}
