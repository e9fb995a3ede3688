package io.modelrunner.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The console's files keep the promises its Content-Security-Policy and "no CDN" rely on: what
 * index.html and the modules reference exists, nothing is inline, nothing loads from elsewhere, and
 * no script builds HTML from text.
 */
class ConsoleFilesTest {
  private static final Path WEB = Path.of("src/main/web").toAbsolutePath();
  private static final Pattern REFERENCE = Pattern.compile("\\b(?:src|href)=\"([^\"]*)\"");
  private static final Pattern IMPORT =
      Pattern.compile("(?:^|\\n)\\s*(?:import|export)\\b[^;]*?from\\s+'([^']+)'", Pattern.DOTALL);
  private static final Pattern URL = Pattern.compile("https?://(?!www\\.w3\\.org/)[^\\s\"'<>)]*");
  private static final Pattern BLOCK_COMMENT = Pattern.compile("/\\*[\\s\\S]*?\\*/");
  private static final Pattern HTML_SINKS =
      Pattern.compile(
          "\\.innerHTML\\b|\\.outerHTML\\b|insertAdjacentHTML|document\\.write|\\beval\\s*\\(|new\\s+Function\\b|setAttribute\\(\\s*'style'|\\.cssText\\b");

  private static List<Path> files(String... extensions) throws IOException {
    try (Stream<Path> walk = Files.walk(WEB)) {
      return walk.filter(Files::isRegularFile)
          .filter(
              p ->
                  extensions.length == 0
                      || Stream.of(extensions).anyMatch(e -> p.toString().endsWith(e)))
          .sorted()
          .toList();
    }
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  @Test
  void everyFileIndexHtmlReferencesExists() throws IOException {
    String index = read(WEB.resolve("index.html"));
    List<String> references = new ArrayList<>();
    Matcher m = REFERENCE.matcher(index);
    while (m.find()) {
      references.add(m.group(1));
    }
    assertThat(references)
        .contains("js/app.js", "css/console.css", "vendor/uplot/uPlot.iife.min.js", "favicon.svg");
    for (String reference : references) {
      if (reference.startsWith("#")) {
        continue;
      }
      assertThat(WEB.resolve(reference)).as("index.html references %s", reference).isRegularFile();
    }
  }

  @Test
  void everyModuleImportResolvesToAFile() throws IOException {
    List<Path> modules =
        files(".js").stream().filter(p -> !p.startsWith(WEB.resolve("vendor"))).toList();
    assertThat(modules).hasSizeGreaterThan(10);
    for (Path module : modules) {
      Matcher m = IMPORT.matcher(read(module));
      while (m.find()) {
        String target = m.group(1);
        assertThat(target).as("%s imports %s relatively", module, target).startsWith(".");
        assertThat(module.resolveSibling(target).normalize())
            .as("%s imports %s", WEB.relativize(module), target)
            .isRegularFile();
      }
    }
  }

  @Test
  void theHtmlHasNoInlineScriptStyleOrHandler() throws IOException {
    for (Path html : files(".html")) {
      String text = read(html);
      Matcher scripts = Pattern.compile("<script\\b([^>]*)>([\\s\\S]*?)</script>").matcher(text);
      int count = 0;
      while (scripts.find()) {
        count++;
        assertThat(scripts.group(1)).as("a script of %s has a src", html).contains("src=");
        assertThat(scripts.group(2)).as("a script of %s is empty", html).isBlank();
      }
      assertThat(count).isPositive();
      assertThat(text).as(html.toString()).doesNotContain("<style").doesNotContain(" style=");
      assertThat(Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE).matcher(text).find())
          .as("%s has an inline event handler", html)
          .isFalse();
      assertThat(text).doesNotContainIgnoringCase("javascript:");
    }
  }

  @Test
  void nothingLoadsFromOutsideTheService() throws IOException {
    for (Path file : files(".html", ".js", ".css", ".svg")) {
      String text = read(file);
      if (file.startsWith(WEB.resolve("vendor"))) {
        text = BLOCK_COMMENT.matcher(text).replaceAll("");
      }
      Matcher m = URL.matcher(text);
      String found = m.find() ? m.group() : null;
      assertThat(found)
          .as("%s names a URL outside the service: the console loads nothing from elsewhere", file)
          .isNull();
      assertThat(text)
          .as("%s has no protocol-relative URL", file)
          .doesNotContain("src=\"//", "href=\"//", "url(//");
    }
  }

  @Test
  void noScriptBuildsHtmlFromText() throws IOException {
    for (Path script : files(".js")) {
      Matcher m = HTML_SINKS.matcher(read(script));
      String found = m.find() ? m.group() : null;
      assertThat(found)
          .as("%s builds HTML or code from text: use textContent and element.style", script)
          .isNull();
    }
  }
}
