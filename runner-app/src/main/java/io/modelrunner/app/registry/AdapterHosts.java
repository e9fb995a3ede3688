package io.modelrunner.app.registry;

import io.modelrunner.app.http.Addresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which hosts a registered adapter's {@code uri} may name — checked when an adapter registers and
 * again when the service is about to call it, since a name may resolve elsewhere by then.
 *
 * <ul>
 *   <li>Always refused: link-local addresses ({@code 169.254.0.0/16}, {@code fe80::/10}), the
 *       unspecified addresses ({@code 0.0.0.0/8}, {@code ::}), broadcast and multicast, and the
 *       cloud metadata endpoints ({@code 169.254.169.254}, {@code fd00:ec2::254}, {@code
 *       100.100.100.200}, {@code metadata.google.internal}, {@code metadata.goog}) — as literals
 *       (IPv4-mapped IPv6 included) and as what a name resolves to, every address of it;
 *   <li>when {@code registry.allowed-adapter-hosts} lists hosts, only those: an entry equal to the
 *       host, or an entry {@code .example.org} for every subdomain of {@code example.org} (not
 *       {@code example.org} itself) — the host rules of {@code callbacks.allowed-hosts}, compared
 *       ignoring case, IPv6 brackets and a trailing dot; ports do not count.
 * </ul>
 *
 * A name that does not resolve now is let through (the adapter may not be up yet); the check when
 * the service calls it resolves it again. Loopback and private addresses are allowed: adapters
 * usually run next to the service.
 */
public final class AdapterHosts {
  /** Resolves a host name to its addresses (the JDK's resolver in production). */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private static final Set<String> METADATA_NAMES =
      Set.of("metadata.google.internal", "metadata.goog");
  private static final Set<String> METADATA_ADDRESSES =
      Set.of("169.254.169.254", "fd00:ec2:0:0:0:0:0:254", "100.100.100.200");
  private static final Pattern IPV4_LITERAL = Pattern.compile("[0-9.]+");

  private final Set<String> allowed;
  private final Resolver resolver;

  /**
   * @param allowed {@code registry.allowed-adapter-hosts}; empty (or {@code *}) allows any host but
   *     the always-refused ones
   */
  public AdapterHosts(Set<String> allowed, Resolver resolver) {
    Set<String> hosts = new java.util.TreeSet<>();
    for (String entry : Objects.requireNonNull(allowed, "allowed")) {
      String h = normalize(entry);
      if (!h.isEmpty()) {
        hosts.add(h);
      }
    }
    this.allowed = hosts.contains("*") ? Set.of() : java.util.Collections.unmodifiableSet(hosts);
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  /** With the JDK's resolver. */
  public static AdapterHosts of(Set<String> allowed) {
    return new AdapterHosts(allowed, InetAddress::getAllByName);
  }

  /**
   * Why {@code uri} may not be used as an adapter's address, or empty when it may.
   *
   * @param uri an absolute http(s) URL, as registered
   */
  public Optional<String> refusal(String uri) {
    String host = host(uri);
    if (host.isEmpty()) {
      return Optional.of("names no host");
    }
    if (!allowed.isEmpty() && !listed(host)) {
      return Optional.of(
          "host " + host + " is not in registry.allowed-adapter-hosts (" + allowed + ")");
    }
    if (METADATA_NAMES.contains(host)) {
      return Optional.of("host " + host + " is a cloud metadata endpoint");
    }
    boolean literal = host.contains(":") || IPV4_LITERAL.matcher(host).matches();
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException | RuntimeException e) {
      return literal
          ? Optional.of("host " + host + " is not a valid address")
          : Optional.empty(); // checked again when the service calls it
    }
    for (InetAddress address : addresses) {
      Optional<String> why = forbidden(Addresses.unmapped(address));
      if (why.isPresent()) {
        return Optional.of(
            "host "
                + host
                + (literal ? "" : " resolves to " + address.getHostAddress() + ", which")
                + " is "
                + why.get());
      }
    }
    return Optional.empty();
  }

  /** Whether an allowed entry is {@code host}, or a {@code .domain} that {@code host} is under. */
  private boolean listed(String host) {
    for (String entry : allowed) {
      if (entry.startsWith(".") ? entry.length() > 1 && host.endsWith(entry) : host.equals(entry)) {
        return true;
      }
    }
    return false;
  }

  private static Optional<String> forbidden(InetAddress address) {
    if (METADATA_ADDRESSES.contains(address.getHostAddress())) {
      return Optional.of("a cloud metadata endpoint");
    }
    if (address.isAnyLocalAddress()
        || (address instanceof Inet4Address && address.getAddress()[0] == 0)) {
      return Optional.of("an unspecified address");
    }
    if (address.isLinkLocalAddress()) {
      return Optional.of("a link-local address");
    }
    if (address.isMulticastAddress()) {
      return Optional.of("a multicast address");
    }
    if (address instanceof Inet4Address && address.getHostAddress().equals("255.255.255.255")) {
      return Optional.of("the broadcast address");
    }
    return Optional.empty();
  }

  /**
   * The host of {@code uri}, lower-case, without IPv6 brackets or a trailing dot. Host names with
   * underscores (docker-compose service names), which {@link URI#getHost()} refuses, are read from
   * the authority.
   */
  static String host(String uri) {
    String authority;
    try {
      URI parsed = new URI(uri);
      if (parsed.getHost() != null) {
        return normalize(parsed.getHost());
      }
      authority = parsed.getRawAuthority();
    } catch (URISyntaxException e) {
      return "";
    }
    if (authority == null) {
      return "";
    }
    int at = authority.lastIndexOf('@');
    String hostPort = at < 0 ? authority : authority.substring(at + 1);
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      return close < 0 ? "" : normalize(hostPort.substring(0, close + 1));
    }
    int colon = hostPort.lastIndexOf(':');
    return normalize(colon < 0 ? hostPort : hostPort.substring(0, colon));
  }

  private static String normalize(String host) {
    String h = host.strip().toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.endsWith(".") && h.length() > 1) {
      h = h.substring(0, h.length() - 1);
    }
    return h;
  }
}
