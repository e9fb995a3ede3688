package io.modelrunner.app.db;

import java.io.PrintWriter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The connections of the pool: through the JDBC driver, like HikariCP's own driver data source, but
 * every failure it throws has its messages {@linkplain Redaction masked} first — a driver may quote
 * the URL it was given — so that neither the pool's log nor the service's errors show a password. A
 * PostgreSQL URL's password parameters ({@code password}, {@code sslpassword}, …) and a {@code
 * //user:password@host} authority (which the driver would take for a host name) are passed to the
 * driver as connection properties instead of in the URL, so that the URL the driver logs and
 * reports (and Flyway logs) carries none.
 */
final class RedactingDataSource implements DataSource {
  private final DatabaseConfig config;
  private final Redaction redaction;
  private final String url;
  private final Properties driverProperties;
  private final Properties fromUrl = new Properties();
  private volatile int loginTimeoutSeconds;
  private volatile PrintWriter logWriter;

  /**
   * @param driverProperties connection properties for the driver (SQLite's pragmas, …), below the
   *     user, the password and what the URL sets
   */
  RedactingDataSource(DatabaseConfig config, Properties driverProperties) {
    this.config = config;
    this.driverProperties = new Properties();
    this.driverProperties.putAll(driverProperties);
    this.redaction = config.redaction();
    this.url =
        config.isPostgres() ? withoutPasswordParameters(config.url(), fromUrl) : config.url();
  }

  /**
   * {@code url} without its password parameters and user information, which go to {@code into}
   * (URL-decoded; the user information as {@code user} and {@code password}).
   */
  static String withoutPasswordParameters(String url, Properties into) {
    url = withoutUserInfo(url, into);
    int query = url.indexOf('?');
    if (query < 0) {
      return url;
    }
    List<String> kept = new ArrayList<>();
    for (String parameter : url.substring(query + 1).split("&")) {
      int eq = parameter.indexOf('=');
      String name = eq < 0 ? parameter : parameter.substring(0, eq);
      if (eq > 0 && name.matches("(?i)[A-Za-z0-9_.\\-]*(?:password|passwd|pwd)")) {
        into.setProperty(name, decode(parameter.substring(eq + 1)));
      } else if (!parameter.isEmpty()) {
        kept.add(parameter);
      }
    }
    return url.substring(0, query) + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
  }

  private static String withoutUserInfo(String url, Properties into) {
    int authority = url.indexOf("//");
    if (authority < 0) {
      return url;
    }
    int end = authority + 2;
    while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
      end++;
    }
    int at = url.lastIndexOf('@', end - 1);
    if (at < authority + 2) {
      return url;
    }
    String userInfo = url.substring(authority + 2, at);
    int colon = userInfo.indexOf(':');
    String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
    if (!user.isEmpty()) {
      into.setProperty("user", decode(user));
    }
    if (colon >= 0) {
      into.setProperty("password", decode(userInfo.substring(colon + 1)));
    }
    return url.substring(0, authority + 2) + url.substring(at + 1);
  }

  private static String decode(String value) {
    try {
      return URLDecoder.decode(value, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return value; // taken as it is, as the driver would
    }
  }

  @Override
  public Connection getConnection() throws SQLException {
    return getConnection(config.user(), config.password());
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    Properties properties = new Properties();
    properties.putAll(driverProperties);
    if (user != null) {
      properties.setProperty("user", user);
    }
    if (password != null) {
      properties.setProperty("password", password);
    }
    if (config.isPostgres() && loginTimeoutSeconds > 0) {
      properties.setProperty("loginTimeout", Integer.toString(loginTimeoutSeconds));
    }
    properties.putAll(fromUrl); // as in the URL, where they would win over the properties
    try {
      Driver driver = DriverManager.getDriver(url);
      Connection connection = driver.connect(url, properties);
      if (connection == null) {
        throw new SQLException(
            "no JDBC driver accepts the URL " + config.describe() + " (is it well formed?)",
            "08001");
      }
      return connection;
    } catch (SQLException e) {
      throw redaction.apply(e);
    } catch (RuntimeException e) {
      SQLException failure =
          new SQLException(redaction.apply(e.toString()), "08001", 0, redaction.apply(e));
      failure.setStackTrace(e.getStackTrace());
      throw failure;
    }
  }

  @Override
  public PrintWriter getLogWriter() {
    return logWriter;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    this.logWriter = out;
  }

  @Override
  public void setLoginTimeout(int seconds) {
    this.loginTimeoutSeconds = seconds;
  }

  @Override
  public int getLoginTimeout() {
    return loginTimeoutSeconds;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("no parent logger");
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new SQLException("not a wrapper of " + type.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return type.isInstance(this);
  }

  @Override
  public String toString() {
    return "RedactingDataSource[" + config.describe() + "]";
  }
}
