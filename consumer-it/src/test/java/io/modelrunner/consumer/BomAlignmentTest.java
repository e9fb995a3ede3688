package io.modelrunner.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;

/**
 * model-runner-bom has no parent (so that importing it brings only its own entries): its version
 * and its Jackson version are written twice, and must stay equal to the parent's.
 */
class BomAlignmentTest {
  private static final Path ROOT =
      Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."));

  @Test
  void theBomHasTheParentsVersionJacksonAndSlf4j() throws Exception {
    Document parent = read(ROOT.resolve("pom.xml"));
    Document bom = read(ROOT.resolve("bom/pom.xml"));

    assertThat(text(bom, "/project/version")).isEqualTo(text(parent, "/project/version"));
    assertThat(text(bom, "/project/properties/jackson.version"))
        .as("bom/pom.xml's jackson.version")
        .isEqualTo(text(parent, "/project/properties/jackson.version"));
    assertThat(text(bom, "/project/properties/slf4j.version"))
        .as("bom/pom.xml's slf4j.version")
        .isEqualTo(text(parent, "/project/properties/slf4j.version"));
  }

  private static Document read(Path pom) throws IOException {
    try {
      return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    } catch (ParserConfigurationException | SAXException e) {
      throw new IOException("cannot read " + pom, e);
    }
  }

  private static String text(Document pom, String path) throws XPathExpressionException {
    String value = XPathFactory.newInstance().newXPath().evaluate(path, pom).trim();
    assertThat(value).as(path).isNotEmpty();
    return value;
  }
}
