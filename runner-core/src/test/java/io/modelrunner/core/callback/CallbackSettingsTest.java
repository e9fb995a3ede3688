package io.modelrunner.core.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallbackSettingsTest {
  @Test
  void theFiveArgumentConstructorAndTheDefaultsSendUnsignedCallbacksToAnyHost() {
    var five =
        new CallbackSettings(
            Duration.ofSeconds(1), 1, Duration.ZERO, Duration.ZERO, "secret-value");
    var defaults = CallbackSettings.defaults(Map.of(CallbackSettings.SECRET_ENV, "s"));

    for (var settings : new CallbackSettings[] {five, defaults}) {
      assertThat(settings.signingKey()).isNull();
      assertThat(settings.allowedHosts()).isEmpty();
    }
    assertThat(defaults.secret()).isEqualTo("s");
  }

  @Test
  void withersKeepTheOtherComponents() {
    var settings =
        CallbackSettings.defaults(Map.of())
            .withSecret("a")
            .withSigningKey("b")
            .withAllowedHosts(Set.of("Web.Example.org"));

    assertThat(settings.secret()).isEqualTo("a");
    assertThat(settings.signingKey()).isEqualTo("b");
    assertThat(settings.allowedHosts()).containsExactly("web.example.org");
    assertThat(settings.withSigningKey(" ").signingKey()).as("blank: unsigned").isNull();
    assertThat(settings.withAllowedHosts(null).allowedHosts()).isEmpty();
  }

  @Test
  void toStringShowsNeitherTheSecretNorTheSigningKey() {
    var settings =
        CallbackSettings.defaults(Map.of())
            .withSecret("the-secret-value")
            .withSigningKey("the-signing-key")
            .withAllowedHosts(Set.of("web.example.org"));

    assertThat(settings.toString())
        .doesNotContain("the-secret-value", "the-signing-key")
        .contains("secret=(set)", "signingKey=(set)", "allowedHosts=[web.example.org]");
    assertThat(CallbackSettings.defaults(Map.of()).toString())
        .contains("signingKey=none", "allowedHosts=any");
  }

  private static boolean allowed(Set<String> allowed, String url) {
    return CallbackSettings.hostAllowed(allowed, URI.create(url));
  }

  @Test
  void anEmptyAllowListOrAStarAllowsAnyHostAndPort() {
    assertThat(allowed(Set.of(), "http://anything.example:9999/")).isTrue();
    assertThat(CallbackSettings.hostAllowed(null, URI.create("https://anything.example/")))
        .isTrue();
    assertThat(allowed(Set.of("*"), "http://anything.example:1/")).isTrue();
    assertThat(
            new CallbackSettings(Duration.ofSeconds(1), 1, Duration.ZERO, Duration.ZERO, null)
                .withAllowedHosts(Set.of("*"))
                .allowedHosts())
        .containsExactly("*");
  }

  @Test
  void hostsMatchExactlyAndCaseInsensitively() {
    Set<String> allowed = Set.of("Web.Example.org", "127.0.0.1");

    assertThat(allowed(allowed, "https://web.example.org/")).isTrue();
    assertThat(allowed(allowed, "https://WEB.EXAMPLE.ORG/")).isTrue();
    assertThat(allowed(allowed, "https://web.example.org./")).isTrue();
    assertThat(allowed(allowed, "http://127.0.0.1/")).isTrue();
    assertThat(allowed(allowed, "https://api.web.example.org/")).isFalse();
    assertThat(allowed(allowed, "https://example.org/")).isFalse();
    assertThat(allowed(allowed, "https://web.example.org.evil.test/")).isFalse();
    assertThat(CallbackSettings.hostAllowed(allowed, null)).isFalse();
    assertThat(allowed(allowed, "http:opaque")).as("no host").isFalse();
    assertThat(allowed(allowed, "/relative")).as("no host").isFalse();
  }

  @Test
  void aBareHostAllowsOnlyTheDefaultPortOfTheUrlsScheme() {
    Set<String> allowed = Set.of("web.example.org");

    assertThat(allowed(allowed, "http://web.example.org/")).isTrue();
    assertThat(allowed(allowed, "http://web.example.org:80/")).isTrue();
    assertThat(allowed(allowed, "https://web.example.org/")).isTrue();
    assertThat(allowed(allowed, "https://web.example.org:443/")).isTrue();
    assertThat(allowed(allowed, "http://web.example.org:8080/")).isFalse();
    assertThat(allowed(allowed, "http://web.example.org:443/")).as("443 is not http's").isFalse();
    assertThat(allowed(allowed, "https://web.example.org:80/")).as("80 is not https'").isFalse();
    assertThat(allowed(allowed, "ftp://web.example.org/")).as("not http(s)").isFalse();
  }

  @Test
  void hostColonPortAllowsThatPortOnlyAndHostColonStarAnyPort() {
    assertThat(allowed(Set.of("web.example.org:8443"), "https://web.example.org:8443/")).isTrue();
    assertThat(allowed(Set.of("web.example.org:8443"), "http://web.example.org:8443/")).isTrue();
    assertThat(allowed(Set.of("web.example.org:8443"), "https://web.example.org/")).isFalse();
    assertThat(allowed(Set.of("web.example.org:8443"), "https://web.example.org:8444/")).isFalse();
    assertThat(allowed(Set.of("web.example.org:443"), "https://web.example.org/")).isTrue();
    assertThat(allowed(Set.of("web.example.org:*"), "http://web.example.org:1/")).isTrue();
    assertThat(allowed(Set.of("web.example.org:*"), "https://web.example.org:65535/")).isTrue();
    assertThat(allowed(Set.of("web.example.org:*"), "https://web.example.org/")).isTrue();
    assertThat(allowed(Set.of("web.example.org:*"), "https://other.example.org/")).isFalse();
  }

  @Test
  void anEntryStartingWithADotAllowsSubdomainsOnlyWithItsPortRule() {
    Set<String> allowed = Set.of(".example.org");

    assertThat(allowed(allowed, "https://api.example.org/")).isTrue();
    assertThat(allowed(allowed, "https://a.b.EXAMPLE.org/")).isTrue();
    assertThat(allowed(allowed, "https://api.example.org:8443/")).isFalse();
    assertThat(allowed(allowed, "https://example.org/")).isFalse();
    assertThat(allowed(allowed, "https://badexample.org/")).isFalse();
    assertThat(allowed(Set.of(".example.org:*"), "https://api.example.org:8443/")).isTrue();
    assertThat(allowed(Set.of(".example.org:8443"), "https://api.example.org:8443/")).isTrue();
    assertThat(allowed(Set.of("."), "https://example.org/")).as("not an entry").isFalse();
  }

  @Test
  void ipv6LiteralsMatchInBracketsWithTheirPortRuleAndInAnySpelling() {
    assertThat(allowed(Set.of("[::1]:*"), "http://[::1]:8080/")).isTrue();
    assertThat(allowed(Set.of("[::1]:*"), "http://[0:0:0:0:0:0:0:1]:8080/")).isTrue();
    assertThat(allowed(Set.of("[0:0::1]:8080"), "http://[::1]:8080/")).isTrue();
    assertThat(allowed(Set.of("[::1]:8080"), "http://[::1]:8081/")).isFalse();
    assertThat(allowed(Set.of("[::1]"), "http://[::1]/")).isTrue();
    assertThat(allowed(Set.of("[::1]"), "http://[::1]:8080/")).isFalse();
    assertThat(allowed(Set.of("::1"), "https://[::1]/")).as("no brackets: no port").isTrue();
    assertThat(allowed(Set.of("::1"), "https://[::1]:8443/")).isFalse();
    assertThat(allowed(Set.of("[::1]:*"), "http://[::2]:8080/")).isFalse();
  }

  @Test
  void theDefaultLoopbackEntriesAllowEveryPortOfLoopbackOnly() {
    Set<String> loopback = Set.of("localhost:*", "127.0.0.1:*", "[::1]:*");

    assertThat(allowed(loopback, "http://localhost:1234/cb")).isTrue();
    assertThat(allowed(loopback, "http://127.0.0.1/")).isTrue();
    assertThat(allowed(loopback, "https://[::1]:9/")).isTrue();
    assertThat(allowed(loopback, "http://127.0.0.2:1234/")).isFalse();
    assertThat(allowed(loopback, "http://localhost.example.org/")).isFalse();
  }

  @Test
  void entriesOfEveryFormAreValidAndOthersAreRefusedByName() {
    for (String good :
        List.of(
            "*",
            "web.example.org",
            "Web.Example.org.",
            "web.example.org:8443",
            "web.example.org:*",
            ".example.org",
            ".example.org:*",
            "127.0.0.1:1",
            "127.0.0.1:65535",
            "[::1]",
            "[::1]:*",
            "[fe80::1]:8080",
            "::1",
            "localhost:*",
            "host_with_underscore")) {
      assertThat(CallbackSettings.hostEntryProblem(good)).as(good).isEmpty();
    }
    for (String bad :
        List.of(
            "",
            ".",
            "web.example.org:0",
            "web.example.org:65536",
            "web.example.org:",
            "web.example.org:x",
            "web.example.org:80:81",
            "http://web.example.org",
            "web.example.org/path",
            "user@web.example.org",
            "[::1",
            "[::1]x",
            "[::1]:",
            "[not-ipv6]:*",
            "*:8080",
            "web..example.org",
            "-web.example.org")) {
      assertThat(CallbackSettings.hostEntryProblem(bad))
          .as(bad)
          .get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
          .contains("is not host, host:port or host:*");
    }
    assertThatThrownBy(
            () -> CallbackSettings.defaults(Map.of()).withAllowedHosts(Set.of("web.example.org:0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'web.example.org:0'");
  }
}
