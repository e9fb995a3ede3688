package io.modelrunner.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ContentDispositionTest {
  private static final Pattern SHAPE =
      Pattern.compile(
          "attachment; filename=\"([\\x20-\\x7e&&[^\"\\\\]]*)\"; filename\\*=UTF-8''([A-Za-z0-9!#$&+\\-.^_`|~%]*)");

  @Test
  void aPlainNameIsGivenAsItIsInBothParameters() {
    assertThat(ContentDisposition.attachment("export.zip"))
        .isEqualTo("attachment; filename=\"export.zip\"; filename*=UTF-8''export.zip");
    assertThat(ContentDisposition.attachment("container.log"))
        .isEqualTo("attachment; filename=\"container.log\"; filename*=UTF-8''container.log");
  }

  @Test
  void quotesBackslashesControlsAndNonAsciiCannotBreakTheHeader() {
    for (String name :
        List.of(
            "a\"b.json",
            "a\\\".zip",
            "evil\r\nSet-Cookie: x=1.txt",
            "tab\there",
            "résumé.json",
            "数据.json",
            "emoji 🦠.zip",
            "semi;colon=1,comma.txt",
            "percent%41.txt",
            "a'b'c.txt",
            "\u0000nul\u007fdel",
            "")) {
      String header = ContentDisposition.attachment(name);
      assertThat(header).as(name).doesNotContain("\r", "\n", "\u0000", "\u007f");
      assertThat(header.chars().allMatch(c -> c >= 0x20 && c < 0x7f)).as(name).isTrue();
      Matcher m = SHAPE.matcher(header);
      assertThat(m.matches()).as(header).isTrue();
      String expected = name.isEmpty() ? "download" : name;
      assertThat(percentDecode(m.group(2))).as("filename* round-trips").isEqualTo(expected);
      assertThat(m.group(1)).as("fallback").hasSize(expected.codePointCount(0, expected.length()));
    }
  }

  @Test
  void theAsciiFallbackReplacesWhatItCannotCarry() {
    assertThat(ContentDisposition.attachment("a\"b\\c\r\nd é.json"))
        .startsWith("attachment; filename=\"a_b_c__d _.json\"; filename*=UTF-8''")
        .endsWith("a%22b%5Cc%0D%0Ad%20%C3%A9.json");
  }

  private static String percentDecode(String encoded) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c == '%') {
        bytes.write(Integer.parseInt(encoded.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.write(c);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
