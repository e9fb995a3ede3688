package io.modelrunner.conformance.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.conformance.CheckReport;
import io.modelrunner.conformance.Clause;
import io.modelrunner.conformance.Evidence;
import io.modelrunner.conformance.Finding;
import io.modelrunner.conformance.Outcome;
import io.modelrunner.conformance.Severity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class ReportWritersTest {
  private static final Clause MUST_A = new Clause("X-1", Severity.MUST, "a rule", "doc#a");
  private static final Clause MUST_B =
      new Clause("X-2", Severity.MUST, "a rule with <xml> & \"quotes\"", "doc#b");
  private static final Clause SHOULD_C = new Clause("X-3", Severity.SHOULD, "advice", "doc#c");
  private static final Clause MUST_D = new Clause("X-4", Severity.MUST, "needs config", "doc#d");

  private static final CheckReport REPORT =
      new CheckReport(
          "adapter http://localhost:1/model",
          List.of(
              Finding.pass(MUST_A, new Evidence("GET /a", "HTTP 200")),
              Finding.broken(
                  MUST_B,
                  "answered 200, not 404",
                  new Evidence("GET /model/status/x", "HTTP 200 text/html <p>&</p>")),
              Finding.broken(SHOULD_C, "answered READY", new Evidence("GET /r", "HTTP 200 READY")),
              Finding.skip(MUST_D, "give --config FILE")));

  @Test
  void aBrokenShouldClauseWarnsAndABrokenMustClauseFails() {
    assertThat(REPORT.findings())
        .extracting(Finding::outcome)
        .containsExactly(Outcome.PASS, Outcome.FAIL, Outcome.WARN, Outcome.SKIP);
    assertThat(REPORT.passed()).isFalse();
    assertThat(new CheckReport("s", List.of(REPORT.findings().get(2))).passed()).isTrue();
  }

  @Test
  void evidenceIsCutToABoundedExcerpt() {
    Evidence evidence = new Evidence("x".repeat(10_000), "y");
    assertThat(evidence.sent()).hasSizeLessThan(Evidence.MAX_CHARS + 20).endsWith("(cut)");
  }

  @Test
  void theTableShowsEachClauseAndTheEvidenceOfFailuresAndWarnings() {
    StringWriter text = new StringWriter();
    new TableReportWriter().write(REPORT, new PrintWriter(text));

    assertThat(text.toString())
        .contains("PASS  X-1", "FAIL  X-2", "WARN  X-3", "SKIP  X-4")
        .contains("answered 200, not 404", "sent:     GET /model/status/x", "see doc#b")
        .contains("give --config FILE")
        .contains("FAILED: 1 passed, 1 failed, 1 warned, 1 skipped")
        .doesNotContain("sent:     GET /a");
  }

  @Test
  void theJsonReportHasOneFindingPerClauseWithItsEvidence() throws Exception {
    StringWriter text = new StringWriter();
    new JsonReportWriter().write(REPORT, new PrintWriter(text));
    JsonNode json = JsonMappers.standard().readTree(text.toString());

    assertThat(json.path("subject").asText()).isEqualTo("adapter http://localhost:1/model");
    assertThat(json.path("passed").asBoolean(true)).isFalse();
    assertThat(json.path("counts").path("FAIL").asInt()).isEqualTo(1);
    assertThat(json.path("counts").path("SKIP").asInt()).isEqualTo(1);
    assertThat(json.path("findings")).hasSize(4);
    JsonNode failed = json.path("findings").get(1);
    assertThat(failed.path("clause").asText()).isEqualTo("X-2");
    assertThat(failed.path("severity").asText()).isEqualTo("MUST");
    assertThat(failed.path("outcome").asText()).isEqualTo("FAIL");
    assertThat(failed.path("anchor").asText()).isEqualTo("doc#b");
    assertThat(failed.path("evidence").path("received").asText())
        .isEqualTo("HTTP 200 text/html <p>&</p>");
  }

  @Test
  void theJunitReportParsesWithOneTestcasePerClauseAndTheRightCounts() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new JunitReportWriter().write(REPORT, "check", out);
    Document doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(out.toByteArray()));

    Element suite = doc.getDocumentElement();
    assertThat(suite.getTagName()).isEqualTo("testsuite");
    assertThat(suite.getAttribute("tests")).isEqualTo("4");
    assertThat(suite.getAttribute("failures")).isEqualTo("1");
    assertThat(suite.getAttribute("skipped")).isEqualTo("1");
    assertThat(suite.getElementsByTagName("testcase").getLength()).isEqualTo(4);
    assertThat(suite.getElementsByTagName("failure").getLength()).isEqualTo(1);
    assertThat(suite.getElementsByTagName("skipped").getLength()).isEqualTo(1);
    Element failure = (Element) suite.getElementsByTagName("failure").item(0);
    assertThat(failure.getAttribute("message")).isEqualTo("answered 200, not 404");
    assertThat(failure.getTextContent()).contains("HTTP 200 text/html <p>&</p>");
    Element failedCase = (Element) failure.getParentNode();
    assertThat(failedCase.getAttribute("name")).isEqualTo("X-2 a rule with <xml> & \"quotes\"");
  }
}
