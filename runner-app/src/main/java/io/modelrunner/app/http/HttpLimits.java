package io.modelrunner.app.http;

import java.time.Duration;
import java.util.Objects;

/**
 * What the HTTP edge allows a client, so that slow or greedy clients cannot starve the others
 * (docs/configuration.md, {@code server.*}).
 *
 * @param headerTimeout a request's complete headers must arrive within this time — counted from the
 *     connection's opening for its first request, and from the first byte of each later request on
 *     a kept-alive connection — however steadily they trickle in; else the connection gets 408 and
 *     is closed
 * @param idleTimeout a connection with no bytes in either direction for this long is closed
 * @param bodyTimeout a request body must arrive within this time after its headers, plus one second
 *     per {@code bodyMinRate} bytes received; a slower one is cut off with 408
 * @param bodyMinRate bytes per second that extend {@code bodyTimeout} (0: no extension)
 * @param maxHeaderBytes the largest request line plus headers; larger gets 431
 * @param maxConnections the most open connections; more are closed at once on accept
 * @param maxConnectionsPerClient the most open connections from one client address (0: no limit);
 *     more are closed at once on accept
 */
public record HttpLimits(
    Duration headerTimeout,
    Duration idleTimeout,
    Duration bodyTimeout,
    long bodyMinRate,
    int maxHeaderBytes,
    int maxConnections,
    int maxConnectionsPerClient) {

  public HttpLimits {
    positive("headerTimeout", headerTimeout);
    positive("idleTimeout", idleTimeout);
    positive("bodyTimeout", bodyTimeout);
    if (bodyMinRate < 0) {
      throw new IllegalArgumentException("bodyMinRate must not be negative: " + bodyMinRate);
    }
    if (maxHeaderBytes < 256) {
      throw new IllegalArgumentException("maxHeaderBytes must be at least 256: " + maxHeaderBytes);
    }
    if (maxConnections < 1 || maxConnectionsPerClient < 0) {
      throw new IllegalArgumentException(
          "maxConnections must be positive and maxConnectionsPerClient not negative");
    }
  }

  /** The defaults of docs/configuration.md. */
  public static HttpLimits defaults() {
    return new HttpLimits(
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofSeconds(10),
        8192,
        8192,
        1000,
        64);
  }

  private static void positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }
}
