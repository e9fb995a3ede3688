package io.modelrunner.app.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AdapterHostsTest {
  /** A resolver that knows a few names and resolves literals; nothing goes to DNS. */
  private static AdapterHosts.Resolver names(Map<String, String> known) {
    return host -> {
      String address = known.get(host);
      if (address != null) {
        return new InetAddress[] {
          InetAddress.getByName("10.9.9.9"), InetAddress.getByName(address)
        };
      }
      if (host.contains(":")
          || host.matches("(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}")) {
        return InetAddress.getAllByName(host);
      }
      throw new UnknownHostException(host);
    };
  }

  private final AdapterHosts any =
      new AdapterHosts(
          Set.of(),
          names(
              Map.of(
                  "rebound.example.org", "169.254.169.254",
                  "multi.example.org", "224.0.0.251",
                  "ok.example.org", "10.0.0.8")));

  @Test
  void alwaysRefusedHostsAreRefusedAsLiteralsAndAsWhatNamesResolveTo() {
    Map<String, String> refused =
        Map.ofEntries(
            Map.entry("http://169.254.169.254", "metadata"),
            Map.entry("http://169.254.0.1:80", "link-local"),
            Map.entry("http://[fe80::1]:8080", "link-local"),
            Map.entry("http://[FE80::abcd]", "link-local"),
            Map.entry("http://0.0.0.0:8080", "unspecified"),
            Map.entry("http://0.0.0.1", "unspecified"),
            Map.entry("http://[::]", "unspecified"),
            Map.entry("http://[::ffff:169.254.169.254]", "metadata"),
            Map.entry("http://[::ffff:0.0.0.0]", "unspecified"),
            Map.entry("http://[fd00:ec2::254]/latest", "metadata"),
            Map.entry("http://100.100.100.200", "metadata"),
            Map.entry("http://224.0.0.1", "multicast"),
            Map.entry("http://[ff02::1]", "multicast"),
            Map.entry("http://255.255.255.255", "broadcast"),
            Map.entry("http://metadata.google.internal/computeMetadata", "metadata"),
            Map.entry("http://Metadata.Google.Internal.", "metadata"),
            Map.entry("http://metadata.goog", "metadata"),
            Map.entry("http://rebound.example.org:8080", "resolves to 169.254.169.254"),
            Map.entry("http://multi.example.org", "multicast"),
            Map.entry("http://999.1.1.1", "not a valid address"));
    for (Map.Entry<String, String> e : refused.entrySet()) {
      assertThat(any.refusal(e.getKey()))
          .as(e.getKey())
          .hasValueSatisfying(why -> assertThat(why).contains(e.getValue()));
    }
  }

  @Test
  void loopbackPrivateAndUnresolvableNamesAreAllowed() {
    for (String uri :
        List.of(
            "http://127.0.0.1:9000",
            "http://[::1]:8080",
            "http://10.1.2.3",
            "http://192.168.0.10:5000/model",
            "http://ok.example.org",
            "http://project_seir_1:8080",
            "https://not-yet-up.example.org")) {
      assertThat(any.refusal(uri)).as(uri).isEmpty();
    }
  }

  @Test
  void anAllowListAdmitsOnlyItsHostsWithTheCallbackHostRules() {
    AdapterHosts listed =
        new AdapterHosts(
            Set.of("127.0.0.1", ".models.example.org", "seir"),
            names(Map.of("a.models.example.org", "10.0.0.1", "seir", "10.0.0.2")));
    assertThat(listed.refusal("http://127.0.0.1:9000")).isEmpty();
    assertThat(listed.refusal("http://a.models.example.org")).isEmpty();
    assertThat(listed.refusal("http://SEIR:8080/")).isEmpty();
    assertThat(listed.refusal("http://models.example.org"))
        .get()
        .asString()
        .contains("registry.allowed-adapter-hosts");
    assertThat(listed.refusal("http://evilmodels.example.org")).isPresent();
    assertThat(listed.refusal("http://[::1]:8080")).isPresent();
    AdapterHosts star = new AdapterHosts(Set.of("*"), names(Map.of()));
    assertThat(star.refusal("http://anything.example.org")).isEmpty();
    assertThat(star.refusal("http://169.254.169.254")).isPresent();
  }

  @Test
  void theHostIsReadFromTheAuthorityWhenUriRefusesIt() {
    assertThat(AdapterHosts.host("http://project_seir_1:8080/x")).isEqualTo("project_seir_1");
    assertThat(AdapterHosts.host("http://[fe80::1]:8080")).isEqualTo("fe80::1");
    assertThat(AdapterHosts.host("http://Example.ORG.:1")).isEqualTo("example.org");
    assertThat(AdapterHosts.host("http://a_b")).isEqualTo("a_b");
    assertThat(AdapterHosts.host("not a uri")).isEmpty();
    assertThat(any.refusal("http:///nohost")).isPresent();
  }
}
