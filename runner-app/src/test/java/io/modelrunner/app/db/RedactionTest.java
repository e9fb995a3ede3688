package io.modelrunner.app.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.app.config.ServiceConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every form a database password takes in a URL, masked in descriptions and messages. */
class RedactionTest {
  @TempDir Path dir;

  @Test
  void h2PasswordSettingsAreMaskedWhateverTheirCase() {
    for (String key : new String[] {"PASSWORD", "password", "Pwd", "FILE_PASSWORD"}) {
      DatabaseConfig config =
          new DatabaseConfig(
              "jdbc:h2:file:/srv/mr/db;MODE=PostgreSQL;" + key + "=h2 secret one;USER=sa",
              "sa",
              "",
              1);
      assertThat(config.describe())
          .contains("/srv/mr/db;MODE=PostgreSQL;" + key + "=***;USER=sa")
          .doesNotContain("secret");
      assertThat(config.toString()).doesNotContain("secret");
      assertThat(config.redact("Wrong user name or password: " + config.url()))
          .doesNotContain("h2 secret one", "secret one");
    }
  }

  @Test
  void postgresQueryPasswordsAreDroppedFromTheDescriptionAndMaskedInMessages() {
    DatabaseConfig config =
        new DatabaseConfig(
            "jdbc:postgresql://db:5432/runs?user=runner&password=pg-secret-1&sslmode=require"
                + "&sslpassword=ssl-secret-2&PassWord=mixed-secret-3",
            "runner",
            "config-secret-4",
            2);

    assertThat(config.describe()).isEqualTo("jdbc:postgresql://db:5432/runs?…");
    String message =
        "Failed to get driver instance for jdbcUrl="
            + config.url()
            + "; authentication with config-secret-4 refused";
    assertThat(config.redact(message))
        .doesNotContain("pg-secret-1", "ssl-secret-2", "mixed-secret-3", "config-secret-4")
        .contains("password=***", "sslpassword=***", "PassWord=***", "sslmode=require");
    assertThat(Redaction.structural("?password=pg-secret-1&x=1")).isEqualTo("?password=***&x=1");
    assertThat(Redaction.structural("pwd = spaced-secret, other")).isEqualTo("pwd = ***, other");
  }

  @Test
  void theAuthoritysPasswordIsMaskedAndTheUserKept() {
    DatabaseConfig config =
        new DatabaseConfig("jdbc:postgresql://runner:user%40info-secret@db:5432/runs", "", "", 1);

    assertThat(config.describe()).isEqualTo("jdbc:postgresql://runner:***@db:5432/runs");
    assertThat(config.redact("No suitable driver found for " + config.url()))
        .isEqualTo("No suitable driver found for jdbc:postgresql://runner:***@db:5432/runs");
    assertThat(config.redact("user@info-secret was refused")).doesNotContain("info-secret");
    assertThat(Redaction.structural("see http://host:8080/path?x=a@b"))
        .as("a port is not a password")
        .isEqualTo("see http://host:8080/path?x=a@b");
  }

  @Test
  void exceptionChainsAreCopiedWithMaskedMessagesAndTheirClassNames() {
    DatabaseConfig config =
        new DatabaseConfig(
            "jdbc:postgresql://db/runs?password=chain-secret-5", "u", "config-secret-6", 1);
    SQLException driver =
        new SQLException(
            "No suitable driver found for jdbc:postgresql://u:authority-secret-7@db/runs",
            "08001",
            new IllegalStateException("jdbcUrl=" + config.url() + " pw config-secret-6"));
    driver.addSuppressed(new RuntimeException("also ?sslpassword=suppressed-secret-8"));

    Throwable copy = config.redaction().apply(new RuntimeException("pool failed", driver));
    SQLException sqlCopy = config.redaction().apply(driver);

    for (Throwable t : new Throwable[] {copy, sqlCopy}) {
      StringWriter trace = new StringWriter();
      t.printStackTrace(new PrintWriter(trace));
      assertThat(trace.toString())
          .doesNotContain(
              "chain-secret-5", "config-secret-6", "authority-secret-7", "suppressed-secret-8")
          .contains(
              "java.lang.IllegalStateException: jdbcUrl=jdbc:postgresql://db/runs?password=***")
          .contains("at " + RedactionTest.class.getName());
    }
    assertThat(copy.toString()).isEqualTo("java.lang.RuntimeException: pool failed");
    assertThat(copy.getCause().toString())
        .isEqualTo(
            "java.sql.SQLException: No suitable driver found for"
                + " jdbc:postgresql://u:***@db/runs");
    assertThat(sqlCopy.getSQLState()).isEqualTo("08001");
    assertThat(
            (Throwable)
                config
                    .redaction()
                    .apply(
                        new java.sql.SQLTransientConnectionException("x password=abcd", "08006")))
        .isInstanceOf(java.sql.SQLTransientException.class)
        .hasMessage("x password=***");
  }

  @Test
  void shortSecretsAreMaskedOnlyWhereTheyStandAsPasswords() {
    Redaction redaction = Redaction.of(Set.of("abc"));
    assertThat(redaction.apply("cannot connect; password=abc"))
        .isEqualTo("cannot connect; password=***");
  }

  @Test
  void postgresPasswordParametersLeaveTheUrlForTheDriversProperties() {
    Properties properties = new Properties();
    String url =
        RedactingDataSource.withoutPasswordParameters(
            "jdbc:postgresql://db/runs?user=u&password=p%26ss&sslmode=require&sslpassword=k",
            properties);

    assertThat(url).isEqualTo("jdbc:postgresql://db/runs?user=u&sslmode=require");
    assertThat(properties).containsEntry("password", "p&ss").containsEntry("sslpassword", "k");
    assertThat(
            RedactingDataSource.withoutPasswordParameters(
                "jdbc:postgresql://db/runs?password=x", new Properties()))
        .isEqualTo("jdbc:postgresql://db/runs");
    Properties fromAuthority = new Properties();
    assertThat(
            RedactingDataSource.withoutPasswordParameters(
                "jdbc:postgresql://run%40ner:p%3Aw@db:5432/runs?ssl=true", fromAuthority))
        .isEqualTo("jdbc:postgresql://db:5432/runs?ssl=true");
    assertThat(fromAuthority).containsEntry("user", "run@ner").containsEntry("password", "p:w");
  }

  @Test
  void theServiceConfigurationNeverShowsTheDatabasePassword() {
    for (String url :
        new String[] {
          "jdbc:postgresql://db/runs?password=svc-secret-9",
          "jdbc:postgresql://runner:svc-secret-9@db/runs",
          "jdbc:h2:file:/srv/db;PASSWORD=svc-secret-9"
        }) {
      ServiceConfig config =
          ServiceConfig.load(
              null,
              Map.of("MODEL_RUNNER_DATABASE_PASSWORD", "env-secret-10"),
              Map.of("database.url", url, "data.dir", dir.toString()));
      assertThat(config.describe()).doesNotContain("svc-secret-9", "env-secret-10");
      assertThat(config.toString()).doesNotContain("svc-secret-9", "env-secret-10");
    }
  }
}
