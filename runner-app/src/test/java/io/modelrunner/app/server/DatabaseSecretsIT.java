package io.modelrunner.app.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.modelrunner.app.bootstrap.RunnerServer;
import io.modelrunner.app.config.ServiceConfig;
import io.modelrunner.app.db.DatabaseException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@code serve} with a PostgreSQL URL that carries passwords, pointed at a port where nothing
 * listens: the start fails, and neither the error (its message, its causes, its stack trace) nor
 * anything logged meanwhile — the service's, HikariCP's, Flyway's, and the PostgreSQL driver's own
 * java.util.logging output at its most verbose — shows a password.
 */
class DatabaseSecretsIT {
  private static final List<String> SECRETS =
      List.of(
          "Query-Secret-1",
          "Ssl-Secret-2",
          "Pwd-Secret-3",
          "Config-Secret-4",
          "Authority-Secret-5");

  @TempDir Path dir;
  private ListAppender<ILoggingEvent> captured;
  private Level rootLevel;
  private final List<String> julRecords = new ArrayList<>();
  private Handler julHandler;
  private java.util.logging.Level pgLevel;

  @BeforeEach
  void captureLogs() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    rootLevel = root.getLevel();
    root.setLevel(Level.DEBUG); // HikariCP dumps its configuration at DEBUG
    captured = new ListAppender<>();
    captured.setContext(context);
    captured.start();
    root.addAppender(captured);

    java.util.logging.Logger pg = java.util.logging.Logger.getLogger("org.postgresql");
    pgLevel = pg.getLevel();
    pg.setLevel(java.util.logging.Level.ALL);
    SimpleFormatter formatter = new SimpleFormatter();
    julHandler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            synchronized (julRecords) {
              julRecords.add(formatter.format(record));
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    julHandler.setLevel(java.util.logging.Level.ALL);
    pg.addHandler(julHandler);
  }

  @AfterEach
  void restoreLogs() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAppender(captured);
    root.setLevel(rootLevel);
    java.util.logging.Logger pg = java.util.logging.Logger.getLogger("org.postgresql");
    pg.removeHandler(julHandler);
    pg.setLevel(pgLevel);
  }

  @Test
  void queryParameterPasswordsAndTheConfiguredOneAreNeitherInTheErrorNorInTheLog()
      throws Exception {
    int port = closedPort();
    String url =
        "jdbc:postgresql://127.0.0.1:"
            + port
            + "/runs?user=runner&password=Query-Secret-1&sslpassword=Ssl-Secret-2"
            + "&PWD=Pwd-Secret-3&connectTimeout=2";

    DatabaseException failure = startFails(url, "Config-Secret-4");

    assertThat(failure.getMessage())
        .startsWith("cannot connect to the database jdbc:postgresql://127.0.0.1:" + port + "/runs");
    assertNoSecretIn(failure);
  }

  @Test
  void anAuthorityPasswordIsNeitherInTheErrorNorInTheLog() throws Exception {
    int port = closedPort();
    String url = "jdbc:postgresql://runner:Authority-Secret-5@127.0.0.1:" + port + "/runs";

    DatabaseException failure = startFails(url, "");

    assertThat(failure.getMessage())
        .startsWith("cannot connect to the database jdbc:postgresql://runner:***@127.0.0.1:");
    assertNoSecretIn(failure);
  }

  private DatabaseException startFails(String url, String password) {
    Map<String, String> overrides = new HashMap<>();
    overrides.put("server.port", "0");
    overrides.put("engine", "process");
    overrides.put("data.dir", dir.resolve("data").toString());
    overrides.put("database.url", url);
    overrides.put("auth.api-token", "secrets-it-token");
    Map<String, String> environment =
        password.isEmpty() ? Map.of() : Map.of("MODEL_RUNNER_DATABASE_PASSWORD", password);
    ServiceConfig config = ServiceConfig.load(null, environment, overrides);

    Throwable thrown = catchThrowable(() -> RunnerServer.start(config, environment).close());

    assertThat(thrown).isInstanceOf(DatabaseException.class);
    return (DatabaseException) thrown;
  }

  private void assertNoSecretIn(DatabaseException failure) {
    StringWriter trace = new StringWriter();
    failure.printStackTrace(new PrintWriter(trace));
    StringBuilder log = new StringBuilder();
    for (ILoggingEvent event : captured.list) {
      log.append(event.getFormattedMessage()).append('\n');
      if (event.getThrowableProxy() != null) {
        log.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append('\n');
      }
    }
    synchronized (julRecords) {
      julRecords.forEach(log::append);
    }
    assertThat(log.toString())
        .as("the service did start, and logged")
        .contains("model-runner", "starting");
    for (String secret : SECRETS) {
      assertThat(trace.toString()).as("the error").doesNotContain(secret);
      assertThat(log.toString()).as("the log").doesNotContain(secret);
    }
  }

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
