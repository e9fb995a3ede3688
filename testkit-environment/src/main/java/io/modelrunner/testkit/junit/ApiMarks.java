package io.modelrunner.testkit.junit;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apiguardian.api.API;

/**
 * Checks that a module of ours marks its API: every public top-level type of a package it exports
 * to everyone carries {@link API @API}, and every public top-level type of an {@code internal}
 * package carries {@code @API(status = INTERNAL)}. Reads the module's compiled classes (a folder
 * with a {@code module-info.class}), as a module's own unit test sees them on the class path.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class ApiMarks {
  private ApiMarks() {}

  /**
   * Fails, naming each one, when a public top-level type of the module that {@code anyType} was
   * compiled with is unmarked or wrongly marked.
   */
  public static void assertMarked(Class<?> anyType) {
    Path classes = classesFolder(anyType);
    List<String> problems = problems(classes, anyType.getClassLoader());
    if (!problems.isEmpty()) {
      throw new AssertionError(
          "public types of " + classes + " lack a right @API:\n  " + String.join("\n  ", problems));
    }
  }

  /**
   * What is wrong with the marks of the module compiled into {@code classes}, one line per type
   * (empty when nothing is), loading its types (uninitialized) through {@code loader}.
   */
  public static List<String> problems(Path classes, ClassLoader loader) {
    ModuleDescriptor module = descriptor(classes);
    Set<String> exported =
        module.exports().stream()
            .filter(exports -> !exports.isQualified())
            .map(ModuleDescriptor.Exports::source)
            .collect(Collectors.toSet());
    try (Stream<Path> files = Files.walk(classes)) {
      return files
          .map(file -> classes.relativize(file).toString().replace('\\', '/'))
          .filter(name -> name.endsWith(".class") && !name.contains("$"))
          .filter(
              name -> !name.endsWith("module-info.class") && !name.endsWith("package-info.class"))
          .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
          .sorted()
          .map(name -> problem(load(name, loader), exported))
          .flatMap(Stream::ofNullable)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the classes in " + classes, e);
    }
  }

  private static String problem(Class<?> type, Set<String> exported) {
    if (!Modifier.isPublic(type.getModifiers())) {
      return null;
    }
    API api = type.getAnnotation(API.class);
    boolean internal = List.of(type.getPackageName().split("\\.")).contains("internal");
    if (internal && (api == null || api.status() != API.Status.INTERNAL)) {
      return type.getName() + ": in an internal package, needs @API(status = INTERNAL)";
    }
    if (api == null && exported.contains(type.getPackageName())) {
      return type.getName() + ": exported, needs @API";
    }
    return null;
  }

  private static Class<?> load(String name, ClassLoader loader) {
    try {
      return Class.forName(name, false, loader);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(name + " is compiled but cannot be loaded", e);
    }
  }

  private static ModuleDescriptor descriptor(Path classes) {
    Path file = classes.resolve("module-info.class");
    try (InputStream in = Files.newInputStream(file)) {
      return ModuleDescriptor.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "no module-info.class in " + classes + ": is the module's module-info.java missing?", e);
    }
  }

  private static Path classesFolder(Class<?> type) {
    try {
      Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!Files.isDirectory(location)) {
        throw new IllegalArgumentException(
            type.getName() + " was loaded from " + location + ", not from a folder of classes");
      }
      return location;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("cannot tell where " + type.getName() + " was loaded", e);
    }
  }
}
