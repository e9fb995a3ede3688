package io.modelrunner.app.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's database: a connection pool, migrated to the current schema when opened. The
 * migrations ({@code db/migration/V*.sql}) are written in SQL that H2 (PostgreSQL mode) and
 * PostgreSQL both accept.
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  private final DatabaseConfig config;
  private final HikariDataSource dataSource;

  private Database(DatabaseConfig config, HikariDataSource dataSource) {
    this.config = config;
    this.dataSource = dataSource;
  }

  /**
   * Connects and migrates.
   *
   * @throws DatabaseException when the database cannot be reached or migrated; the message names
   *     the database (without credentials)
   */
  public static Database open(DatabaseConfig config) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(config.url());
    hikari.setUsername(config.user());
    hikari.setPassword(config.password());
    hikari.setMaximumPoolSize(config.maxPoolSize());
    hikari.setPoolName("model-runner-db");
    hikari.setConnectionTimeout(10_000);
    hikari.setInitializationFailTimeout(10_000);
    HikariDataSource dataSource;
    try {
      dataSource = new HikariDataSource(hikari);
    } catch (RuntimeException e) {
      throw new DatabaseException(
          "cannot connect to the database " + config.describe() + ": " + rootMessage(e), e);
    }
    try {
      var result =
          Flyway.configure()
              .dataSource(dataSource)
              .locations("classpath:db/migration")
              .load()
              .migrate();
      LOG.info(
          "database {} at schema version {} ({} migrations applied)",
          config.describe(),
          result.targetSchemaVersion,
          result.migrationsExecuted);
    } catch (FlywayException e) {
      dataSource.close();
      throw new DatabaseException(
          "cannot migrate the database " + config.describe() + ": " + rootMessage(e), e);
    }
    return new Database(config, dataSource);
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public Connection connection() throws SQLException {
    return dataSource.getConnection();
  }

  public DatabaseConfig config() {
    return config;
  }

  /** Whether a connection can be had and answers (for {@code /ready}). */
  public boolean isReachable() {
    try (Connection connection = dataSource.getConnection()) {
      return connection.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage();
  }
}
