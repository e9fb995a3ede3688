package io.modelrunner.conformance.adapter;

import static io.modelrunner.conformance.adapter.AdapterClauses.CAPACITY;

import io.modelrunner.conformance.Finding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Judges {@link AdapterClauses#CAPACITY}: loads the adapter with one run more than its declared
 * capacity N and sees the extra run held back, then proceed once a slot frees. N+1 runs are
 * requested: when the extra one answers {@code PENDING}, one of the others is removed and the extra
 * must become {@code ACCEPTED}. When all are admitted, all are initialized and the first N started;
 * while those are still {@code RUNNING} (or {@code QUEUED}) the extra is started and must answer
 * {@code QUEUED}, then leave {@code QUEUED} once one of the others is removed. Runs that finish
 * before the extra is started leave the clause undecided (skipped). Every run it created is
 * removed.
 */
final class CapacityProbe {
  private static final Set<String> BUSY = Set.of("RUNNING", "QUEUED");

  private final AdapterHttp http;
  private final int capacity;
  private final Set<String> created = new LinkedHashSet<>();

  CapacityProbe(AdapterHttp http, int capacity) {
    this.http = http;
    this.capacity = capacity;
  }

  Finding judge() {
    try {
      return load();
    } finally {
      created.forEach(id -> http.get("remove/" + id));
    }
  }

  private Finding load() {
    List<String> runs = new ArrayList<>();
    for (int i = 0; i <= capacity; i++) {
      Exchange request = http.get("request");
      Optional<String> id = request.runId();
      if (request.status() != 200 || id.isEmpty()) {
        return Finding.skip(
            CAPACITY,
            "request "
                + (i + 1)
                + " of "
                + (capacity + 1)
                + " answered HTTP "
                + request.status()
                + " without a run (see "
                + AdapterClauses.REQUEST.id()
                + ")");
      }
      created.add(id.get());
      runs.add(id.get());
      if ("PENDING".equals(request.state())) {
        return i == 0
            ? Finding.skip(CAPACITY, "the adapter was at capacity before the check loaded it")
            : proceeds(runs.get(0), id.get(), "PENDING", Set.of("ACCEPTED"));
      }
    }
    String configuration = http.target().configuration().orElse("{}");
    for (String id : runs) {
      Exchange init = http.post("initialize/" + id, configuration);
      if (init.status() != 200 || !"READY".equals(init.state())) {
        return Finding.skip(
            CAPACITY,
            "the adapter admitted "
                + runs.size()
                + " runs, and holding them back at run needs a configured run: initialize answered"
                + " HTTP "
                + init.status()
                + " "
                + init.state()
                + " (give a configuration it accepts with --config FILE)");
      }
    }
    String extra = runs.get(capacity);
    List<String> first = runs.subList(0, capacity);
    for (String id : first) {
      Exchange run = http.get("run/" + id);
      if (run.status() != 200) {
        return Finding.skip(
            CAPACITY,
            "run answered HTTP " + run.status() + " (see " + AdapterClauses.RUN.id() + ")");
      }
    }
    List<String> before = states(first);
    if (!before.stream().allMatch(BUSY::contains)) {
      return Finding.skip(CAPACITY, finishedTooSoon());
    }
    Exchange run = http.get("run/" + extra);
    if ("QUEUED".equals(run.state()) && run.status() == 200) {
      return proceeds(first.get(0), extra, "QUEUED", Set.of("RUNNING", "SUCCEEDED", "ERROR"));
    }
    if (run.status() != 200) {
      return Finding.broken(
          CAPACITY,
          "run "
              + (capacity + 1)
              + ", beyond the declared capacity of "
              + capacity
              + ", answered HTTP "
              + run.status()
              + ", not 200 QUEUED",
          run.evidence());
    }
    boolean running = Set.of("RUNNING").containsAll(before);
    if (!running || !Set.of("RUNNING").containsAll(states(first))) {
      return Finding.skip(CAPACITY, finishedTooSoon());
    }
    return Finding.broken(
        CAPACITY,
        "run "
            + (capacity + 1)
            + " answered "
            + run.state()
            + " while the other "
            + capacity
            + " were RUNNING: the declared capacity is "
            + capacity
            + ", so it should wait QUEUED",
        run.evidence());
  }

  /** Removes {@code slot} and waits for {@code waiting} to leave {@code held}. */
  private Finding proceeds(String slot, String waiting, String held, Set<String> next) {
    http.get("remove/" + slot);
    created.remove(slot);
    Exchange status =
        Polling.until(
            () -> http.get("status/" + waiting),
            e -> e.status() != 200 || !held.equals(e.state()),
            Instant.now().plus(http.target().timeout()));
    return status.status() == 200 && next.contains(status.state())
        ? Finding.pass(CAPACITY, status.evidence())
        : Finding.broken(
            CAPACITY,
            "a run "
                + held
                + " beyond the capacity of "
                + capacity
                + " answered HTTP "
                + status.status()
                + " "
                + status.state()
                + " after a slot was freed, not "
                + String.join(" or ", next.stream().sorted().toList())
                + " (within "
                + http.target().timeout()
                + ")",
            status.evidence());
  }

  /** The state each run answers on status ({@code ""} for an answer without one). */
  private List<String> states(List<String> runs) {
    return runs.stream().map(id -> http.get("status/" + id).state()).toList();
  }

  private String finishedTooSoon() {
    return "the other runs were not all RUNNING around the start of run "
        + (capacity + 1)
        + " (they finished, or fewer run at once), so the adapter was not loaded beyond its"
        + " capacity of "
        + capacity
        + ": give a configuration that runs longer with --config FILE";
  }
}
