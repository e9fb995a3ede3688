package io.modelrunner.api;

import static org.apiguardian.api.API.Status.STABLE;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The parameters of the standard model input.
 *
 * <p>Dates are kept as the ISO-8601 strings the wire format carries (the schema accepts any
 * string); {@link #calibrationLocalDate()} parses the date part.
 *
 * @param calibrationDate the date of the most recent case data, ISO-8601
 * @param calibrationCaseCount confirmed cases in the region before the calibration date
 * @param calibrationDeathCount deaths in the region before the calibration date
 * @param r0 the assumed reproduction number, or {@code null} for the model's own default (always
 *     written, as the wire format requires the key)
 * @param interventionPeriods the time periods, each with its own interventions
 */
@JsonPropertyOrder({
  "calibrationDate",
  "calibrationCaseCount",
  "calibrationDeathCount",
  "r0",
  "interventionPeriods"
})
@API(status = STABLE, since = "0.1.0")
public record ModelParameters(
    @JsonProperty("calibrationDate") String calibrationDate,
    @JsonProperty("calibrationCaseCount") double calibrationCaseCount,
    @JsonProperty("calibrationDeathCount") double calibrationDeathCount,
    @JsonProperty("r0") @JsonInclude(JsonInclude.Include.ALWAYS) Double r0,
    @JsonProperty("interventionPeriods") List<InterventionPeriod> interventionPeriods) {

  public ModelParameters {
    Objects.requireNonNull(calibrationDate, "calibrationDate");
    interventionPeriods =
        List.copyOf(Objects.requireNonNull(interventionPeriods, "interventionPeriods"));
  }

  /** The calibration date's date part ({@code 2020-04-18} of {@code 2020-04-18T00:00:00Z}). */
  public LocalDate calibrationLocalDate() {
    return IsoDates.parseDatePart(calibrationDate, "calibrationDate");
  }
}
