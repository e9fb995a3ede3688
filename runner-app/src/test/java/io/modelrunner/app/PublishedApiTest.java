package io.modelrunner.app;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.junit.jupiter.api.Test;

/**
 * The public API of every published module is marked: each module is found on the test class path
 * by its {@code module-info.class}, every public top-level type of a package it exports to everyone
 * carries {@link API @API}, and no {@code internal} package is exported to everyone (only to our
 * own modules, by qualified exports), and a public type of an {@code internal} package is marked
 * {@code INTERNAL}. runner-app depends on every published module, so they are all here; all
 * problems are reported at once.
 */
class PublishedApiTest {

  /** The JPMS names of the published jar modules (docs/releasing.md, design of issue 20). */
  static final List<String> PUBLISHED_MODULES =
      List.of(
          "io.modelrunner.api",
          "io.modelrunner.core",
          "io.modelrunner.engine.slurm",
          "io.modelrunner.store.s3",
          "io.modelrunner.store.azure",
          "io.modelrunner.conformance",
          "io.modelrunner.testkit.environment",
          "io.modelrunner.testkit",
          "io.modelrunner.adapter",
          "io.modelrunner.adapter.client");

  private final ClassLoader loader = PublishedApiTest.class.getClassLoader();

  @Test
  void everyPublishedModuleMarksItsPublicTypesAndKeepsItsInternalsToItself() {
    List<String> problems = new ArrayList<>();
    Map<String, ModuleReference> found = modulesOnTheClassPath(problems);
    for (String name : PUBLISHED_MODULES) {
      ModuleReference module = found.get(name);
      if (module == null) {
        problems.add(
            name
                + ": not found on the test class path (no module-info.class with that name; is"
                + " its module-info.java written and is it a dependency of runner-app?)");
        continue;
      }
      problems.addAll(problemsOf(module));
    }
    if (!problems.isEmpty()) {
      fail(
          problems.size()
              + " problem(s) with the published API:\n  "
              + String.join("\n  ", problems));
    }
  }

  private List<String> problemsOf(ModuleReference module) {
    ModuleDescriptor descriptor = module.descriptor();
    List<String> problems = new ArrayList<>();
    Set<String> exportedToEveryone = new TreeSet<>();
    for (Exports export : descriptor.exports()) {
      if (export.isQualified()) {
        continue;
      }
      exportedToEveryone.add(export.source());
      if (export.source().contains("internal")) {
        problems.add(
            descriptor.name()
                + ": exports "
                + export.source()
                + " to everyone; an internal package is exported only to our own modules"
                + " (exports ... to ...)");
      }
    }
    for (String type : publicTopLevelTypes(module, exportedToEveryone)) {
      problems.add(
          descriptor.name()
              + ": "
              + type
              + " is public in an exported package but has no @API(status = ..., since = ...)");
    }
    for (Class<?> type : publicTypesOfInternalPackages(module)) {
      API api = type.getAnnotation(API.class);
      if (api == null || api.status() != API.Status.INTERNAL) {
        problems.add(
            descriptor.name()
                + ": "
                + type.getName()
                + " is public in an internal package but is not @API(status = INTERNAL)");
      }
    }
    return problems;
  }

  /** The public top-level types of the module's packages named {@code internal}. */
  private List<Class<?>> publicTypesOfInternalPackages(ModuleReference module) {
    List<Class<?>> types = new ArrayList<>();
    for (String resource : resourcesOf(module)) {
      Optional<String> className = topLevelClassName(resource);
      if (className.isPresent() && packageOf(className.get()).contains("internal")) {
        Class<?> type = load(className.get());
        if (Modifier.isPublic(type.getModifiers())) {
          types.add(type);
        }
      }
    }
    return types;
  }

  /** The public top-level types of {@code packages} whose class lacks {@link API}, sorted. */
  private List<String> publicTopLevelTypes(ModuleReference module, Set<String> packages) {
    List<String> unmarked = new ArrayList<>();
    for (String resource : resourcesOf(module)) {
      Optional<String> className = topLevelClassName(resource);
      if (className.isEmpty() || !packages.contains(packageOf(className.get()))) {
        continue;
      }
      Class<?> type = load(className.get());
      if (Modifier.isPublic(type.getModifiers()) && !type.isAnnotationPresent(API.class)) {
        unmarked.add(type.getName());
      }
    }
    Collections.sort(unmarked);
    return unmarked;
  }

  private Class<?> load(String className) {
    try {
      return Class.forName(className, false, loader);
    } catch (ClassNotFoundException e) {
      throw new AssertionError(
          className + " is in a module on the class path but cannot be loaded from it", e);
    }
  }

  private static List<String> resourcesOf(ModuleReference module) {
    try (ModuleReader reader = module.open()) {
      return reader.list().collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + module.location().orElseThrow(), e);
    }
  }

  /** {@code a/b/C.class} gives {@code a.b.C}; nested classes and module/package infos give none. */
  private static Optional<String> topLevelClassName(String resource) {
    if (!resource.endsWith(".class") || resource.startsWith("META-INF/")) {
      return Optional.empty();
    }
    String name = resource.substring(0, resource.length() - ".class".length()).replace('/', '.');
    String simple = name.substring(name.lastIndexOf('.') + 1);
    if (simple.contains("$") || simple.equals("module-info") || simple.equals("package-info")) {
      return Optional.empty();
    }
    return Optional.of(name);
  }

  private static String packageOf(String className) {
    int dot = className.lastIndexOf('.');
    return dot < 0 ? "" : className.substring(0, dot);
  }

  /**
   * Every jar or classes folder on the class path with a {@code module-info.class} at its root, by
   * module name (the first one wins, as on a module path).
   */
  private Map<String, ModuleReference> modulesOnTheClassPath(List<String> problems) {
    Map<String, ModuleReference> modules = new LinkedHashMap<>();
    try {
      for (URL url : Collections.list(loader.getResources("module-info.class"))) {
        Optional<Path> root = rootOf(url);
        if (root.isEmpty()) {
          continue;
        }
        try {
          ModuleFinder.of(root.get()).findAll().stream()
              .findFirst()
              .ifPresent(module -> modules.putIfAbsent(module.descriptor().name(), module));
        } catch (FindException e) {
          problems.add(root.get() + ": not a valid module: " + e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the class path's module-info.class files", e);
    }
    return modules;
  }

  /** The jar or folder a {@code module-info.class} URL is in; empty for the JDK's own modules. */
  private static Optional<Path> rootOf(URL moduleInfo) {
    String url = moduleInfo.toString();
    try {
      if (url.startsWith("jar:file:") && url.endsWith("!/module-info.class")) {
        String jar = url.substring("jar:".length(), url.length() - "!/module-info.class".length());
        return Optional.of(Path.of(URI.create(jar)));
      }
      if (url.startsWith("file:")) {
        return Optional.of(Path.of(moduleInfo.toURI()).getParent());
      }
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new AssertionError("cannot make a path of " + url, e);
    }
    return Optional.empty();
  }
}
