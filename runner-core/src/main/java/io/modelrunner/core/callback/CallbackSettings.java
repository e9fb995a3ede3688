package io.modelrunner.core.callback;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * How callbacks are delivered.
 *
 * @param timeout how long one attempt may take (connect plus response)
 * @param maxAttempts attempts in all, at least 1; retried only on network errors, 408, 429 and 5xx
 * @param initialBackoff the wait before the second attempt; doubled before each further one
 * @param maxBackoff the longest wait between two attempts
 * @param secret the shared secret sent as {@code Authorization: Bearer <secret>}; null sends no
 *     {@code Authorization} header. Never logged, never part of {@link #toString()}.
 * @param signingKey the key that signs every attempt ({@link CallbackSignature}: headers {@value
 *     CallbackSignature#TIMESTAMP_HEADER} and {@value CallbackSignature#SIGNATURE_HEADER}); null
 *     (or blank) sends unsigned callbacks. Never logged, never part of {@link #toString()}.
 * @param allowedHosts the only hosts and ports callbacks may be sent to (see {@link #hostAllowed}):
 *     entries {@code host} (the scheme's default port only), {@code host:port} or {@code host:*}
 *     (any port), compared case-insensitively; a host starting with {@code .} allows every
 *     subdomain of what follows (not that domain itself); an IPv6 address in brackets ({@code
 *     [::1]:*}). Empty, or the entry {@code *}, allows any host and port. Kept lower-case and
 *     sorted. An entry that is not one of these forms is refused with an {@code
 *     IllegalArgumentException} ({@link #hostEntryProblem}).
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record CallbackSettings(
    Duration timeout,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    String secret,
    String signingKey,
    Set<String> allowedHosts) {

  /** The environment variable the secret is read from, as the original runner named it. */
  public static final String SECRET_ENV = "API_SHARED_SECRET";

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_ATTEMPTS = 5;
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);

  /** The entry of the allowed hosts that allows any host and port. */
  public static final String ANY = "*";

  public CallbackSettings {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("callback timeout must be positive: " + timeout);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("callback attempts must be at least 1: " + maxAttempts);
    }
    if (initialBackoff.isNegative() || maxBackoff.isNegative()) {
      throw new IllegalArgumentException("callback backoff must not be negative");
    }
    if (secret != null && secret.isBlank()) {
      secret = null;
    }
    if (signingKey != null && signingKey.isBlank()) {
      signingKey = null;
    }
    allowedHosts = normalizedHosts(allowedHosts);
  }

  /** Unsigned callbacks to any host. */
  public CallbackSettings(
      Duration timeout,
      int maxAttempts,
      Duration initialBackoff,
      Duration maxBackoff,
      String secret) {
    this(timeout, maxAttempts, initialBackoff, maxBackoff, secret, null, Set.of());
  }

  /**
   * The defaults (unsigned, any host), with the secret taken from {@code environment} ({@value
   * #SECRET_ENV}).
   */
  public static CallbackSettings defaults(Map<String, String> environment) {
    return new CallbackSettings(
        DEFAULT_TIMEOUT,
        DEFAULT_MAX_ATTEMPTS,
        DEFAULT_INITIAL_BACKOFF,
        DEFAULT_MAX_BACKOFF,
        environment.get(SECRET_ENV));
  }

  public CallbackSettings withSecret(String value) {
    return new CallbackSettings(
        timeout, maxAttempts, initialBackoff, maxBackoff, value, signingKey, allowedHosts);
  }

  /** These settings signing every attempt with {@code value} (null or blank: unsigned). */
  public CallbackSettings withSigningKey(String value) {
    return new CallbackSettings(
        timeout, maxAttempts, initialBackoff, maxBackoff, secret, value, allowedHosts);
  }

  /** These settings sending callbacks only to {@code value} (empty: any host). */
  public CallbackSettings withAllowedHosts(Set<String> value) {
    return new CallbackSettings(
        timeout, maxAttempts, initialBackoff, maxBackoff, secret, signingKey, value);
  }

  /**
   * Whether a callback may be sent to {@code url}: always when {@code allowed} is empty or holds
   * {@code *}; else when an entry matches both the URL's host and its port. The port of a URL
   * without one is its scheme's default (80 for {@code http}, 443 for {@code https}). An entry is
   *
   * <ul>
   *   <li>{@code host}: that host, on the default port of the URL's scheme only ({@code
   *       web.example.org} allows {@code https://web.example.org/} and {@code
   *       http://web.example.org:80/}, not {@code http://web.example.org:8080/} nor {@code
   *       http://web.example.org:443/});
   *   <li>{@code host:port}: that host on that port only, whatever the scheme;
   *   <li>{@code host:*}: that host on any port;
   *   <li>with a host {@code .domain}: every subdomain of {@code domain} instead of one host
   *       ({@code .example.org} allows {@code api.example.org} and {@code a.b.example.org}, but not
   *       {@code example.org} nor {@code badexample.org});
   *   <li>an IPv6 address in brackets, with or without a port: {@code [::1]}, {@code [::1]:8080},
   *       {@code [::1]:*}; an IPv6 address without brackets ({@code ::1}) is {@code [::1]}.
   * </ul>
   *
   * Hosts compare case-insensitively; a trailing {@code .} of a fully qualified name is ignored on
   * both sides. A URL without a host, or with a scheme other than {@code http} or {@code https}, is
   * never allowed by a non-empty list; an entry that is not one of these forms matches nothing.
   */
  public static boolean hostAllowed(Set<String> allowed, URI url) {
    if (allowed == null || allowed.isEmpty() || allowed.contains(ANY)) {
      return true;
    }
    if (url == null || url.getHost() == null) {
      return false;
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    int defaultPort = scheme.equals("http") ? 80 : scheme.equals("https") ? 443 : -1;
    if (defaultPort == -1) {
      return false;
    }
    String host = normalizedHost(url.getHost());
    int port = url.getPort() == -1 ? defaultPort : url.getPort();
    if (host.isEmpty()) {
      return false;
    }
    for (String entry : allowed) {
      HostEntry e = HostEntry.parse(entry);
      if (e != null && e.matchesHost(host) && e.matchesPort(port, defaultPort)) {
        return true;
      }
    }
    return false;
  }

  /**
   * What is wrong with {@code entry} as an entry of the allowed hosts (see {@link #hostAllowed}),
   * in plain words; empty when it is a valid entry.
   */
  public static Optional<String> hostEntryProblem(String entry) {
    String e = entry == null ? "" : entry.strip().toLowerCase(Locale.ROOT);
    if (e.equals(ANY)) {
      return Optional.empty();
    }
    if (HostEntry.parse(e) == null) {
      return Optional.of(
          "'"
              + entry
              + "' is not host, host:port or host:* (a host is a DNS name, .domain for its"
              + " subdomains, an IPv4 address or an IPv6 address in brackets; a port is 1 to"
              + " 65535)");
    }
    return Optional.empty();
  }

  /** The wait before attempt {@code attempt} (2, 3, …): exponential, capped. */
  public Duration backoffBefore(int attempt) {
    Duration wait = initialBackoff;
    for (int i = 2; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }

  @Override
  public String toString() {
    return "CallbackSettings[timeout="
        + timeout
        + ", maxAttempts="
        + maxAttempts
        + ", initialBackoff="
        + initialBackoff
        + ", maxBackoff="
        + maxBackoff
        + ", secret="
        + (secret == null ? "none" : "(set)")
        + ", signingKey="
        + (signingKey == null ? "none" : "(set)")
        + ", allowedHosts="
        + (allowedHosts.isEmpty() ? "any" : allowedHosts)
        + "]";
  }

  private static Set<String> normalizedHosts(Set<String> hosts) {
    if (hosts == null || hosts.isEmpty()) {
      return Set.of();
    }
    TreeSet<String> sorted = new TreeSet<>();
    for (String host : hosts) {
      String h = host == null ? "" : host.strip().toLowerCase(Locale.ROOT);
      if (!h.isEmpty()) {
        Optional<String> problem = hostEntryProblem(h);
        if (problem.isPresent()) {
          throw new IllegalArgumentException("allowed callback hosts: " + problem.get());
        }
        sorted.add(h);
      }
    }
    return java.util.Collections.unmodifiableSet(sorted);
  }

  /**
   * Lower case, without the trailing dot of a FQDN; an IPv6 literal without its brackets and in its
   * full form ({@code 0:0:0:0:0:0:0:1} for {@code ::1}), so that two spellings of one address
   * match.
   */
  private static String normalizedHost(String host) {
    if (host == null) {
      return "";
    }
    String h = host.strip().toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.indexOf(':') >= 0) {
      try {
        // in brackets, InetAddress parses an IPv6 literal or fails: it never asks DNS
        return InetAddress.getByName("[" + h + "]").getHostAddress();
      } catch (UnknownHostException e) {
        return h;
      }
    }
    if (h.endsWith(".") && h.length() > 1) {
      h = h.substring(0, h.length() - 1);
    }
    return h;
  }

  /**
   * One parsed entry of the allowed hosts.
   *
   * @param host the host (normalized), or {@code .domain} for its subdomains
   * @param port the port; {@link #DEFAULT_PORT} for the scheme's default, {@link #ANY_PORT} for any
   */
  private record HostEntry(String host, int port) {
    static final int DEFAULT_PORT = -1;
    static final int ANY_PORT = -2;
    private static final Pattern NAME =
        Pattern.compile(
            "\\.?[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\\.?");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]*:[0-9a-f:.]*");

    /** The entry, or null when it is not a valid one. */
    static HostEntry parse(String entry) {
      String e = entry.strip().toLowerCase(Locale.ROOT);
      String host;
      String port;
      if (e.startsWith("[")) {
        int close = e.indexOf(']');
        if (close < 0) {
          return null;
        }
        host = e.substring(1, close);
        String rest = e.substring(close + 1);
        if (!rest.isEmpty() && !rest.startsWith(":")) {
          return null;
        }
        port = rest.isEmpty() ? null : rest.substring(1);
        if (!IPV6.matcher(host).matches()) {
          return null;
        }
      } else if (e.indexOf(':') != e.lastIndexOf(':')) {
        host = e; // an IPv6 address without brackets: no port
        port = null;
        if (!IPV6.matcher(host).matches()) {
          return null;
        }
      } else {
        int colon = e.indexOf(':');
        host = colon < 0 ? e : e.substring(0, colon);
        port = colon < 0 ? null : e.substring(colon + 1);
        if (!NAME.matcher(host).matches() || host.equals(".")) {
          return null;
        }
      }
      int p;
      if (port == null) {
        p = DEFAULT_PORT;
      } else if (port.equals("*")) {
        p = ANY_PORT;
      } else if (port.matches("[0-9]{1,5}")
          && Integer.parseInt(port) >= 1
          && Integer.parseInt(port) <= 65535) {
        p = Integer.parseInt(port);
      } else {
        return null;
      }
      String h =
          host.startsWith(".") ? "." + normalizedHost(host.substring(1)) : normalizedHost(host);
      if (h.isEmpty() || h.equals(".")) {
        return null;
      }
      return new HostEntry(h, p);
    }

    boolean matchesHost(String candidate) {
      return host.startsWith(".") ? candidate.endsWith(host) : candidate.equals(host);
    }

    boolean matchesPort(int candidate, int defaultPort) {
      return port == ANY_PORT
          || (port == DEFAULT_PORT ? candidate == defaultPort : candidate == port);
    }
  }
}
