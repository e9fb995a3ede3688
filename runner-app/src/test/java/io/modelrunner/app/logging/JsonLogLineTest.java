package io.modelrunner.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class JsonLogLineTest {
  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final Logger logger = context.getLogger("io.modelrunner.test.Json");

  @AfterEach
  void clearMdc() {
    MDC.clear();
  }

  private JsonNode encode(LoggingEvent event) throws IOException {
    byte[] bytes = new JsonLogLine().encode(event);
    String text = new String(bytes, StandardCharsets.UTF_8);
    assertThat(text).endsWith("\n");
    assertThat(text.indexOf('\n')).as("one line").isEqualTo(text.length() - 1);
    return new ObjectMapper().readTree(text);
  }

  @Test
  void anEventIsOneObjectWithItsFormattedMessageAndUtcTimestamp() throws Exception {
    LoggingEvent event =
        new LoggingEvent(
            Logger.FQCN, logger, Level.INFO, "job {} entered {}", null, new Object[] {"a", "b"});
    event.setTimeStamp(Instant.parse("2026-12-07T08:30:28.638Z").toEpochMilli());
    JsonNode line = encode(event);
    assertThat(line.path("timestamp").asText()).isEqualTo("2026-12-07T08:30:28.638Z");
    assertThat(line.path("level").asText()).isEqualTo("INFO");
    assertThat(line.path("logger").asText()).isEqualTo("io.modelrunner.test.Json");
    assertThat(line.path("thread").asText()).isEqualTo(Thread.currentThread().getName());
    assertThat(line.path("message").asText()).isEqualTo("job a entered b");
    assertThat(line.has("stackTrace")).isFalse();
  }

  @Test
  void theMdcEntriesAreFieldsOfTheirOwn() throws Exception {
    MDC.setContextMap(
        Map.of("runId", "mr-1", "model", "seir", "requestId", "r-7", "message", "clash"));
    JsonNode line =
        encode(
            new LoggingEvent(Logger.FQCN, logger, Level.WARN, "quoted \"x\"\n\tnext", null, null));
    assertThat(line.path("runId").asText()).isEqualTo("mr-1");
    assertThat(line.path("model").asText()).isEqualTo("seir");
    assertThat(line.path("requestId").asText()).isEqualTo("r-7");
    assertThat(line.path("message").asText()).isEqualTo("quoted \"x\"\n\tnext");
    assertThat(line.path("mdc.message").asText()).isEqualTo("clash");
  }

  @Test
  void aThrowableIsItsWholeTraceInOneField() throws Exception {
    Exception failure = new IllegalStateException("boom", new IOException("disk full"));
    JsonNode line =
        encode(new LoggingEvent(Logger.FQCN, logger, Level.ERROR, "failed", failure, null));
    String trace = line.path("stackTrace").asText();
    assertThat(trace)
        .startsWith("java.lang.IllegalStateException: boom")
        .contains("\tat io.modelrunner.app.logging.JsonLogLineTest")
        .contains("Caused by: java.io.IOException: disk full");
    assertThat(line.path("message").asText()).isEqualTo("failed");
  }
}
