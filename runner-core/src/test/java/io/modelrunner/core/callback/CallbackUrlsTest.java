package io.modelrunner.core.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CallbackUrlsTest {

  private static String endpoint(String callbackURL, String id) {
    return CallbackUrls.endpoint(callbackURL, id).toString();
  }

  @Test
  void theEndpointIsTheCallbackPathUnderTheUrlsPath() {
    assertThat(endpoint("http://127.0.0.1:8080", "7"))
        .isEqualTo("http://127.0.0.1:8080/api/simulations/7");
    assertThat(endpoint("https://web.example.org/base", "req-1"))
        .isEqualTo("https://web.example.org/base/api/simulations/req-1");
    assertThat(endpoint("HTTPS://Web.Example.org/Base", "x"))
        .as("scheme lower-cased, host and path kept")
        .isEqualTo("https://Web.Example.org/Base/api/simulations/x");
  }

  @Test
  void trailingSlashesAreNotDoubled() {
    assertThat(endpoint("http://h/", "7")).isEqualTo("http://h/api/simulations/7");
    assertThat(endpoint("http://h//", "7")).isEqualTo("http://h/api/simulations/7");
    assertThat(endpoint("http://h/base///", "7")).isEqualTo("http://h/base/api/simulations/7");
    assertThat(endpoint("http://h:", "7"))
        .as("an empty port is none")
        .isEqualTo("http://h/api/simulations/7");
  }

  @Test
  void theIdIsOneEncodedSegmentWhateverItHolds() {
    assertThat(endpoint("http://h", "run 1/x")).isEqualTo("http://h/api/simulations/run%201%2Fx");
    assertThat(endpoint("http://h", "a?b=c#d")).isEqualTo("http://h/api/simulations/a%3Fb%3Dc%23d");
    assertThat(endpoint("http://h", "50%")).isEqualTo("http://h/api/simulations/50%25");
    assertThat(endpoint("http://h", "ü€")).isEqualTo("http://h/api/simulations/%C3%BC%E2%82%AC");
    assertThat(endpoint("http://h", "a.b-c_d~e")).isEqualTo("http://h/api/simulations/a.b-c_d~e");
    assertThat(endpoint("http://h", "..")).isEqualTo("http://h/api/simulations/%2E%2E");
    assertThat(endpoint("http://h", ".")).isEqualTo("http://h/api/simulations/%2E");
    assertThat(endpoint("http://h", "../../admin"))
        .isEqualTo("http://h/api/simulations/..%2F..%2Fadmin");
  }

  @Test
  void aNonAsciiPathIsPercentEncoded() {
    assertThat(endpoint("http://h/ü", "1")).isEqualTo("http://h/%C3%BC/api/simulations/1");
  }

  @Test
  void ipv6HostsAndPortsAreKept() {
    URI uri = CallbackUrls.endpoint("http://[::1]:8080/cb/", "9");
    assertThat(uri.toString()).isEqualTo("http://[::1]:8080/cb/api/simulations/9");
    assertThat(uri.getHost()).isEqualTo("[::1]");
    assertThat(uri.getPort()).isEqualTo(8080);
  }

  @Test
  void queriesFragmentsAndUserInfoAreRefusedNotRewritten() {
    assertThat(CallbackUrls.problems("http://h/q?x="))
        .singleElement()
        .asString()
        .startsWith("must not have a query (?…)");
    assertThat(CallbackUrls.problems("http://h/q?")).singleElement().asString().contains("query");
    assertThat(CallbackUrls.problems("http://h/#f"))
        .containsExactly("must not have a fragment (#…)");
    assertThat(CallbackUrls.problems("http://h/#"))
        .containsExactly("must not have a fragment (#…)");
    assertThat(CallbackUrls.problems("http://user:pw@h/"))
        .containsExactly("must not carry a user name or password (user@host)");
    assertThat(CallbackUrls.problems("http://user@h/?q#f")).hasSize(3);
    assertThatThrownBy(() -> CallbackUrls.endpoint("http://h/q?x=", "1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("must not have a query");
  }

  @Test
  void schemesHostsAndPortsMustBeSane() {
    assertThat(CallbackUrls.problems("ftp://h/"))
        .containsExactly("must start with http:// or https://");
    assertThat(CallbackUrls.problems("h/path"))
        .containsExactly("must start with http:// or https://");
    assertThat(CallbackUrls.problems("http:opaque"))
        .containsExactly("must be an absolute URL: http(s):// followed by a host");
    assertThat(CallbackUrls.problems("http:///path"))
        .containsExactly("must be an absolute URL: http(s):// followed by a host");
    assertThat(CallbackUrls.problems("http://1.2.3.4.5/"))
        .singleElement()
        .asString()
        .startsWith("must name a host");
    assertThat(CallbackUrls.problems("http://h:0/"))
        .containsExactly("must have a port from 1 to 65535, not 0");
    assertThat(CallbackUrls.problems("http://h:65536/"))
        .containsExactly("must have a port from 1 to 65535, not 65536");
    assertThat(CallbackUrls.problems("http://h:99999999999/"))
        .singleElement()
        .asString()
        .startsWith("must name a host");
    assertThat(CallbackUrls.problems("http://h:1/")).isEmpty();
    assertThat(CallbackUrls.problems("http://h:65535/")).isEmpty();
    assertThat(CallbackUrls.problems("https://[::1]:443")).isEmpty();
  }

  @Test
  void spacesControlCharactersAndMalformedUrlsAreRefusedInPlainWords() {
    assertThat(CallbackUrls.problems(null)).containsExactly("must be an http(s) URL, not empty");
    assertThat(CallbackUrls.problems(" ")).containsExactly("must be an http(s) URL, not empty");
    assertThat(CallbackUrls.problems("http://h/a b"))
        .containsExactly("must not contain spaces or control characters (at character 10)");
    assertThat(CallbackUrls.problems("http://h/\u0000"))
        .singleElement()
        .asString()
        .contains("control");
    assertThat(CallbackUrls.problems("http://h/%zz"))
        .singleElement()
        .asString()
        .startsWith("is not a valid URL: ")
        .doesNotContain("Exception");
  }

  @Test
  void theLengthIsBoundedExactlyAtTheLimit() {
    String prefix = "http://h/";
    String atLimit = prefix + "a".repeat(CallbackUrls.MAX_LENGTH - prefix.length());
    assertThat(atLimit).hasSize(CallbackUrls.MAX_LENGTH);
    assertThat(CallbackUrls.problems(atLimit)).isEmpty();
    assertThat(CallbackUrls.problems(atLimit + "a"))
        .containsExactly("must be at most 1000 characters long, not 1001");
  }

  /**
   * Seeded random ids and bases: the endpoint never has a query or fragment, keeps the base's host
   * and port, and its last segment decodes back to the id. Replay with {@code
   * -Dcallbackurls.seed=N}.
   */
  @Test
  void randomIdsAlwaysLandInOneSegmentOfTheSameHost() {
    long seed = Long.getLong("callbackurls.seed", System.nanoTime());
    System.out.println("CallbackUrlsTest seed: " + seed);
    Random random = new Random(seed);
    String[] bases = {"http://h", "http://h/", "https://[::1]:8443/x/", "http://127.0.0.1:9/a/b"};
    String alphabet = "aZ09-._~ /?#%&=+:;@!$'()*,[]\\\"<>ü€\u00a0\t";
    for (int i = 0; i < 2000; i++) {
      StringBuilder id = new StringBuilder();
      int length = random.nextInt(12);
      for (int j = 0; j < length; j++) {
        id.append(
            random.nextInt(10) == 0
                ? Character.toChars(0x1F600 + random.nextInt(50))
                : new char[] {alphabet.charAt(random.nextInt(alphabet.length()))});
      }
      String base = bases[random.nextInt(bases.length)];
      URI uri = CallbackUrls.endpoint(base, id.toString());
      URI parsedBase = URI.create(base);
      String context = "seed " + seed + ", base " + base + ", id '" + id + "'";
      assertThat(uri.getRawQuery()).as(context).isNull();
      assertThat(uri.getRawFragment()).as(context).isNull();
      assertThat(uri.getHost()).as(context).isEqualTo(parsedBase.getHost());
      assertThat(uri.getPort()).as(context).isEqualTo(parsedBase.getPort());
      String raw = uri.getRawPath();
      assertThat(raw).as(context).contains("/api/simulations/");
      String last = raw.substring(raw.lastIndexOf("/api/simulations/") + 17);
      assertThat(last).as(context).doesNotContain("/").matches("[A-Za-z0-9%._~-]*");
      String decoded = java.net.URLDecoder.decode(last.replace("+", "%2B"), StandardCharsets.UTF_8);
      assertThat(decoded).as(context).isEqualTo(id.toString());
    }
  }
}
