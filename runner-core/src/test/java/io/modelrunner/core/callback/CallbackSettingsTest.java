package io.modelrunner.core.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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

  @Test
  void anEmptyAllowListAllowsAnyHost() {
    assertThat(CallbackSettings.hostAllowed(Set.of(), "anything.example")).isTrue();
    assertThat(CallbackSettings.hostAllowed(null, "anything.example")).isTrue();
  }

  @Test
  void hostsMatchExactlyAndCaseInsensitively() {
    Set<String> allowed = Set.of("Web.Example.org", "127.0.0.1");

    assertThat(CallbackSettings.hostAllowed(allowed, "web.example.org")).isTrue();
    assertThat(CallbackSettings.hostAllowed(allowed, "WEB.EXAMPLE.ORG")).isTrue();
    assertThat(CallbackSettings.hostAllowed(allowed, "web.example.org.")).isTrue();
    assertThat(CallbackSettings.hostAllowed(allowed, "127.0.0.1")).isTrue();
    assertThat(CallbackSettings.hostAllowed(allowed, "api.web.example.org")).isFalse();
    assertThat(CallbackSettings.hostAllowed(allowed, "example.org")).isFalse();
    assertThat(CallbackSettings.hostAllowed(allowed, "web.example.org.evil.test")).isFalse();
    assertThat(CallbackSettings.hostAllowed(allowed, null)).isFalse();
    assertThat(CallbackSettings.hostAllowed(allowed, "")).isFalse();
  }

  @Test
  void anEntryStartingWithADotAllowsSubdomainsOnly() {
    Set<String> allowed = Set.of(".example.org");

    assertThat(CallbackSettings.hostAllowed(allowed, "api.example.org")).isTrue();
    assertThat(CallbackSettings.hostAllowed(allowed, "a.b.EXAMPLE.org")).isTrue();
    assertThat(CallbackSettings.hostAllowed(allowed, "example.org")).isFalse();
    assertThat(CallbackSettings.hostAllowed(allowed, "badexample.org")).isFalse();
    assertThat(CallbackSettings.hostAllowed(Set.of("."), "example.org")).isFalse();
  }

  @Test
  void ipv6LiteralsMatchWithOrWithoutBrackets() {
    assertThat(CallbackSettings.hostAllowed(Set.of("::1"), "[::1]")).isTrue();
    assertThat(CallbackSettings.hostAllowed(Set.of("[::1]"), "::1")).isTrue();
  }
}
