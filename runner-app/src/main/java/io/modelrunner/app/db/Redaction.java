package io.modelrunner.app.db;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.SQLNonTransientException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks database credentials in URLs and in any text that may quote one (a JDBC driver's exception
 * message may echo the URL it was given), case-insensitively:
 *
 * <ul>
 *   <li>a setting or parameter whose name ends in {@code password}, {@code passwd} or {@code pwd}
 *       ({@code ;PASSWORD=…} in H2 URLs, {@code ?password=…}, {@code &sslpassword=…} in PostgreSQL
 *       URLs, {@code pwd=…}): the value becomes {@value #MASK};
 *   <li>the password of a {@code //user:password@host} authority: {@code //user:***@host};
 *   <li>known secret values (a configured password, values taken from the URL) wherever they
 *       appear, raw or URL-decoded, when at least {@value #MIN_LITERAL} characters long (a shorter
 *       one would mask half of every message).
 * </ul>
 */
public final class Redaction {
  /** What a secret is replaced with. */
  public static final String MASK = "***";

  /** The shortest secret value that is masked wherever it appears. */
  public static final int MIN_LITERAL = 4;

  private static final String KEY = "[A-Za-z0-9_.\\-]*(?:password|passwd|pwd)";

  /** {@code key=value}: the value ends at a separator of URL queries, H2 settings or prose. */
  private static final Pattern SETTING =
      Pattern.compile(
          "(?i)(?<![A-Za-z0-9_.\\-])(" + KEY + ")(\\s*=\\s*)([^&;#\\s\"'<>(),\\[\\]{}]*)");

  /** {@code //user:password@}: no {@code /}, {@code ?}, {@code #} or space in either part. */
  private static final Pattern USER_INFO = Pattern.compile("(//[^/\\s:@?#]*):([^@\\s/?#]*)@");

  private final List<String> literals;

  private Redaction(Collection<String> secrets) {
    Set<String> all = new LinkedHashSet<>();
    for (String secret : secrets) {
      if (secret != null && secret.length() >= MIN_LITERAL && !secret.equals(MASK)) {
        all.add(secret);
      }
    }
    List<String> sorted = new ArrayList<>(all);
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    this.literals = List.copyOf(sorted);
  }

  /** Masks the credential forms above, and {@code secrets} wherever they appear. */
  public static Redaction of(Collection<String> secrets) {
    return new Redaction(secrets);
  }

  /** Masks only the credential forms (no known secrets). */
  public static String structural(String text) {
    return new Redaction(List.of()).apply(text);
  }

  /**
   * {@code url} for a log: without its query part (which may carry credentials of any name), with
   * password settings and the authority's password masked.
   */
  public static String url(String url) {
    return new Redaction(List.of()).applyToUrl(url);
  }

  /** {@link #url(String)}, masking the known secrets too. */
  public String applyToUrl(String url) {
    String masked = apply(url);
    int query = masked.indexOf('?');
    return query < 0 ? masked : masked.substring(0, query) + "?…";
  }

  /**
   * The secret values a database URL carries: the values of password settings and parameters and
   * the authority's password, raw and URL-decoded.
   */
  public static Set<String> secretsIn(String url) {
    Set<String> secrets = new LinkedHashSet<>();
    Matcher setting = SETTING.matcher(url);
    while (setting.find()) {
      addRawAndDecoded(secrets, setting.group(3));
    }
    // an H2 setting value ends only at ';': a password with spaces in it
    for (String part : url.split(";")) {
      int eq = part.indexOf('=');
      if (eq > 0 && part.substring(0, eq).trim().matches("(?i)" + KEY)) {
        addRawAndDecoded(secrets, part.substring(eq + 1).trim());
      }
    }
    Matcher userInfo = USER_INFO.matcher(url);
    while (userInfo.find()) {
      addRawAndDecoded(secrets, userInfo.group(2));
    }
    return secrets;
  }

  private static void addRawAndDecoded(Set<String> secrets, String value) {
    if (value == null || value.isEmpty()) {
      return;
    }
    secrets.add(value);
    try {
      secrets.add(URLDecoder.decode(value, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      // not URL-encoded
    }
  }

  /** {@code text} with every secret masked; null stays null. */
  public String apply(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (String literal : literals) {
      out = out.replace(literal, MASK);
    }
    out = SETTING.matcher(out).replaceAll(m -> quote(m.group(1) + m.group(2) + mask(m.group(3))));
    out = USER_INFO.matcher(out).replaceAll(m -> quote(m.group(1) + ":" + MASK + "@"));
    return out;
  }

  private static String mask(String value) {
    return value.isEmpty() ? value : MASK;
  }

  private static String quote(String replacement) {
    return Matcher.quoteReplacement(replacement);
  }

  /**
   * A copy of {@code failure} and its causes and suppressed exceptions with every message masked
   * and the same stack traces: what may be logged or attached as a cause without leaking a
   * password. Each copy names the original class ({@code org.postgresql.util.PSQLException: …}).
   */
  public Throwable apply(Throwable failure) {
    return copy(failure, new IdentityHashMap<>());
  }

  /**
   * {@link #apply(Throwable)} as an {@link SQLException} with the same SQL state and code, and of
   * the same kind (transient, recoverable, non-transient).
   */
  public SQLException apply(SQLException failure) {
    String message = apply(failure.getMessage());
    String state = failure.getSQLState();
    int code = failure.getErrorCode();
    Throwable cause = failure.getCause() == null ? null : apply(failure.getCause());
    // the same kind, so that what tells a transient failure from a lasting one still can
    SQLException copy =
        failure instanceof SQLTransientException
            ? new SQLTransientException(message, state, code, cause)
            : failure instanceof SQLRecoverableException
                ? new SQLRecoverableException(message, state, code, cause)
                : failure instanceof SQLNonTransientException
                    ? new SQLNonTransientException(message, state, code, cause)
                    : new SQLException(message, state, code, cause);
    copy.setStackTrace(failure.getStackTrace());
    for (Throwable suppressed : failure.getSuppressed()) {
      copy.addSuppressed(apply(suppressed));
    }
    return copy;
  }

  private Throwable copy(Throwable failure, Map<Throwable, Throwable> seen) {
    if (failure == null) {
      return null;
    }
    Throwable done = seen.get(failure);
    if (done != null) {
      return done;
    }
    RedactedException copy =
        new RedactedException(failure.getClass().getName(), apply(failure.getMessage()));
    seen.put(failure, copy);
    copy.setStackTrace(failure.getStackTrace());
    Throwable cause = failure.getCause();
    if (cause != null && cause != failure) {
      copy.initCause(copy(cause, seen));
    }
    for (Throwable suppressed : failure.getSuppressed()) {
      copy.addSuppressed(copy(suppressed, seen));
    }
    return copy;
  }

  /** A failure whose message was masked; prints as the original class with that message. */
  static final class RedactedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String originalClass;

    RedactedException(String originalClass, String message) {
      super(message);
      this.originalClass = originalClass;
    }

    /** The class of the failure this copies. */
    String originalClass() {
      return originalClass;
    }

    @Override
    public String toString() {
      String message = getLocalizedMessage();
      return message == null ? originalClass : originalClass + ": " + message;
    }
  }
}
