package io.modelrunner.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworksTest {
  private static final Networks DEFAULT =
      Networks.parse(
          List.of(
              "127.0.0.0/8",
              "::1/128",
              "10.0.0.0/8",
              "172.16.0.0/12",
              "192.168.0.0/16",
              "fc00::/7"));

  private static InetAddress a(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }

  @Test
  void theDefaultTrustsLoopbackAndThePrivateRangesOnly() throws Exception {
    for (String inside :
        List.of(
            "127.0.0.1",
            "127.255.0.2",
            "::1",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "fd12:3456::1",
            "fc00::1",
            "::ffff:10.0.0.5",
            "::ffff:127.0.0.1")) {
      assertThat(DEFAULT.contains(a(inside))).as(inside).isTrue();
    }
    for (String outside :
        List.of(
            "8.8.8.8",
            "172.32.0.1",
            "172.15.255.255",
            "192.169.0.1",
            "169.254.169.254",
            "2001:db8::1",
            "fe80::1",
            "::ffff:8.8.8.8",
            "0.0.0.0",
            "::")) {
      assertThat(DEFAULT.contains(a(outside))).as(outside).isFalse();
    }
    assertThat(DEFAULT.contains(null)).isFalse();
  }

  @Test
  void bareAddressesAndOddPrefixesWork() throws Exception {
    Networks n =
        Networks.parse(List.of("192.0.2.7", "198.51.100.0/25", "2001:db8::/33", "0.0.0.0/0"));
    assertThat(n.contains(a("192.0.2.7"))).isTrue();
    assertThat(Networks.parse(List.of("192.0.2.7")).contains(a("192.0.2.8"))).isFalse();
    Networks half = Networks.parse(List.of("198.51.100.0/25"));
    assertThat(half.contains(a("198.51.100.127"))).isTrue();
    assertThat(half.contains(a("198.51.100.128"))).isFalse();
    Networks v6 = Networks.parse(List.of("2001:db8::/33"));
    assertThat(v6.contains(a("2001:db8:7fff::1"))).isTrue();
    assertThat(v6.contains(a("2001:db8:8000::1"))).isFalse();
    assertThat(Networks.parse(List.of("0.0.0.0/0")).contains(a("203.0.113.9"))).isTrue();
    assertThat(Networks.parse(List.of("0.0.0.0/0")).contains(a("2001:db8::1"))).isFalse();
    assertThat(Networks.parse(List.of()).isEmpty()).isTrue();
    assertThat(n.toString()).isEqualTo("192.0.2.7,198.51.100.0/25,2001:db8::/33,0.0.0.0/0");
  }

  @Test
  void namesAndMalformedRangesAreRefusedWithoutALookup() {
    for (String bad :
        List.of(
            "localhost",
            "example.org/8",
            "10.0.0.0/33",
            "::1/129",
            "10.0.0.0/-1",
            "10.0.0.0/x",
            "300.1.1.1",
            "10.0.0",
            "1:2:3:4:5:6:7:8:9",
            "")) {
      assertThatThrownBy(() -> Networks.parse(List.of(bad)))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void addressesAreComparedInOneForm() throws Exception {
    assertThat(Addresses.text(a("::ffff:10.0.0.1"))).isEqualTo("10.0.0.1");
    assertThat(Addresses.text(a("127.0.0.2"))).isEqualTo("127.0.0.2");
    assertThat(Addresses.text(a("0:0:0:0:0:0:0:1"))).isEqualTo(Addresses.text(a("::1")));
    assertThat(Addresses.text(a("fe80::1%1"))).isEqualTo(Addresses.text(a("fe80::1")));
  }
}
