package io.modelrunner.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.apiguardian.api.API;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiMarksTest {
  @TempDir Path temp;

  @Test
  void thisModuleMarksItsApi() {
    assertThatCode(() -> ApiMarks.assertMarked(Requirements.class)).doesNotThrowAnyException();
  }

  @Test
  void namesAnExportedTypeWithoutApiAndAnInternalOneNotMarkedInternal() throws Exception {
    Path classes =
        compile(
            Map.of(
                "module-info.java",
                "module m { requires static org.apiguardian.api; exports m.open; exports m.internal to"
                    + " java.base; }",
                "m/open/Marked.java",
                "package m.open; @org.apiguardian.api.API(status ="
                    + " org.apiguardian.api.API.Status.STABLE) public class Marked {}",
                "m/open/Unmarked.java",
                "package m.open; public class Unmarked {}",
                "m/open/Hidden.java",
                "package m.open; class Hidden { public static class Nested {} }",
                "m/internal/Helper.java",
                "package m.internal; @org.apiguardian.api.API(status ="
                    + " org.apiguardian.api.API.Status.EXPERIMENTAL) public class Helper {}",
                "m/internal/Plain.java",
                "package m.internal; public class Plain {}",
                "m/internal/Right.java",
                "package m.internal; @org.apiguardian.api.API(status ="
                    + " org.apiguardian.api.API.Status.INTERNAL) public class Right {}"));

    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
      assertThat(ApiMarks.problems(classes, loader))
          .containsExactly(
              "m.internal.Helper: in an internal package, needs @API(status = INTERNAL)",
              "m.internal.Plain: in an internal package, needs @API(status = INTERNAL)",
              "m.open.Unmarked: exported, needs @API");
    }
  }

  private Path compile(Map<String, String> sources) throws Exception {
    Path src = temp.resolve("src");
    Path out = temp.resolve("classes");
    List<String> args = new ArrayList<>(List.of("-d", out.toString()));
    Path apiguardian =
        Path.of(API.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    args.addAll(List.of("--module-path", apiguardian.toString()));
    for (Map.Entry<String, String> source : sources.entrySet()) {
      Path file = src.resolve(source.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, source.getValue());
      args.add(file.toString());
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertThat(javac.run(null, null, null, args.toArray(String[]::new))).isZero();
    return out;
  }
}
