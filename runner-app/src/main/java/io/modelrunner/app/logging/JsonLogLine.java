package io.modelrunner.app.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One log event as one line of JSON: {@code timestamp} (ISO-8601, UTC, milliseconds), {@code
 * level}, {@code logger}, {@code thread}, {@code message} (formatted: arguments in place), each MDC
 * entry as a field of its own ({@code runId}, {@code model}, {@code requestId} for the lines of a
 * run), and {@code stackTrace} (the whole trace with its causes, in one string) when the event has
 * a throwable. An MDC key that names one of those fields is written as {@code mdc.<key>}.
 */
final class JsonLogLine {
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);
  private static final Set<String> FIELDS =
      Set.of("timestamp", "level", "logger", "thread", "message", "stackTrace");

  private final JsonFactory json = new JsonFactory();

  byte[] encode(ILoggingEvent event) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (JsonGenerator out = json.createGenerator(bytes)) {
      out.writeStartObject();
      out.writeStringField(
          "timestamp", TIMESTAMP.format(Instant.ofEpochMilli(event.getTimeStamp())));
      out.writeStringField("level", event.getLevel().toString());
      out.writeStringField("logger", event.getLoggerName());
      out.writeStringField("thread", event.getThreadName());
      out.writeStringField("message", event.getFormattedMessage());
      Map<String, String> mdc = event.getMDCPropertyMap();
      if (mdc != null) {
        for (Map.Entry<String, String> entry : new TreeMap<>(mdc).entrySet()) {
          String key = FIELDS.contains(entry.getKey()) ? "mdc." + entry.getKey() : entry.getKey();
          out.writeStringField(key, entry.getValue());
        }
      }
      IThrowableProxy thrown = event.getThrowableProxy();
      if (thrown != null) {
        out.writeStringField("stackTrace", ThrowableProxyUtil.asString(thrown));
      }
      out.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    bytes.write('\n');
    return bytes.toByteArray();
  }
}
