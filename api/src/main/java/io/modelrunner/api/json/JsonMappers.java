package io.modelrunner.api.json;

import static org.apiguardian.api.API.Status.STABLE;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.apiguardian.api.API;

/**
 * Model-runner's Jackson configuration for the documents it exchanges (requests, results,
 * callbacks, the API, adapters): every module gets the {@link ObjectMapper} for those here, so that
 * they are all read and written the same way:
 *
 * <ul>
 *   <li>dates and instants as ISO-8601 strings, never numeric timestamps;
 *   <li>nulls written where a record asks for them ({@code r0}, {@code callbackURL}, the adapter
 *       response keys) and omitted where a record marks a field optional;
 *   <li>unknown properties rejected by the wire records (the schemas forbid them too); a null for a
 *       primitive rejected instead of silently becoming 0;
 *   <li>floating-point numbers in trees kept exact ({@code BigDecimal}) and written in plain
 *       notation;
 *   <li>input bounded: nesting depth, string, name and number lengths ({@link #READ_CONSTRAINTS}).
 * </ul>
 *
 * <p>Duplicate keys in an object are accepted, the last one winning, as JavaScript's {@code
 * JSON.parse} does: the web application's own example requests contain one.
 *
 * <p>Two small internal documents use a plain mapper instead: the process engine's run records and
 * Jetty's own error answers.
 */
@API(status = STABLE, since = "0.1.0")
public final class JsonMappers {

  /** Limits applied to every parsed document; far above what any model input needs. */
  public static final StreamReadConstraints READ_CONSTRAINTS =
      StreamReadConstraints.builder()
          .maxNestingDepth(200)
          .maxNumberLength(1000)
          .maxStringLength(50_000_000)
          .maxNameLength(50_000)
          .build();

  private JsonMappers() {}

  /**
   * A new mapper with the standard configuration. Mappers are thread-safe: create one, share it.
   */
  public static ObjectMapper standard() {
    return builder().build();
  }

  /**
   * A mapper that writes canonical JSON: object keys sorted (in trees and records alike), no
   * whitespace. Two documents with the same content give the same bytes, which is what
   * content-addressed storage keys hash.
   */
  public static ObjectMapper canonical() {
    return builder()
        .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
        .build();
  }

  private static JsonMapper.Builder builder() {
    JsonFactory factory = JsonFactory.builder().streamReadConstraints(READ_CONSTRAINTS).build();
    return JsonMapper.builder(factory)
        .addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .disable(SerializationFeature.INDENT_OUTPUT)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
        .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
        .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
        .serializationInclusion(JsonInclude.Include.ALWAYS);
  }
}
