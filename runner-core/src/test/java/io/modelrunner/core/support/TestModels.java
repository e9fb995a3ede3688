package io.modelrunner.core.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.core.pipeline.RunRequestDocument;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Small shell-script models and run requests for tests. */
public final class TestModels {
  private TestModels() {}

  /** The standard model input of examples/request.json. */
  public static final String CONFIGURATION =
      """
      {"region":"US","subregion":"US-NY","parameters":{"calibrationDate":"2020-04-18",\
      "calibrationCaseCount":1400,"calibrationDeathCount":200,"r0":null,\
      "interventionPeriods":[{"startDate":"2020-03-16","reductionPopulationContact":20,\
      "socialDistancing":"moderate"}]}}""";

  /** A body for a valid data.json: the input echoed as metadata plus five days of metrics. */
  public static final String WRITE_VALID_OUTPUT =
      """
      M='[0,1,2,3,4]'
      printf '{"metadata":%s,"time":{"t0":"2020-03-01","timestamps":[0,1,2,3,4],"extent":[0,4]},"aggregate":{"metrics":{"Mild":%s,"ILI":%s,"SARI":%s,"Critical":%s,"CritRecov":%s,"incDeath":%s,"cumMild":%s,"cumILI":%s,"cumSARI":%s,"cumCritical":%s,"cumCritRecov":%s}}}' \
        "$(cat "$IN/inputFile.json")" $M $M $M $M $M $M $M $M $M $M $M > "$OUT/data.json"
      """;

  /** A good model: logs a line, writes a valid data.json, exits 0. */
  public static final String GOOD =
      "echo \"model starting\"\n" + WRITE_VALID_OUTPUT + "echo done\n";

  /**
   * Writes an executable {@code sh} script named {@code name} in {@code dir}. The script finds its
   * folders in {@code MODEL_*_DIR} (process engine) or under {@code /data} (container).
   */
  public static Path script(Path dir, String name, String body) {
    try {
      Files.createDirectories(dir);
      Path script = dir.resolve(name);
      Files.writeString(
          script,
          "#!/bin/sh\nset -e\n"
              + "IN=\"${MODEL_INPUT_DIR:-/data/input}\"\n"
              + "OUT=\"${MODEL_OUTPUT_DIR:-/data/output}\"\n"
              + "LOG=\"${MODEL_LOG_DIR:-/data/log}\"\n"
              + body);
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
      return script;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A request JSON for {@code slugs}, with {@code callbackURL} (may be null). */
  public static String requestJson(String id, String callbackURL, String... slugs) {
    StringBuilder models = new StringBuilder();
    for (String slug : slugs) {
      if (models.length() > 0) {
        models.append(',');
      }
      models
          .append("{\"slug\":\"")
          .append(slug)
          .append("\",\"imageURL\":\"local/")
          .append(slug)
          .append(":1\"}");
    }
    return "{\"id\":\""
        + id
        + "\",\"models\":["
        + models
        + "],\"configuration\":"
        + CONFIGURATION
        + ",\"callbackURL\":"
        + (callbackURL == null ? "null" : "\"" + callbackURL + "\"")
        + "}";
  }

  public static RunRequestDocument request(String id, String callbackURL, String... slugs) {
    try {
      return RunRequestDocument.of(
          JsonMappers.standard().readTree(requestJson(id, callbackURL, slugs)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ObjectNode configuration() {
    try {
      return (ObjectNode) JsonMappers.standard().readTree(CONFIGURATION);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
