package io.modelrunner.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.api.schema.ValidationError;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonBodiesTest {
  private final JsonBodies bodies = new JsonBodies(JsonMappers.standard(), 65536);

  private ProblemException refused(String json) {
    return catchThrowableOfType(
        ProblemException.class, () -> bodies.parse(json.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void numbersThatCannotBeWrittenOutAndReadBackAre400sNamingThem() {
    for (String number :
        new String[] {"1e10000", "1e999999999", "-1e1000", "0e-999999999", "1e-1000"}) {
      ProblemException e = refused("{\"a\":{\"b\":[1," + number + "]}}");
      assertThat(e).as(number).isNotNull();
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.errors()).extracting(ValidationError::pointer).containsExactly("/a/b/1");
      assertThat(e.errors().get(0).message()).startsWith("is a number too long to handle");
    }
    // written out in full, 1e999 is 1000 characters: readable back, so left to the endpoint's rules
    assertThat(bodies.parse("{\"a\":1e999}".getBytes(StandardCharsets.UTF_8)).path("a").isNumber())
        .isTrue();
  }

  @Test
  void unpairedSurrogatesInValuesAndNamesAre400s() {
    ProblemException value = refused("{\"a\":\"x\\ud800\"}");
    assertThat(value.errors())
        .containsExactly(
            new ValidationError("/a", "is not valid Unicode text (unpaired surrogate)"));
    ProblemException name = refused("{\"\\udc00\":1}");
    assertThat(name.status()).as("the parser itself refuses it in a name").isEqualTo(400);
    assertThat(name.detail()).contains("surrogate").doesNotContain("`");
    assertThat(
            bodies
                .parse("{\"a\":\"\\ud83d\\ude42\"}".getBytes(StandardCharsets.UTF_8))
                .path("a")
                .textValue())
        .isEqualTo("🙂");
  }

  @Test
  void malformedJsonIsDescribedWithoutJava() {
    for (String broken :
        new String[] {
          "{\"a\":1}\n{\"b\":2}",
          "{\"a\":NaN}",
          "{\"a\":01}",
          "{\"a\":",
          "{'a':1}",
          "[1,]",
          "{\"a\":\"\u0001\"}"
        }) {
      ProblemException e = refused(broken);
      assertThat(e).as(broken).isNotNull();
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.detail())
          .as(broken)
          .startsWith("the body: malformed JSON")
          .doesNotContain("`", "com.fasterxml", "Exception", "java.");
    }
    assertThat(refused("{\"a\":1}\n{\"b\":2}").detail())
        .isEqualTo(
            "the body: malformed JSON at line 2, column 1: more than one JSON value: a second one"
                + " starts here");
  }

  @Test
  void problemTextIsAlwaysWritable() {
    assertThat(ProblemMapper.writable("a\ud800b\udc00")).isEqualTo("a\ufffdb\ufffd");
    assertThat(ProblemMapper.writable("🙂 ok")).isEqualTo("🙂 ok");
    assertThat(ProblemMapper.writable(null)).isEmpty();
  }
}
