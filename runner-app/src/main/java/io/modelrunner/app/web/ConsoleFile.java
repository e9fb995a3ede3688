package io.modelrunner.app.web;

import java.util.Objects;

/**
 * One file of the web console as served: its bytes, its content type and its strong entity tag (a
 * hash of the bytes, quoted).
 */
record ConsoleFile(String path, byte[] content, String contentType, String etag) {
  ConsoleFile {
    Objects.requireNonNull(path, "path");
    content = Objects.requireNonNull(content, "content").clone();
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(etag, "etag");
  }

  @Override
  public byte[] content() {
    return content.clone();
  }

  /** Whether an {@code If-None-Match} header value names this file's entity tag (or is "*"). */
  boolean matches(String ifNoneMatch) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String tag : ifNoneMatch.split(",")) {
      String t = tag.trim();
      if (t.startsWith("W/")) {
        t = t.substring(2); // If-None-Match compares weakly (RFC 9110, 13.1.2)
      }
      if (t.equals("*") || t.equals(etag)) {
        return true;
      }
    }
    return false;
  }
}
