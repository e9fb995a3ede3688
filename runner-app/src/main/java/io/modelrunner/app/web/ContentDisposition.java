package io.modelrunner.app.web;

import java.nio.charset.StandardCharsets;

/**
 * {@code Content-Disposition: attachment} for a download, built per RFC 6266 with the RFC 8187
 * (formerly 5987) extended parameter: {@code attachment; filename="<fallback>";
 * filename*=UTF-8''<percent-encoded name>}. The quoted fallback is ASCII only — every character
 * that could end the quoted string, split the header ({@code "}, {@code \}, CR, LF and other
 * controls) or is not printable ASCII is replaced by {@code _} — so no file name can break the
 * header; clients that understand {@code filename*} (all current browsers, {@code curl -J}) get the
 * exact name.
 */
public final class ContentDisposition {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private ContentDisposition() {}

  /** The header value for downloading {@code fileName} as an attachment. */
  public static String attachment(String fileName) {
    String name = fileName == null || fileName.isEmpty() ? "download" : fileName;
    return "attachment; filename=\"" + asciiFallback(name) + "\"; filename*=UTF-8''" + encode(name);
  }

  /** Printable ASCII but {@code "} and {@code \}; anything else becomes {@code _}. */
  static String asciiFallback(String name) {
    StringBuilder out = new StringBuilder(name.length());
    name.codePoints()
        .forEach(c -> out.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? (char) c : '_'));
    return out.toString();
  }

  /**
   * RFC 8187 {@code value-chars}: {@code attr-char}s as they are, every other UTF-8 byte as %XX.
   */
  static String encode(String name) {
    StringBuilder out = new StringBuilder();
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (isAttrChar(c)) {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }

  private static boolean isAttrChar(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "!#$&+-.^_`|~".indexOf(c) >= 0;
  }
}
