package io.modelrunner.api;

import static org.apiguardian.api.API.Status.STABLE;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The eleven series of the standard model output, one value per timestamp. Wire names keep the
 * original capitalisation ({@code Mild}, {@code ILI}, {@code incDeath}, …).
 */
@JsonPropertyOrder({
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
  "cumCritRecov"
})
@API(status = STABLE, since = "0.1.0")
public record SeverityMetrics(
    @JsonProperty("Mild") List<Double> mild,
    @JsonProperty("ILI") List<Double> ili,
    @JsonProperty("SARI") List<Double> sari,
    @JsonProperty("Critical") List<Double> critical,
    @JsonProperty("CritRecov") List<Double> critRecov,
    @JsonProperty("incDeath") List<Double> incDeath,
    @JsonProperty("cumMild") List<Double> cumMild,
    @JsonProperty("cumILI") List<Double> cumIli,
    @JsonProperty("cumSARI") List<Double> cumSari,
    @JsonProperty("cumCritical") List<Double> cumCritical,
    @JsonProperty("cumCritRecov") List<Double> cumCritRecov) {

  public SeverityMetrics {
    mild = copy(mild, "Mild");
    ili = copy(ili, "ILI");
    sari = copy(sari, "SARI");
    critical = copy(critical, "Critical");
    critRecov = copy(critRecov, "CritRecov");
    incDeath = copy(incDeath, "incDeath");
    cumMild = copy(cumMild, "cumMild");
    cumIli = copy(cumIli, "cumILI");
    cumSari = copy(cumSari, "cumSARI");
    cumCritical = copy(cumCritical, "cumCritical");
    cumCritRecov = copy(cumCritRecov, "cumCritRecov");
  }

  private static List<Double> copy(List<Double> series, String name) {
    return List.copyOf(Objects.requireNonNull(series, name));
  }
}
