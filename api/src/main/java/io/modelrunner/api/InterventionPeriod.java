package io.modelrunner.api;

import static org.apiguardian.api.API.Status.STABLE;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.LocalDate;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A period, from {@code startDate} until the next period starts, with one set of interventions. The
 * four intensities are optional and omitted when null.
 *
 * @param startDate the first day of the period, ISO-8601
 * @param reductionPopulationContact the estimated reduction in population contact, in percent
 */
@JsonPropertyOrder({
  "startDate",
  "reductionPopulationContact",
  "socialDistancing",
  "schoolClosure",
  "caseIsolation",
  "voluntaryHomeQuarantine"
})
@JsonInclude(JsonInclude.Include.NON_NULL)
@API(status = STABLE, since = "0.1.0")
public record InterventionPeriod(
    @JsonProperty("startDate") String startDate,
    @JsonProperty("reductionPopulationContact") double reductionPopulationContact,
    @JsonProperty("socialDistancing") Intensity socialDistancing,
    @JsonProperty("schoolClosure") Intensity schoolClosure,
    @JsonProperty("caseIsolation") Intensity caseIsolation,
    @JsonProperty("voluntaryHomeQuarantine") Intensity voluntaryHomeQuarantine) {

  public InterventionPeriod {
    Objects.requireNonNull(startDate, "startDate");
  }

  /** A period with only the generalised contact reduction. */
  public static InterventionPeriod of(String startDate, double reductionPopulationContact) {
    return new InterventionPeriod(startDate, reductionPopulationContact, null, null, null, null);
  }

  /** The start date's date part. */
  public LocalDate startLocalDate() {
    return IsoDates.parseDatePart(startDate, "startDate");
  }
}
