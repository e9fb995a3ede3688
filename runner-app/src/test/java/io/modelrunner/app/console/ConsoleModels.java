package io.modelrunner.app.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The models catalog of the browser tests: real models for the process engine, as scripts.
 *
 * <ul>
 *   <li>{@code epi-a}, {@code epi-b}: epidemic models writing the standard output with {@link
 *       #POINTS} timestamps and the eleven metrics (two sizes of the same wave, for compare);
 *   <li>{@code failing}: prints three lines, then exits 3;
 *   <li>{@code slow}: writes its pid to {@code pids/<run id>.pid}, logs while it waits for {@code
 *       release/<run id>} (at most five minutes), then writes {@code epi-a}'s output;
 *   <li>{@code hostile}: its data.json and its log hold {@code <script>} and {@code onerror} markup
 *       that sets {@code window.__xss}; its output schema is {@code {}} (anything);
 *   <li>{@code energy}: the energy example's connector with its schemas and {@code "timeAxis":
 *       "/hours/*\/hour"}.
 * </ul>
 */
final class ConsoleModels {
  /** Timestamps of the epidemic models' output. */
  static final int POINTS = 30;

  /** The eleven metrics of the standard output. */
  static final int METRICS = 11;

  static final String SCRIPT_IN_OUTPUT = "<script>window.__xss=1</script>";
  static final String IMG_IN_OUTPUT = "<img src=x onerror=\"window.__xss=2\">";
  static final String SCRIPT_IN_LOG = "<script>window.__xss=3</script>";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ConsoleModels() {}

  /** The repository's root (failsafe passes {@code examples.dir}). */
  static Path repository() {
    return Path.of(System.getProperty("examples.dir", "../examples"))
        .toAbsolutePath()
        .getParent()
        .normalize();
  }

  /** Writes the scripts and the catalog under {@code dir}; returns the catalog file. */
  static Path write(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("pids"));
    Files.createDirectories(dir.resolve("release"));
    Path schemas = Files.createDirectories(dir.resolve("schemas"));
    Path epidemic = script(dir, "epidemic.py", EPIDEMIC);
    Path energyModel = repository().resolve("adapter-example-energy-model");
    for (String side : new String[] {"input", "output"}) {
      Files.copy(
          energyModel.resolve("schemas/" + side + ".schema.json"),
          schemas.resolve("energy-" + side + ".schema.json"),
          StandardCopyOption.REPLACE_EXISTING);
    }
    Files.writeString(schemas.resolve("anything.schema.json"), "{}");

    ObjectNode models = JSON.createObjectNode();
    // one command, two environments: the two models' results must not share a store key
    entry(models, "epi-a", "python3", epidemic.toString())
        .putObject("environment")
        .put("SCALE", "1");
    entry(models, "epi-b", "python3", epidemic.toString())
        .putObject("environment")
        .put("SCALE", "0.5");
    entry(models, "failing", script(dir, "failing.sh", FAILING).toString());
    entry(models, "slow", script(dir, "slow.sh", SLOW).toString())
        .putObject("environment")
        .put("PIDS", dir.resolve("pids").toString())
        .put("RELEASE", dir.resolve("release").toString())
        .put("EPIDEMIC", epidemic.toString());
    entry(models, "hostile", script(dir, "hostile.sh", HOSTILE).toString())
        .put("outputSchema", "./schemas/anything.schema.json");
    entry(
            models,
            "energy",
            "python3",
            energyModel.resolve("src/main/python/connector.py").toString())
        .put("inputSchema", "./schemas/energy-input.schema.json")
        .put("outputSchema", "./schemas/energy-output.schema.json")
        .put("timeAxis", "/hours/*/hour");
    ObjectNode catalog = JSON.createObjectNode();
    catalog.set("models", models);
    return Files.writeString(
        dir.resolve("models.json"),
        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(catalog));
  }

  private static ObjectNode entry(ObjectNode models, String slug, String... command) {
    ObjectNode entry = models.putObject(slug);
    ArrayNode argv = entry.putArray("command");
    for (String arg : command) {
      argv.add(arg);
    }
    return entry;
  }

  private static Path script(Path dir, String name, String text) throws IOException {
    Path script = Files.writeString(dir.resolve(name), text);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script.toAbsolutePath();
  }

  private static final String EPIDEMIC =
      """
      import json, math, os, sys
      with open(os.path.join(os.environ["MODEL_INPUT_DIR"], "inputFile.json")) as f:
          configuration = json.load(f)
      points = %d
      scale = float(os.environ.get("SCALE", "1"))
      print("epidemic model: %%d days, scale %%s" %% (points, scale), flush=True)
      days = list(range(points))
      def wave(peak, width):
          return [round(1 + scale * peak * math.exp(-((d - points / 2) / width) ** 2), 3) for d in days]
      def cumulative(series):
          out, total = [], 0.0
          for v in series:
              total += v
              out.append(round(total, 3))
          return out
      metrics = {"Mild": wave(5000, 6), "ILI": wave(2000, 6), "SARI": wave(300, 5),
                 "Critical": wave(80, 5), "CritRecov": wave(40, 5), "incDeath": wave(20, 4)}
      for name in ["Mild", "ILI", "SARI", "Critical", "CritRecov"]:
          metrics["cum" + name] = cumulative(metrics[name])
      data = {"metadata": configuration,
              "time": {"t0": "2020-03-01", "timestamps": days, "extent": [0, points - 1]},
              "aggregate": {"metrics": metrics}}
      with open(os.path.join(os.environ["MODEL_OUTPUT_DIR"], "data.json"), "w") as f:
          json.dump(data, f)
      print("wrote data.json", flush=True)
      """
          .formatted(POINTS);

  private static final String FAILING =
      """
      #!/bin/sh
      echo "reading input"
      echo "calibrating against 1400 cases"
      echo "fatal: calibration diverged" >&2
      exit 3
      """;

  private static final String SLOW =
      """
      #!/bin/sh
      echo $$ > "$PIDS/$MODEL_RUN_ID.pid"
      echo "slow model: waiting for release/$MODEL_RUN_ID"
      i=0
      while [ ! -e "$RELEASE/$MODEL_RUN_ID" ]; do
        i=$((i+1))
        if [ "$i" -ge 3000 ]; then echo "never released" >&2; exit 4; fi
        if [ $((i % 10)) -eq 0 ]; then echo "still waiting ($((i / 10)) s)"; fi
        sleep 0.1
      done
      echo "released"
      exec python3 "$EPIDEMIC"
      """;

  private static final String HOSTILE =
      """
      #!/bin/sh
      echo 'model says %s'
      cat > "$MODEL_OUTPUT_DIR/data.json" <<'JSON'
      {"title": "%s", "note": "%s", "values": [1, 2, 3]}
      JSON
      """
          .formatted(SCRIPT_IN_LOG, SCRIPT_IN_OUTPUT, IMG_IN_OUTPUT.replace("\"", "\\\""));
}
