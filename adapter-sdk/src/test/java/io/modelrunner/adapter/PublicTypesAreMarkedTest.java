package io.modelrunner.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apiguardian.api.API;
import org.junit.jupiter.api.Test;

/** Every public top-level type of this module says how stable it is with {@code @API}. */
class PublicTypesAreMarkedTest {

  @Test
  void everyPublicTopLevelTypeCarriesApiWithASinceVersion() throws Exception {
    Path classes =
        Path.of(AdapterServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Class<?>> publicTypes;
    try (Stream<Path> files = Files.walk(classes)) {
      publicTypes =
          files
              .map(classes::relativize)
              .map(Path::toString)
              .filter(f -> f.endsWith(".class") && !f.contains("$") && !f.contains("module-info"))
              .map(f -> f.substring(0, f.length() - ".class".length()).replace('/', '.'))
              .map(PublicTypesAreMarkedTest::load)
              .filter(c -> Modifier.isPublic(c.getModifiers()))
              .toList();
    }
    assertThat(publicTypes).contains(AdapterServer.class);
    assertThat(publicTypes)
        .allSatisfy(
            c ->
                assertThat(c.getAnnotation(API.class))
                    .as("@API on %s", c.getName())
                    .isNotNull()
                    .satisfies(a -> assertThat(a.since()).isEqualTo("0.1.0")));
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, PublicTypesAreMarkedTest.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }
}
