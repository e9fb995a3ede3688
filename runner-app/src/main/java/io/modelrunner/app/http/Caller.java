package io.modelrunner.app.http;

import java.net.InetAddress;
import java.util.Objects;

/**
 * Who makes a registry write, as {@link AuthFilter} established it: the client's address (the peer
 * of the TCP connection, never a header) and whether it presented the registry token.
 *
 * @param address the client's address in its normal text form ({@link Addresses#text})
 * @param registryTokenHolder whether the call carried the configured {@code registry.token}
 */
public record Caller(String address, boolean registryTokenHolder) {
  /** The request property under which {@link AuthFilter} leaves the {@link Caller}. */
  public static final String PROPERTY = "io.modelrunner.app.http.Caller";

  public Caller {
    Objects.requireNonNull(address, "address");
  }

  /** A caller at {@code address}. */
  public static Caller at(InetAddress address, boolean registryTokenHolder) {
    return new Caller(Addresses.text(address), registryTokenHolder);
  }
}
