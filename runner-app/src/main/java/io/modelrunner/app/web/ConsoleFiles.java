package io.modelrunner.app.web;

import io.modelrunner.core.internal.Hashing;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The web console's static files, read from the class path under {@link #ROOT} (the {@code console}
 * module's jar), each read and hashed once. Only a path made of {@code [A-Za-z0-9._/-]}, without a
 * leading {@code /}, an empty segment or a {@code ..} segment, and naming a file of a known type,
 * is looked up: anything else, a folder included, is not a console file.
 */
final class ConsoleFiles {
  /** Where the console's files are on the class path. */
  static final String ROOT = "model-runner/console/";

  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._/-]+");
  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html;charset=UTF-8",
          "js", "text/javascript;charset=UTF-8",
          "css", "text/css;charset=UTF-8",
          "svg", "image/svg+xml",
          "png", "image/png",
          "ico", "image/x-icon",
          "json", "application/json",
          "txt", "text/plain;charset=UTF-8");
  private static final String TEXT = "text/plain;charset=UTF-8";

  private final ClassLoader loader;
  private final Map<String, ConsoleFile> read = new ConcurrentHashMap<>();

  ConsoleFiles(ClassLoader loader) {
    this.loader = Objects.requireNonNull(loader, "loader");
  }

  /**
   * Whether {@code path} (relative to the console's root) may name a console file: allowed
   * characters only, no leading {@code /}, no empty, {@code .} or {@code ..} segment.
   */
  static boolean isAllowedPath(String path) {
    if (path == null || !ALLOWED.matcher(path).matches() || path.startsWith("/")) {
      return false;
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return true;
  }

  /**
   * The content type a console file is served with, from its name's extension ({@code LICENSE} is
   * text); empty for a name of any other type, which is not served.
   */
  static Optional<String> contentType(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    if (name.equals("LICENSE")) {
      return Optional.of(TEXT);
    }
    int dot = name.lastIndexOf('.');
    if (dot <= 0) {
      return Optional.empty();
    }
    return Optional.ofNullable(TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT)));
  }

  /** The console file at {@code path}, or empty when there is none (or the path is not allowed). */
  Optional<ConsoleFile> find(String path) {
    if (!isAllowedPath(path)) {
      return Optional.empty();
    }
    ConsoleFile known = read.get(path);
    if (known != null) {
      return Optional.of(known);
    }
    Optional<String> type = contentType(path);
    if (type.isEmpty()) {
      return Optional.empty();
    }
    byte[] bytes;
    try (InputStream in = loader.getResourceAsStream(ROOT + path)) {
      if (in == null) {
        return Optional.empty();
      }
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the console file " + ROOT + path, e);
    }
    ConsoleFile file =
        new ConsoleFile(path, bytes, type.get(), "\"" + Hashing.sha256Hex(bytes) + "\"");
    read.putIfAbsent(path, file);
    return Optional.of(file);
  }
}
