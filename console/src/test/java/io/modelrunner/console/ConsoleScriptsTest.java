package io.modelrunner.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.testkit.junit.RequiresServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs the console's JavaScript unit tests ({@code node --test} on {@code src/test/js/*.test.js},
 * as {@code npm test} does) so that {@code mvn verify} fails when they fail. Skipped without {@code
 * node} on a laptop; a failure in CI ({@code MODEL_RUNNER_REQUIRE_SERVERS=true}).
 */
@RequiresServer(NodeInstalled.class)
class ConsoleScriptsTest {
  private static final Path MODULE = Path.of("").toAbsolutePath();

  @Test
  void theJavaScriptUnitTestsPass() throws IOException, InterruptedException {
    // The files by name: Node 20 takes a directory, Node 22 takes globs; both take files.
    List<String> command = new ArrayList<>(List.of("node", "--test", "--test-reporter=tap"));
    try (Stream<Path> files = Files.list(MODULE.resolve("src/test/js"))) {
      files
          .map(p -> p.getFileName().toString())
          .filter(name -> name.endsWith(".test.js"))
          .sorted()
          .forEach(name -> command.add("src/test/js/" + name));
    }
    assertThat(command).as("the JavaScript tests").hasSizeGreaterThan(5);
    Process node =
        new ProcessBuilder(command).directory(MODULE.toFile()).redirectErrorStream(true).start();
    node.getOutputStream().close();
    CompletableFuture<String> output =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
              } catch (IOException e) {
                return "(could not read node's output: " + e + ")";
              }
            });
    boolean ended = node.waitFor(5, TimeUnit.MINUTES);
    if (!ended) {
      node.destroyForcibly();
    }
    String text = output.join();
    assertThat(ended).as("node --test ended within 5 minutes; its output:%n%s", text).isTrue();
    assertThat(node.exitValue()).as("%s failed:%n%s", String.join(" ", command), text).isZero();
    assertThat(text).as("node ran the tests").contains("# pass").doesNotContain("# pass 0\n");
    Files.writeString(MODULE.resolve("target/node-test-output.txt"), text, StandardCharsets.UTF_8);
  }
}
