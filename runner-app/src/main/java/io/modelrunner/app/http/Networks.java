package io.modelrunner.app.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A list of address ranges in CIDR notation ({@code 10.0.0.0/8}, {@code fc00::/7}; a bare address
 * is a range of one). IPv4-mapped IPv6 addresses ({@code ::ffff:10.1.2.3}) match the IPv4 ranges.
 * Only address literals are accepted, never host names: parsing never looks anything up.
 */
public final class Networks {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private record Range(byte[] network, int prefix, String text) {
    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (address[full] & mask) == (network[full] & mask);
    }
  }

  private final List<Range> ranges;

  private Networks(List<Range> ranges) {
    this.ranges = List.copyOf(ranges);
  }

  /**
   * Parses ranges such as {@code 127.0.0.0/8}, {@code ::1/128} or {@code 192.168.1.7}.
   *
   * @throws IllegalArgumentException naming the first entry that is not an address range
   */
  public static Networks parse(List<String> entries) {
    List<Range> ranges = new ArrayList<>();
    for (String entry : entries) {
      ranges.add(range(entry.strip()));
    }
    return new Networks(ranges);
  }

  /** Whether some range contains {@code address}. */
  public boolean contains(InetAddress address) {
    if (address == null) {
      return false;
    }
    byte[] bytes = Addresses.unmapped(address).getAddress();
    for (Range r : ranges) {
      if (r.contains(bytes)) {
        return true;
      }
    }
    return false;
  }

  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  @Override
  public String toString() {
    return ranges.stream().map(Range::text).collect(Collectors.joining(","));
  }

  private static Range range(String entry) {
    int slash = entry.indexOf('/');
    String host = slash < 0 ? entry : entry.substring(0, slash);
    boolean v4 = IPV4.matcher(host).matches();
    if (v4) {
      for (String octet : host.split("\\.")) {
        v4 &= Integer.parseInt(octet) <= 255;
      }
    }
    if (!v4 && !IPV6.matcher(host).matches()) {
      throw new IllegalArgumentException(
          "'" + entry + "' is not an address range such as 10.0.0.0/8 or fc00::/7");
    }
    byte[] network;
    try {
      network = Addresses.unmapped(InetAddress.getByName(host)).getAddress();
    } catch (UnknownHostException | RuntimeException e) {
      throw new IllegalArgumentException(
          "'" + entry + "' is not an address range such as 10.0.0.0/8 or fc00::/7");
    }
    int max = network.length * 8;
    int prefix = max;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(entry.substring(slash + 1));
      } catch (NumberFormatException e) {
        prefix = -1;
      }
      if (prefix < 0 || prefix > max) {
        throw new IllegalArgumentException(
            "'" + entry + "': the prefix length must be a number from 0 to " + max);
      }
    }
    return new Range(network, prefix, Objects.requireNonNull(entry));
  }
}
