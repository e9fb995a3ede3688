package io.modelrunner.app.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.modelrunner.core.internal.Throwables;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's database: a connection pool, migrated to the current schema when opened. The
 * migrations ({@code db/migration/V*.sql}) are written in SQL that H2 (PostgreSQL mode) and
 * PostgreSQL both accept.
 *
 * <p><b>Durability.</b> A commit that returned is kept through a {@code kill -9} of the service and
 * a crash of the machine: on the embedded SQLite database (the default) every commit is appended to
 * the write-ahead log and forced to the disk before it returns ({@code journal_mode=WAL}, {@code
 * synchronous=FULL}); on PostgreSQL a commit returns once its WAL record is flushed (the server's
 * default {@code synchronous_commit=on}). H2, kept for existing deployments, writes each commit
 * before it returns ({@code WRITE_DELAY=0}) and forces the ones marked {@code durable} to the disk
 * ({@code CHECKPOINT SYNC}), but its MVStore was measured losing committed transactions on {@code
 * kill -9} when it reuses space in its file: do not use it for new deployments. Write transactions
 * on SQLite begin {@code IMMEDIATE}, so they run one at a time and never fail half-way for a lock
 * another writer took.
 *
 * <p><b>Outages.</b> {@link #query} and {@link #transaction} retry work that failed because the
 * database could not be reached or restarted (see {@link Jdbc#isTransient}) for up to {@code
 * outageTolerance}, so that a database restart delays the service instead of failing its runs.
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  /** How long work waits for a database that does not answer, by default. */
  public static final Duration DEFAULT_OUTAGE_TOLERANCE = Duration.ofSeconds(30);

  private final DatabaseConfig config;
  private final HikariDataSource dataSource;
  private final boolean h2;
  private final Dialect dialect;
  private final java.util.concurrent.locks.ReentrantLock sqliteWriters =
      new java.util.concurrent.locks.ReentrantLock(true);
  private volatile Duration outageTolerance = DEFAULT_OUTAGE_TOLERANCE;

  private Database(DatabaseConfig config, HikariDataSource dataSource) {
    this.config = config;
    this.dataSource = dataSource;
    this.h2 = config.url().startsWith("jdbc:h2:");
    this.dialect = config.dialect();
  }

  /** Work on one connection. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /** Sets how long {@link #query} and {@link #transaction} retry while the database is away. */
  public Database withOutageTolerance(Duration value) {
    this.outageTolerance = Objects.requireNonNull(value, "value");
    return this;
  }

  /**
   * Runs {@code work} on a connection in auto-commit mode, retrying it while the database is away
   * (up to the outage tolerance).
   *
   * @throws DatabaseException naming {@code what} when it fails for good
   */
  public <T> T query(String what, Work<T> work) {
    return retrying(
        what,
        () -> {
          try (Connection c = dataSource.getConnection()) {
            return work.run(c);
          }
        });
  }

  /**
   * Runs {@code work} in one transaction and commits it (rolled back when it throws), retrying the
   * whole transaction while the database is away. With {@code durable}, the commit is also forced
   * to the disk on H2 (PostgreSQL always flushes its commit record).
   *
   * @throws DatabaseException naming {@code what} when it fails for good
   */
  public <T> T transaction(String what, boolean durable, Work<T> work) {
    return retrying(
        what,
        () -> {
          if (dialect != Dialect.SQLITE) {
            return inTransaction(durable, work);
          }
          // SQLite takes one writer at a time and makes the others sleep and retry (its busy
          // handler), which serves them in no order: a few wait seconds. Queue them here, in order.
          sqliteWriters.lock();
          try {
            return inTransaction(durable, work);
          } finally {
            sqliteWriters.unlock();
          }
        });
  }

  private <T> T inTransaction(boolean durable, Work<T> work) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      T result;
      try {
        result = work.run(c);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      } finally {
        try {
          c.setAutoCommit(auto);
        } catch (SQLException ignored) {
          // the connection is broken; the pool discards it
        }
      }
      if (durable && h2) {
        try (Statement s = c.createStatement()) {
          s.execute("CHECKPOINT SYNC");
        }
      }
      return result;
    }
  }

  private interface Attempt<T> {
    T run() throws SQLException;
  }

  /**
   * Runs {@code attempt}, again while it fails for a transient reason. A pending interrupt is set
   * aside while the database is used (a driver may close a connection, or H2 its file, on an
   * interrupt) and restored afterwards.
   */
  private <T> T retrying(String what, Attempt<T> attempt) {
    boolean interrupted = Thread.interrupted();
    try {
      return retryingUninterrupted(what, attempt);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private <T> T retryingUninterrupted(String what, Attempt<T> attempt) {
    long deadline = System.nanoTime() + outageTolerance.toNanos();
    long wait = 50;
    while (true) {
      try {
        return attempt.run();
      } catch (SQLException e) {
        if (!Jdbc.isTransient(e) || System.nanoTime() + wait * 1_000_000 > deadline) {
          throw Jdbc.failure(what, e);
        }
        LOG.warn("cannot {} now ({}); retrying in {} ms", what, e.getMessage(), wait);
        try {
          Thread.sleep(wait);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw Jdbc.failure(what + " (interrupted while the database was away)", e);
        }
        wait = Math.min(1_000, wait * 2);
      }
    }
  }

  /** Whether this is an embedded database (SQLite or H2: one process only). */
  public boolean isEmbedded() {
    return dialect != Dialect.POSTGRESQL;
  }

  public Dialect dialect() {
    return dialect;
  }

  /**
   * Connects and migrates.
   *
   * @throws DatabaseException when the database cannot be reached or migrated; the message names
   *     the database, and neither it nor its causes (copies with masked messages) show a password
   */
  public static Database open(DatabaseConfig config) {
    Redaction redaction = config.redaction();
    Properties driverProperties = new Properties();
    Optional<Path> files = config.localFiles();
    if (files.isPresent()) {
      // SQLite makes its file, not the folders above it, and H2 makes them with the default
      // permissions: the service makes a missing folder owner-only
      createFolderOf(files.get());
    }
    if (config.dialect() == Dialect.SQLITE) {
      driverProperties.setProperty("journal_mode", "WAL");
      driverProperties.setProperty("synchronous", "FULL");
      driverProperties.setProperty("foreign_keys", "true");
      driverProperties.setProperty("busy_timeout", "10000");
      driverProperties.setProperty("transaction_mode", "IMMEDIATE");
      driverProperties.setProperty("date_class", "INTEGER");
    }
    HikariConfig hikari = new HikariConfig();
    // not setJdbcUrl: the pool would quote the URL in its failures, and log the driver's as is
    hikari.setDataSource(new RedactingDataSource(config, driverProperties));
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
          "cannot connect to the database "
              + config.describe()
              + ": "
              + redaction.apply(Throwables.rootMessage(e)),
          redaction.apply(e));
    }
    try {
      var result =
          Flyway.configure()
              .dataSource(dataSource)
              .locations(config.dialect().migrations())
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
          "cannot migrate the database "
              + config.describe()
              + ": "
              + redaction.apply(Throwables.rootMessage(e)),
          redaction.apply(e));
    }
    restrictFiles(config);
    return new Database(config, dataSource);
  }

  /** Makes the missing folder of a database file owner-only ({@link OwnerOnly#createFolder}). */
  private static void createFolderOf(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    try {
      if (parent != null) {
        OwnerOnly.createFolder(parent);
      }
    } catch (IOException e) {
      throw new DatabaseException("cannot create the folder of the database " + parent, e);
    }
  }

  /**
   * Makes the files of an embedded database readable and writable by the owner only — SQLite's
   * {@code model-runner.db} with its {@code -wal}, {@code -shm} and {@code -journal} files, H2's
   * {@code <name>.mv.db}, {@code .trace.db} and temporary files: their drivers make them with the
   * umask's permissions, usually {@code rw-r--r--}. Files made later land in the same (owner-only,
   * when the service made it) folder; they are restricted again on close. Never throws: a failure
   * is logged.
   */
  static void restrictFiles(DatabaseConfig config) {
    Optional<Path> files = config.localFiles();
    if (files.isEmpty() || files.get().getParent() == null) {
      return;
    }
    Path folder = files.get().getParent();
    List<Path> restricted = new ArrayList<>();
    try (DirectoryStream<Path> found =
        Files.newDirectoryStream(folder, globEscaped(files.get().getFileName().toString()) + "*")) {
      for (Path file : found) {
        if (OwnerOnly.restrictFile(file)) {
          restricted.add(file.getFileName());
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot make the database files in {} owner-only: {}", folder, e.toString());
    }
    if (!restricted.isEmpty()) {
      LOG.info("database files made readable by their owner only (rw-------): {}", restricted);
    }
  }

  private static String globEscaped(String name) {
    return name.replaceAll("([*?\\[\\]{}\\\\])", "\\\\$1");
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
    restrictFiles(config);
  }
}
