package io.modelrunner.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.core.internal.Hashing;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleFilesTest {
  private final ConsoleFiles files = new ConsoleFiles(ConsoleFilesTest.class.getClassLoader());

  @Test
  void aPathIsAllowedOnlyWithPlainCharactersAndRealSegments() {
    assertThat(ConsoleFiles.isAllowedPath("index.html")).isTrue();
    assertThat(ConsoleFiles.isAllowedPath("js/app.js")).isTrue();
    assertThat(ConsoleFiles.isAllowedPath("vendor/uplot/uPlot.iife.min.js")).isTrue();
    assertThat(ConsoleFiles.isAllowedPath("a_b-c/LICENSE")).isTrue();
    for (String refused :
        new String[] {
          "",
          "/index.html",
          "../index.html",
          "js/../index.html",
          "js/..",
          "./index.html",
          "js//app.js",
          "js/",
          "js\\app.js",
          "index.html;x=1",
          "index.html?x",
          "%2e%2e/x",
          "a b.js",
          "é.js",
          "index.html\u0000.js"
        }) {
      assertThat(ConsoleFiles.isAllowedPath(refused)).as(refused).isFalse();
    }
    assertThat(ConsoleFiles.isAllowedPath(null)).isFalse();
  }

  @Test
  void theContentTypeComesFromTheExtensionAndUnknownTypesAreNotServed() {
    assertThat(ConsoleFiles.contentType("index.html")).contains("text/html;charset=UTF-8");
    assertThat(ConsoleFiles.contentType("js/app.js")).contains("text/javascript;charset=UTF-8");
    assertThat(ConsoleFiles.contentType("css/console.CSS")).contains("text/css;charset=UTF-8");
    assertThat(ConsoleFiles.contentType("icon.svg")).contains("image/svg+xml");
    assertThat(ConsoleFiles.contentType("a.png")).contains("image/png");
    assertThat(ConsoleFiles.contentType("favicon.ico")).contains("image/x-icon");
    assertThat(ConsoleFiles.contentType("manifest.json")).contains("application/json");
    assertThat(ConsoleFiles.contentType("notes.txt")).contains("text/plain;charset=UTF-8");
    assertThat(ConsoleFiles.contentType("vendor/uplot/LICENSE"))
        .contains("text/plain;charset=UTF-8");
    assertThat(ConsoleFiles.contentType("js")).isEmpty();
    assertThat(ConsoleFiles.contentType(".js")).isEmpty();
    assertThat(ConsoleFiles.contentType("app.mjs")).isEmpty();
    assertThat(ConsoleFiles.contentType("build.sh")).isEmpty();
    assertThat(ConsoleFiles.contentType("vendor/LICENSE.md")).isEmpty();
  }

  @Test
  void aFileIsReadFromTheClassPathWithAStrongEntityTagOfItsBytes() {
    ConsoleFile script = files.find("test-fixture.js").orElseThrow();
    assertThat(new String(script.content(), StandardCharsets.UTF_8))
        .contains("export const fixture");
    assertThat(script.contentType()).isEqualTo("text/javascript;charset=UTF-8");
    assertThat(script.etag()).isEqualTo("\"" + Hashing.sha256Hex(script.content()) + "\"");
    assertThat(files.find("index.html").orElseThrow().contentType()).startsWith("text/html");
    assertThat(files.find("test-fixture.css").orElseThrow().etag()).isNotEqualTo(script.etag());
  }

  @Test
  void foldersMissingFilesAndRefusedPathsAreNotFound() {
    assertThat(files.find("test-fixture")).isEmpty();
    assertThat(files.find("test-fixture/")).isEmpty();
    assertThat(files.find("no-such-file.js")).isEmpty();
    assertThat(files.find("../console/index.html")).isEmpty();
    assertThat(files.find("test-fixture/folder.txt")).isPresent();
  }

  @Test
  void ifNoneMatchMatchesTheTagInAListWeaklyOrAsAStar() {
    ConsoleFile file = files.find("test-fixture.js").orElseThrow();
    String tag = file.etag();
    assertThat(file.matches(tag)).isTrue();
    assertThat(file.matches("\"other\", " + tag)).isTrue();
    assertThat(file.matches("W/" + tag)).isTrue();
    assertThat(file.matches("*")).isTrue();
    assertThat(file.matches("\"other\"")).isFalse();
    assertThat(file.matches(tag.replace("\"", ""))).isFalse();
    assertThat(file.matches(null)).isFalse();
  }
}
