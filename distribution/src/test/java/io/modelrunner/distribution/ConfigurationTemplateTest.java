package io.modelrunner.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.app.config.ConfigKeys;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ConfigurationTemplateTest {

  @Test
  void everyKeyIsThereCommentedOutWithItsDefaultWhichPropertiesReadsBack() throws IOException {
    String template = ConfigurationTemplate.render(ConfigKeys.ALL);

    Properties uncommented = new Properties();
    uncommented.load(new StringReader(template.replaceAll("(?m)^#(?=[a-z][a-z0-9.-]*=)", "")));
    assertThat(uncommented).hasSize(ConfigKeys.ALL.size());
    for (ConfigKeys.Key key : ConfigKeys.ALL) {
      assertThat(uncommented.getProperty(key.name())).as(key.name()).isEqualTo(key.defaultValue());
    }
    Properties asShipped = new Properties();
    asShipped.load(new StringReader(template));
    assertThat(asShipped).isEmpty();
  }

  @Test
  void eachKeyFollowsItsMeaningAndNoLineIsWiderThanTheLimit() {
    String template = ConfigurationTemplate.render(ConfigKeys.ALL);
    List<String> lines = template.lines().toList();

    ConfigKeys.Key port = ConfigKeys.find("server.port").orElseThrow();
    int at = lines.indexOf("#server.port=" + port.defaultValue());
    assertThat(at).isPositive();
    assertThat(lines.get(at - 1)).isEqualTo("# " + port.doc());
    assertThat(lines)
        .filteredOn(line -> line.startsWith("# ") && !line.contains("="))
        .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(100));
  }

  @Test
  void aSecretKeyPointsToItsEnvironmentVariableInstead() {
    ConfigKeys.Key token = ConfigKeys.find("auth.api-token").orElseThrow();

    String template = ConfigurationTemplate.render(List.of(token));

    assertThat(template)
        .contains("Secret: set " + token.envAlias() + " in the environment instead.")
        .contains("\n#auth.api-token=\n");
  }

  @Test
  void theMeaningIsTheDocsFirstSentence() {
    assertThat(ConfigurationTemplate.firstSentence("Longest wait. Then more (e.g. this)."))
        .isEqualTo("Longest wait.");
    assertThat(ConfigurationTemplate.firstSentence("Bearer token, e.g. abc. Default: x."))
        .isEqualTo("Bearer token, e.g. abc.");
    assertThat(ConfigurationTemplate.firstSentence("One sentence only"))
        .isEqualTo("One sentence only");
  }

  @Test
  void valuesAreEscapedAsPropertiesSyntaxNeeds() {
    assertThat(ConfigurationTemplate.escape("C:\\data")).isEqualTo("C:\\\\data");
    assertThat(ConfigurationTemplate.escape(" x")).isEqualTo("\\ x");
  }

  @Test
  void longMeaningsWrapAtSpaces() {
    assertThat(ConfigurationTemplate.wrap("aa bb cc", 5)).containsExactly("aa bb", "cc");
    assertThat(ConfigurationTemplate.wrap("averyveryverylongword x", 5))
        .containsExactly("averyveryverylongword", "x");
  }
}
