package io.modelrunner.benchmarks.schema;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A large standard model output ({@code data.json}) as a Python connector writes it ({@code
 * json.dump} with its default separators): the metadata echoed, {@code n} timestamps, and all 11
 * severity series {@code n} values long.
 */
public final class OutputDocument {
  /** The severity series the output schema requires. */
  public static final List<String> METRICS =
      List.of(
          "Mild",
          "ILI",
          "SARI",
          "Critical",
          "CritRecov",
          "incDeath",
          "cumMild",
          "cumILI",
          "cumSARI",
          "cumCritical",
          "cumCritRecov");

  private OutputDocument() {}

  /** The document's UTF-8 bytes; the same for the same {@code n} and {@code seed}. */
  public static byte[] generate(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder sb = new StringBuilder(n * 220);
    sb.append("{\"metadata\": {\"region\": \"US\", \"subregion\": \"US-NY\", \"parameters\": {")
        .append("\"calibrationDate\": \"2020-04-18\", \"calibrationCaseCount\": 1400,")
        .append(" \"calibrationDeathCount\": 200, \"r0\": null, \"interventionPeriods\": [")
        .append("{\"startDate\": \"2020-03-16\", \"reductionPopulationContact\": 20,")
        .append(" \"socialDistancing\": \"moderate\"}, {\"startDate\": \"2020-03-23\",")
        .append(" \"reductionPopulationContact\": 60, \"socialDistancing\": \"aggressive\",")
        .append(" \"schoolClosure\": \"aggressive\"}]}}, ");
    sb.append("\"time\": {\"t0\": \"2020-03-01\", \"timestamps\": [");
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(i);
    }
    sb.append("], \"extent\": [0, ").append(Math.max(0, n - 1)).append("]}, ");
    sb.append("\"aggregate\": {\"metrics\": {");
    for (int m = 0; m < METRICS.size(); m++) {
      if (m > 0) {
        sb.append(", ");
      }
      sb.append('"').append(METRICS.get(m)).append("\": [");
      double value = 0;
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          sb.append(", ");
        }
        value = Math.max(0, value + (random.nextDouble() - 0.45) * 1000);
        sb.append(value);
      }
      sb.append(']');
    }
    sb.append("}}}");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }
}
