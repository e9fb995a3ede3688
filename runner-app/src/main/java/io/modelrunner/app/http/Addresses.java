package io.modelrunner.app.http;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * Client addresses in one form, for counting, comparing and recording them. Never a name lookup.
 */
public final class Addresses {
  private Addresses() {}

  /**
   * The text form used to record and compare client addresses: an IPv4-mapped IPv6 address as IPv4
   * ({@code ::ffff:10.0.0.1} is {@code 10.0.0.1}), IPv6 without a scope, both as {@link
   * InetAddress#getHostAddress()} writes them.
   */
  public static String text(InetAddress address) {
    return unmapped(address).getHostAddress();
  }

  /** {@code address}, with an IPv4-mapped IPv6 address as the IPv4 address and no IPv6 scope. */
  public static InetAddress unmapped(InetAddress address) {
    Objects.requireNonNull(address, "address");
    if (!(address instanceof Inet6Address)) {
      return address;
    }
    byte[] b = address.getAddress();
    boolean mapped = b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    for (int i = 0; i < 10; i++) {
      mapped &= b[i] == 0;
    }
    try {
      return mapped
          ? Inet4Address.getByAddress(new byte[] {b[12], b[13], b[14], b[15]})
          : InetAddress.getByAddress(b); // drops the scope and any name
    } catch (UnknownHostException e) {
      throw new IllegalStateException("cannot happen: a 4 or 16 byte address", e);
    }
  }
}
