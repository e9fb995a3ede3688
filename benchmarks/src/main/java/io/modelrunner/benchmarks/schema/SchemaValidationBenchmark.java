package io.modelrunner.benchmarks.schema;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.api.schema.JsonSchema;
import io.modelrunner.api.schema.SchemaName;
import io.modelrunner.api.schema.SchemaValidator;
import io.modelrunner.api.schema.ValidationError;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Part 5: validating a large model output against the built-in {@code output} schema with {@link
 * SchemaValidator}. {@link #parseAndValidate} is what the runner's collect step does (parse with
 * the standard mapper, then validate); {@link #parseOnly} and {@link #validateParsed} split it;
 * {@link #parseAsDoublesAndValidate} is a diagnostic (the same without the standard mapper's
 * BigDecimal numbers); {@link #newValidator} is the cold path: a new validator loads the schema and
 * validates once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SchemaValidationBenchmark {
  static final long SEED = 42;

  @Param("100000")
  public int timestamps;

  private byte[] document;
  private ObjectMapper standard;
  private ObjectMapper doubles;
  private JsonSchema schema;
  private JsonNode parsed;

  @Setup
  public void setUp() throws IOException {
    document = OutputDocument.generate(timestamps, SEED);
    standard = JsonMappers.standard();
    doubles = JsonMappers.standard().copy();
    doubles.disable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    schema = new SchemaValidator(standard).schema(SchemaName.OUTPUT);
    parsed = standard.readTree(document);
    List<ValidationError> errors = schema.validate(parsed);
    if (!errors.isEmpty()) {
      throw new IllegalStateException("the generated document is invalid: " + errors);
    }
  }

  /** The document's size in bytes (for MB/s). */
  public static int documentBytes(int timestamps) {
    return OutputDocument.generate(timestamps, SEED).length;
  }

  @Benchmark
  public List<ValidationError> parseAndValidate() throws IOException {
    return schema.validate(new ByteArrayInputStream(document));
  }

  @Benchmark
  public JsonNode parseOnly() throws IOException {
    return standard.readTree(new ByteArrayInputStream(document));
  }

  @Benchmark
  public List<ValidationError> validateParsed() {
    return schema.validate(parsed);
  }

  @Benchmark
  public List<ValidationError> parseAsDoublesAndValidate() throws IOException {
    return schema.validate(doubles.readTree(new ByteArrayInputStream(document)));
  }

  @Benchmark
  public JsonSchema loadSchema() {
    return new SchemaValidator().schema(SchemaName.OUTPUT);
  }

  @Benchmark
  public List<ValidationError> newValidator() throws IOException {
    JsonSchema fresh = new SchemaValidator().schema(SchemaName.OUTPUT);
    return fresh.validate(new ByteArrayInputStream(document));
  }
}
