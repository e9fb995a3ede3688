package io.modelrunner.app.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The web origins ({@code scheme://host[:port]}, as a browser sends them in {@code Origin}) that
 * may call the API from a browser ({@code server.cors.allowed-origins}); empty: none, and no CORS
 * header is ever sent. {@code *} is refused: registry writes are granted by client address ({@code
 * registry.trusted-networks}), so any web page opened by a user inside those networks could write
 * to the registry through the user's browser.
 */
public record CorsOrigins(Set<String> origins) {
  public CorsOrigins {
    origins = Set.copyOf(origins);
  }

  public static CorsOrigins none() {
    return new CorsOrigins(Set.of());
  }

  /**
   * @throws IllegalArgumentException naming the first entry that is not an origin
   */
  public static CorsOrigins parse(List<String> entries) {
    Set<String> origins = new LinkedHashSet<>();
    for (String entry : entries) {
      origins.add(origin(entry));
    }
    return new CorsOrigins(origins);
  }

  public boolean isEmpty() {
    return origins.isEmpty();
  }

  /** Whether {@code origin}, exactly as a browser sent it, is one of these. */
  public boolean allows(String origin) {
    return origin != null && origins.contains(origin);
  }

  private static String origin(String entry) {
    if (entry.equals("*")) {
      throw new IllegalArgumentException(
          "'*' is not allowed: list the web application's origins (https://app.example.org);"
              + " with '*' any web page a user inside registry.trusted-networks opens could write"
              + " to the registry");
    }
    URI uri;
    try {
      uri = new URI(entry);
    } catch (URISyntaxException e) {
      throw notAnOrigin(entry);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean bare =
        (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
            && uri.getRawQuery() == null
            && uri.getRawFragment() == null
            && uri.getRawUserInfo() == null;
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || !bare) {
      throw notAnOrigin(entry);
    }
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    boolean defaultPort =
        port == -1
            || (scheme.equals("http") && port == 80)
            || (scheme.equals("https") && port == 443);
    return scheme + "://" + host + (defaultPort ? "" : ":" + port);
  }

  private static IllegalArgumentException notAnOrigin(String entry) {
    return new IllegalArgumentException(
        "'"
            + entry
            + "' is not a web origin: write scheme://host[:port] (http or https, no path, no"
            + " query), e.g. https://app.example.org");
  }

  @Override
  public String toString() {
    return origins.isEmpty() ? "none" : String.join(",", origins);
  }
}
