package io.modelrunner.conformance.report;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.modelrunner.conformance.CheckReport;
import io.modelrunner.conformance.Clause;
import io.modelrunner.conformance.Finding;
import io.modelrunner.conformance.Outcome;
import java.io.IOException;
import java.io.OutputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.apiguardian.api.API;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The report as JUnit XML, for a model's CI to publish: one {@code testsuite}, one {@code testcase}
 * per clause ({@code classname} the subject, {@code name} the clause id and rule), a {@code
 * failure} for FAIL, {@code skipped} for SKIP, and the warning as {@code system-out} for WARN.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class JunitReportWriter {
  /** A writer; it keeps no state. */
  public JunitReportWriter() {}

  public void write(CheckReport report, String suiteName, OutputStream out) throws IOException {
    try {
      Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
      Element suite = doc.createElement("testsuite");
      suite.setAttribute("name", suiteName);
      suite.setAttribute("tests", String.valueOf(report.findings().size()));
      suite.setAttribute("failures", String.valueOf(report.count(Outcome.FAIL)));
      suite.setAttribute("errors", "0");
      suite.setAttribute("skipped", String.valueOf(report.count(Outcome.SKIP)));
      doc.appendChild(suite);
      for (Finding finding : report.findings()) {
        suite.appendChild(testcase(doc, report.subject(), finding));
      }
      Transformer transformer = TransformerFactory.newInstance().newTransformer();
      transformer.setOutputProperty(OutputKeys.INDENT, "yes");
      transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
      transformer.transform(new DOMSource(doc), new StreamResult(out));
    } catch (ParserConfigurationException | TransformerException e) {
      throw new IOException("cannot write the JUnit XML report: " + e.getMessage(), e);
    }
  }

  private static Element testcase(Document doc, String subject, Finding finding) {
    Clause clause = finding.clause();
    Element testcase = doc.createElement("testcase");
    testcase.setAttribute("classname", subject);
    testcase.setAttribute("name", clause.id() + " " + clause.rule());
    switch (finding.outcome()) {
      case FAIL -> {
        Element failure = doc.createElement("failure");
        failure.setAttribute("message", finding.detail());
        failure.setAttribute("type", clause.severity().name());
        failure.setTextContent(evidenceText(finding));
        testcase.appendChild(failure);
      }
      case SKIP -> {
        Element skipped = doc.createElement("skipped");
        skipped.setAttribute("message", finding.detail());
        testcase.appendChild(skipped);
      }
      case WARN -> {
        Element systemOut = doc.createElement("system-out");
        systemOut.setTextContent("WARN: " + finding.detail() + "\n" + evidenceText(finding));
        testcase.appendChild(systemOut);
      }
      case PASS -> {
        // a passing testcase carries nothing
      }
    }
    return testcase;
  }

  private static String evidenceText(Finding finding) {
    return "sent: "
        + finding.evidence().sent()
        + "\nreceived: "
        + finding.evidence().received()
        + "\nsee "
        + finding.clause().anchor();
  }
}
