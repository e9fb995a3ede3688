package io.modelrunner.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.conformance.connector.BrokenConnectors;
import io.modelrunner.conformance.connector.BrokenConnectors.Breakage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * {@code model-runner check connector}, end to end through picocli: the gallery's process
 * connectors run on the real process engine; usage errors exit 2 with a message saying what to
 * give.
 */
class CheckConnectorCommandTest {
  @TempDir Path dir;

  @Test
  void aFaithfulCommandPassesAndExitsZero() throws Exception {
    Result result = checkScript("faithful", BrokenConnectors.FAITHFUL);

    assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
    assertThat(result.out())
        .contains("PASS  C-EXIT-1", "SKIP  C-SANDBOX-1", "PASSED: 10 passed, 0 failed");
  }

  @Test
  void aBrokenCommandExitsOneAndItsJunitReportNamesTheClause() throws Exception {
    Path junit = dir.resolve("check.xml");
    Result result =
        checkScript(
            "accepts",
            Breakage.ACCEPTS_INVALID_INPUT.script(),
            "--json",
            "--junit",
            junit.toString());

    assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(ExitCodes.FAILED);
    assertThat(result.out()).contains("\"C-EXIT-2\"", "it exited 0 on an invalid input");
    Element suite =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(junit.toFile())
            .getDocumentElement();
    assertThat(suite.getAttribute("tests")).isEqualTo("12");
    assertThat(suite.getAttribute("failures")).isEqualTo("1");
  }

  @Test
  void theSlurmEngineIsRefusedNamingWhy() {
    Result result = check("--command", "true", "--engine", "slurm");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("does not submit Slurm jobs", "--engine docker");
  }

  @Test
  void withoutAnImageCommandOrCatalogEntryItSaysWhatToGive() {
    Result result = check();

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("give an IMAGE, --command or --model-catalog-entry");
  }

  @Test
  void aCatalogEntryMustBeCatalogHashSlug() {
    Result result = check("--model-catalog-entry", "models.json");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("CATALOG#SLUG");
  }

  @Test
  void anUnknownSlugIsNamedWithTheCatalogsSlugs() throws Exception {
    Path catalog =
        Files.writeString(
            dir.resolve("models.json"), "{\"models\": {\"seir\": {\"command\": [\"true\"]}}}");

    Result result = check("--model-catalog-entry", catalog + "#energy");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("no model \"energy\"", "[seir]");
  }

  @Test
  void aModelWithItsOwnInputSchemaNeedsAnInput() throws Exception {
    Path schema = Files.writeString(dir.resolve("in.schema.json"), "{\"type\": \"object\"}");
    Path catalog =
        Files.writeString(
            dir.resolve("models.json"),
            "{\"models\": {\"m\": {\"command\": [\"true\"], \"inputSchema\": \""
                + schema
                + "\"}}}");

    Result result = check("--model-catalog-entry", catalog + "#m");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("own input schema", "--input FILE");
  }

  @Test
  void anInputCanBeAPartOfAFileNamedByAJsonPointer() throws Exception {
    Path request =
        Files.writeString(
            dir.resolve("request.json"),
            "{\"id\": 1, \"configuration\": {\"demand\": [1, 2], \"name\": \"a#b\"}}");

    assertThat(CheckConnectorCommand.read(request + "#/configuration"))
        .isEqualTo("{\"demand\":[1,2],\"name\":\"a#b\"}");
    assertThat(CheckConnectorCommand.read(request.toString())).contains("\"id\": 1");
  }

  @Test
  void aPointerToNothingIsAUsageErrorNamingFileAndPointer() throws Exception {
    Path script = Files.writeString(dir.resolve("ok.sh"), "exit 0\n");
    Path request = Files.writeString(dir.resolve("request.json"), "{\"configuration\": {}}");

    Result result =
        check(
            "--command",
            "sh " + script,
            "--input",
            request + "#/config",
            "--output-schema",
            "none");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("request.json has nothing at /config");
  }

  @Test
  void aCommandThatDoesNotExistIsAUsageErrorNotAVerdict() {
    Result result = check("--command", "/no/such/model --flag", "--output-schema", "none");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("cannot run connector command /no/such/model");
  }

  private Result checkScript(String name, String script, String... more) throws Exception {
    Path file = Files.writeString(dir.resolve(name + ".sh"), script);
    Path input = Files.writeString(dir.resolve("input.json"), "{\"region\": \"US\"}");
    List<String> args =
        new ArrayList<>(
            List.of(
                "--command",
                "sh " + file,
                "--input",
                input.toString(),
                "--output-schema",
                "none",
                "--grace",
                "PT2S"));
    args.addAll(List.of(more));
    return check(args.toArray(String[]::new));
  }

  private static Result check(String... args) {
    List<String> all = new ArrayList<>(List.of("check", "connector"));
    all.addAll(List.of(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var commandLine = Main.newCommandLine();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    int exitCode = commandLine.execute(all.toArray(String[]::new));
    return new Result(exitCode, out.toString(), err.toString());
  }

  private record Result(int exitCode, String out, String err) {}
}
