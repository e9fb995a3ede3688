package io.modelrunner.conformance.adapter;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Set;
import org.apiguardian.api.API;

/**
 * Which clauses a check holds an adapter to as written, and which it only warns about.
 *
 * <p>{@link #MMVIB} is for the adapters of the deployed MultiModelling ecosystem (Flask and
 * flask-smorest adapters such as MultiModelling/Adapter-ETM-KPIs): they answer a run id they do not
 * know with 200 and state {@code ERROR}, accept {@code run} before {@code initialize}, answer
 * {@code remove} with the text {@code REMOVED!} as {@code text/html}, and give flask-smorest's
 * error bodies. model-runner's own engine tolerates each of these, so the profile reports those
 * clauses as warnings and holds the adapter to everything else.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public enum AdapterProfile {
  /** Every clause at the severity docs/adapter-api.md gives it. */
  STANDARD(Set.of()),
  /** The clauses the deployed MultiModelling adapters break, and the engine tolerates, warn. */
  MMVIB(Set.of("A-CT-1", "A-BODY-1", "A-ERR-1", "A-ERR-404", "A-ERR-409", "A-RM-1"));

  private final Set<String> downgraded;

  AdapterProfile(Set<String> downgraded) {
    this.downgraded = downgraded;
  }

  /** The ids of the MUST clauses whose failure this profile reports as a warning. */
  public Set<String> downgraded() {
    return downgraded;
  }
}
