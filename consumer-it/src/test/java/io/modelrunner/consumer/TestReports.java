package io.modelrunner.consumer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/**
 * The totals of a project's Surefire and Failsafe XML reports ({@code
 * target/*-reports/TEST-*.xml}).
 *
 * @param tests tests run, skipped ones included
 * @param failures failed and erroneous tests
 * @param skipped skipped tests
 */
record TestReports(int tests, int failures, int skipped) {

  /** The totals of {@code project}'s reports (all zero when there are none). */
  static TestReports of(Path project) throws IOException {
    int tests = 0;
    int failures = 0;
    int skipped = 0;
    for (Path report : reports(project)) {
      Element suite = parse(report);
      tests += count(suite, "tests");
      failures += count(suite, "failures") + count(suite, "errors");
      skipped += count(suite, "skipped");
    }
    return new TestReports(tests, failures, skipped);
  }

  /** Tests that ran and were not skipped. */
  int passed() {
    return tests - failures - skipped;
  }

  private static List<Path> reports(Path project) throws IOException {
    List<Path> found = new java.util.ArrayList<>();
    for (String folder : List.of("surefire-reports", "failsafe-reports")) {
      Path dir = project.resolve("target").resolve(folder);
      if (Files.isDirectory(dir)) {
        try (Stream<Path> files = Files.list(dir)) {
          files
              .filter(f -> f.getFileName().toString().matches("TEST-.*\\.xml"))
              .forEach(found::add);
        }
      }
    }
    return found;
  }

  private static Element parse(Path report) throws IOException {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return factory.newDocumentBuilder().parse(report.toFile()).getDocumentElement();
    } catch (ParserConfigurationException | SAXException e) {
      throw new IOException("cannot read the test report " + report, e);
    }
  }

  private static int count(Element suite, String attribute) {
    String value = suite.getAttribute(attribute);
    return value.isEmpty() ? 0 : Integer.parseInt(value);
  }
}
