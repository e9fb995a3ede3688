package io.modelrunner.core.callback;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The shape of a run request's {@code callbackURL}, and the callback endpoint built from it.
 *
 * <p>A callback URL is the base of the web application's callback API: an absolute {@code http} or
 * {@code https} URL with a host, an optional port from 1 to 65535 and an optional path — and
 * nothing else: no user name or password, no query ({@code ?…}), no fragment ({@code #…}), at most
 * {@value #MAX_LENGTH} characters. {@link #problems} says, in plain words, what is wrong with one;
 * {@link #endpoint} builds {@code {callbackURL}/api/simulations/{id}} from its parsed components,
 * the path's trailing slashes dropped and the id percent-encoded as one path segment, so that
 * nothing in the id or the URL can move the request to another path, query or host.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class CallbackUrls {
  /** The longest callback URL accepted, in characters. */
  public static final int MAX_LENGTH = 1000;

  /** The path under the callback URL that callbacks are posted to; the request id follows it. */
  public static final String SIMULATIONS_PATH = "/api/simulations/";

  private CallbackUrls() {}

  /**
   * What is wrong with {@code callbackURL} as a callback base URL, one plain sentence fragment per
   * problem (such as {@code must not have a query (?…)}); empty when it is fine. Only the shape is
   * checked here, not whether its host is allowed ({@link CallbackSettings#hostAllowed}).
   */
  public static List<String> problems(String callbackURL) {
    List<String> problems = new ArrayList<>();
    if (callbackURL == null || callbackURL.isBlank()) {
      problems.add("must be an http(s) URL, not empty");
      return problems;
    }
    if (callbackURL.length() > MAX_LENGTH) {
      problems.add(
          "must be at most " + MAX_LENGTH + " characters long, not " + callbackURL.length());
      return problems;
    }
    for (int i = 0; i < callbackURL.length(); i++) {
      char c = callbackURL.charAt(i);
      if (c <= 0x20 || c == 0x7f || Character.isWhitespace(c) || Character.isISOControl(c)) {
        problems.add("must not contain spaces or control characters (at character " + i + ")");
        return problems;
      }
    }
    URI uri;
    try {
      uri = new URI(callbackURL);
    } catch (URISyntaxException e) {
      problems.add(
          "is not a valid URL: "
              + e.getReason().toLowerCase(Locale.ROOT)
              + (e.getIndex() >= 0 ? " at character " + e.getIndex() : ""));
      return problems;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      problems.add("must start with http:// or https://");
      return problems;
    }
    if (uri.isOpaque() || uri.getRawAuthority() == null) {
      problems.add("must be an absolute URL: http(s):// followed by a host");
      return problems;
    }
    if (uri.getRawUserInfo() != null) {
      problems.add("must not carry a user name or password (user@host)");
    }
    if (uri.getHost() == null) {
      problems.add(
          "must name a host: a DNS name (letters, digits, '-' and '.'), an IPv4 address, or an"
              + " IPv6 address in brackets, optionally followed by :port from 1 to 65535");
    } else if (uri.getPort() == 0 || uri.getPort() > 65535) {
      problems.add("must have a port from 1 to 65535, not " + uri.getPort());
    }
    if (uri.getRawQuery() != null) {
      problems.add(
          "must not have a query (?…): callbacks go to <callbackURL>" + SIMULATIONS_PATH + "<id>");
    }
    if (uri.getRawFragment() != null) {
      problems.add("must not have a fragment (#…)");
    }
    return problems;
  }

  /**
   * {@code {callbackURL}/api/simulations/{id}}: the URL's scheme, host and port, its path without
   * trailing slashes, then the segments {@code api}, {@code simulations} and {@code requestId}
   * percent-encoded as one segment (every byte of its UTF-8 form but {@code A-Z a-z 0-9 - . _ ~};
   * an id of {@code .} or {@code ..} has its dots encoded too, so it never means "this" or "the
   * parent" folder). The result is plain ASCII.
   *
   * @throws IllegalArgumentException when {@code callbackURL} has {@linkplain #problems problems}
   *     (the message lists them)
   */
  public static URI endpoint(String callbackURL, String requestId) {
    Objects.requireNonNull(requestId, "requestId");
    List<String> problems = problems(callbackURL);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    URI base = URI.create(callbackURL);
    String path = base.getRawPath() == null ? "" : base.getRawPath();
    int end = path.length();
    while (end > 0 && path.charAt(end - 1) == '/') {
      end--;
    }
    StringBuilder built = new StringBuilder();
    built.append(base.getScheme().toLowerCase(Locale.ROOT)).append("://").append(base.getHost());
    if (base.getPort() != -1) {
      built.append(':').append(base.getPort());
    }
    built.append(path, 0, end).append(SIMULATIONS_PATH).append(segment(requestId));
    URI endpoint = URI.create(URI.create(built.toString()).toASCIIString());
    if (endpoint.getRawQuery() != null
        || endpoint.getRawFragment() != null
        || !base.getHost().equalsIgnoreCase(endpoint.getHost())
        || !endpoint.getRawPath().endsWith(SIMULATIONS_PATH + segment(requestId))) {
      // cannot happen for a URL without problems; kept as a guard against a future change
      throw new IllegalArgumentException("callbackURL cannot be turned into a callback endpoint");
    }
    return endpoint;
  }

  /** {@code value} percent-encoded as one path segment (see {@link #endpoint}). */
  static String segment(String value) {
    if (value.equals(".") || value.equals("..")) {
      return "%2E".repeat(value.length());
    }
    StringBuilder out = new StringBuilder(value.length());
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 'A' && c <= 'Z'
          || c >= 'a' && c <= 'z'
          || c >= '0' && c <= '9'
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
