package io.modelrunner.core.store;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * An object store's options ({@code --store-option}, {@code store.options}), read with one syntax
 * for every store:
 *
 * <ul>
 *   <li>a size is bytes, or a number with a {@code KiB}, {@code MiB} or {@code GiB} suffix in any
 *       case, with or without a space ({@code 16MiB}, {@code 16 mib});
 *   <li>a switch is {@code true} or {@code false} in any case;
 *   <li>a number is a decimal integer;
 *   <li>an endpoint is an {@code http(s)} URL without user information or query.
 * </ul>
 *
 * Surrounding blanks are ignored. Messages name the store and the option; they show the value of a
 * size, switch or number, and never the value of any other option (it may be a secret).
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class StoreOptions {
  private static final Map<String, Long> UNITS =
      Map.of("kib", 1L << 10, "mib", 1L << 20, "gib", 1L << 30);

  private final String store;
  private final Map<String, String> values;

  /**
   * @param store the store's name in messages: {@code S3}, {@code Azure}
   * @param values the options given
   * @param known the option names the store accepts
   * @throws IllegalArgumentException for an option not in {@code known}
   */
  public StoreOptions(String store, Map<String, String> values, Set<String> known) {
    this.store = Objects.requireNonNull(store, "store");
    this.values = Map.copyOf(Objects.requireNonNull(values, "values"));
    for (String name : this.values.keySet()) {
      if (!known.contains(name)) {
        throw new IllegalArgumentException(
            "unknown "
                + store
                + " store option '"
                + name
                + "'; known: "
                + String.join(", ", known.stream().sorted().toList()));
      }
    }
  }

  /** Whether option {@code name} is given. */
  public boolean has(String name) {
    return values.containsKey(name);
  }

  /** Option {@code name} as given, or {@code fallback}. */
  public String text(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  /** Switch {@code name}, or {@code fallback} when not given. */
  public boolean bool(String name, boolean fallback) {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw bad(name, "true or false", value, null);
    };
  }

  /** Number {@code name}, or {@code fallback} when not given. */
  public int integer(String name, int fallback) {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw bad(name, "a number", value, e);
    }
  }

  /** Size {@code name} in bytes, or {@code fallback} when not given. */
  public long size(String name, long fallback) {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    String number = value.trim();
    long unit = 1;
    String lower = number.toLowerCase(Locale.ROOT);
    for (var suffix : UNITS.entrySet()) {
      if (lower.endsWith(suffix.getKey())) {
        unit = suffix.getValue();
        number = number.substring(0, number.length() - suffix.getKey().length()).trim();
        break;
      }
    }
    try {
      return Math.multiplyExact(Long.parseLong(number), unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw bad(name, "bytes or a number with KiB, MiB or GiB", value, e);
    }
  }

  /**
   * Endpoint {@code name}, or null when not given.
   *
   * @throws IllegalArgumentException for a value that is not an {@code http(s)} URL, or that
   *     carries user information or a query (credentials, a SAS token)
   */
  public URI endpoint(String name) {
    String value = values.get(name);
    if (value == null) {
      return null;
    }
    URI endpoint;
    try {
      endpoint = new URI(value.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          store + " " + name + " is not a URL: " + e.getReason() + " at index " + e.getIndex(), e);
    }
    if (endpoint.getRawUserInfo() != null || endpoint.getRawQuery() != null) {
      throw new IllegalArgumentException(
          store + " " + name + " must not carry credentials or a query (such as a SAS token)");
    }
    return requireHttpUrl(store + " " + name, endpoint);
  }

  /**
   * Returns {@code endpoint} when it is null or an {@code http(s)} URL with a host.
   *
   * @param what what the endpoint is, for the message: {@code S3 endpoint}
   * @throws IllegalArgumentException otherwise
   */
  public static URI requireHttpUrl(String what, URI endpoint) {
    if (endpoint != null
        && (endpoint.getHost() == null
            || !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme())))) {
      throw new IllegalArgumentException(what + " must be an http(s) URL: " + endpoint);
    }
    return endpoint;
  }

  /**
   * Returns {@code value} when it is from {@code min} to {@code max}.
   *
   * @param what what the value is, for the message: {@code S3 part size}
   * @param range the range in words: {@code 5 MiB and 1 GiB (bytes)}
   * @throws IllegalArgumentException otherwise
   */
  public static long requireBetween(String what, long value, long min, long max, String range) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(what + " must be between " + range + ": " + value);
    }
    return value;
  }

  private IllegalArgumentException bad(String name, String expected, String value, Throwable e) {
    return new IllegalArgumentException(
        store + " store option " + name + " is " + expected + ": " + value, e);
  }
}
