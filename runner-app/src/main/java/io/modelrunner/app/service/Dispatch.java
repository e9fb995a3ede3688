package io.modelrunner.app.service;

import java.util.List;

/**
 * What a dispatch did: one entry per model of the request, in request order.
 *
 * @param runs the runs, each with whether this dispatch created it ({@code false}: it existed)
 */
public record Dispatch(String requestId, List<Entry> runs) {
  /** One model's run. */
  public record Entry(String runId, String modelSlug, RunState state, boolean created) {}

  public Dispatch {
    runs = List.copyOf(runs);
  }

  /** Whether every run existed before (a repeated dispatch). */
  public boolean repeated() {
    return runs.stream().noneMatch(Entry::created);
  }
}
