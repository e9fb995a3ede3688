package io.modelrunner.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.app.service.NotAcceptingWorkException;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

/** How {@link ProblemMapper} answers the exceptions that are not a {@link ProblemException}. */
class ProblemMapperTest {
  private final ObjectMapper mapper = JsonMappers.standard();
  private final ProblemMapper problems = new ProblemMapper(mapper);

  @Test
  void notAcceptingWorkIsA503WithRetryAfterAndItsMessage() throws Exception {
    Response answer =
        problems.toResponse(new NotAcceptingWorkException("the service is shutting down"));

    assertThat(answer.getStatus()).isEqualTo(503);
    assertThat(answer.getHeaderString("Retry-After")).isEqualTo("10");
    JsonNode body = body(answer);
    assertThat(body.path("title").asText()).isEqualTo("Service Unavailable");
    assertThat(body.path("detail").asText()).isEqualTo("the service is shutting down");
  }

  @Test
  void anUnexpectedIllegalStateExceptionIsA500ThatShowsNothingOfIt() throws Exception {
    Response answer = problems.toResponse(new IllegalStateException("secret internals"));

    assertThat(answer.getStatus()).isEqualTo(500);
    assertThat(answer.getHeaderString("Retry-After")).isNull();
    assertThat(body(answer).path("detail").asText())
        .isEqualTo("internal error; see the service log");
  }

  private JsonNode body(Response answer) throws Exception {
    Object entity = answer.getEntity();
    return entity instanceof byte[] bytes
        ? mapper.readTree(bytes)
        : mapper.readTree(String.valueOf(entity));
  }
}
