package io.modelrunner.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StoreOptionsTest {
  private static final Set<String> KNOWN = Set.of("size", "flag", "count", "endpoint", "secret");

  private static StoreOptions options(String name, String value) {
    return new StoreOptions("Test", Map.of(name, value), KNOWN);
  }

  @Test
  void sizesAreBytesOrANumberWithABinaryUnitInAnyCase() {
    assertThat(options("size", "1234").size("size", 0)).isEqualTo(1234);
    assertThat(options("size", "16MiB").size("size", 0)).isEqualTo(16L << 20);
    assertThat(options("size", " 16 mib ").size("size", 0)).isEqualTo(16L << 20);
    assertThat(options("size", "2KIB").size("size", 0)).isEqualTo(2048);
    assertThat(options("size", "1GiB").size("size", 0)).isEqualTo(1L << 30);
    assertThat(options("flag", "true").size("size", 7)).isEqualTo(7);
  }

  @Test
  void aBadSizeNamesTheStoreTheOptionAndTheSyntax() {
    for (String bad : new String[] {"16MB", "MiB", "1.5GiB", "9223372036854775807GiB", "1KiBMiB"}) {
      assertThatThrownBy(() -> options("size", bad).size("size", 0))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Test store option size is bytes or a number with KiB, MiB or GiB: " + bad);
    }
  }

  @Test
  void switchesAndNumbersAreChecked() {
    assertThat(options("flag", " TRUE").bool("flag", false)).isTrue();
    assertThat(options("flag", "false").bool("flag", true)).isFalse();
    assertThat(options("count", "3").bool("flag", true)).isTrue();
    assertThat(options("count", " 3 ").integer("count", 4)).isEqualTo(3);
    assertThatThrownBy(() -> options("flag", "yes").bool("flag", false))
        .hasMessage("Test store option flag is true or false: yes");
    assertThatThrownBy(() -> options("count", "three").integer("count", 4))
        .hasMessage("Test store option count is a number: three");
  }

  @Test
  void anUnknownOptionIsRejectedWithTheKnownOnes() {
    assertThatThrownBy(() -> new StoreOptions("Test", Map.of("colour", "red"), KNOWN))
        .hasMessage(
            "unknown Test store option 'colour'; known: count, endpoint, flag, secret, size");
  }

  @Test
  void endpointsAreHttpUrlsWithoutCredentialsOrQuery() {
    assertThat(options("endpoint", "http://127.0.0.1:9000").endpoint("endpoint"))
        .isEqualTo(URI.create("http://127.0.0.1:9000"));
    assertThat(options("flag", "true").endpoint("endpoint")).isNull();
    assertThatThrownBy(() -> options("endpoint", "ftp://host").endpoint("endpoint"))
        .hasMessage("Test endpoint must be an http(s) URL: ftp://host");
    assertThatThrownBy(() -> options("endpoint", "http://user:pw@host").endpoint("endpoint"))
        .hasMessageContaining("must not carry credentials")
        .hasMessageNotContaining("pw");
    assertThatThrownBy(() -> options("endpoint", "https://host/?sig=s3cr3t").endpoint("endpoint"))
        .hasMessageContaining("must not carry credentials or a query")
        .hasMessageNotContaining("s3cr3t");
    assertThatThrownBy(() -> options("endpoint", "http://h/ s3cr3t").endpoint("endpoint"))
        .hasMessageStartingWith("Test endpoint is not a URL")
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void textIsPassedAsGiven() {
    assertThat(options("secret", " a b ").text("secret", null)).isEqualTo(" a b ");
    assertThat(options("secret", "x").text("flag", "d")).isEqualTo("d");
    assertThat(options("secret", "x").has("secret")).isTrue();
    assertThat(options("secret", "x").has("flag")).isFalse();
  }

  @Test
  void rangesNameWhatIsOutOfRange() {
    assertThat(StoreOptions.requireBetween("Test size", 5, 1, 10, "1 and 10")).isEqualTo(5);
    assertThatThrownBy(() -> StoreOptions.requireBetween("Test size", 11, 1, 10, "1 and 10"))
        .hasMessage("Test size must be between 1 and 10: 11");
  }
}
