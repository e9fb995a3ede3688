package io.modelrunner.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * {@link RequiresServer} run through the JUnit engine on fixture classes, with the policy set by a
 * configuration parameter ({@link Requirements#forContext}) so the result does not depend on this
 * build's environment.
 */
class RequiresServerConditionTest {
  @Test
  void aTestWhoseServerIsThereRuns() {
    Events events = run(Present.class, "true").testEvents();

    events.assertThatEvents().haveExactly(1, event(test("runs"), finishedSuccessfully()));
  }

  @Test
  void aTestWhoseServerIsMissingIsSkippedWithTheChecksMessage() {
    var results = run(Missing.class, "false");

    results.testEvents().assertStatistics(stats -> stats.started(0));
    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container(Missing.class),
                skippedWithReason("Skipped: the test server is not installed")));
  }

  @Test
  void aTestWhoseServerIsMissingFailsWhenServersAreRequired() {
    var results = run(Missing.class, "true");

    results
        .allEvents()
        .assertThatEvents()
        .haveAtLeastOne(
            finishedWithFailure(
                message(
                    m ->
                        m.endsWith(
                            "the test server is not installed"
                                + " (MODEL_RUNNER_REQUIRE_SERVERS=true requires it)"))));
    results.testEvents().assertStatistics(stats -> stats.started(0));
  }

  @Test
  void everyRepeatedCheckMustPass() {
    var results = run(PresentAndMissing.class, "false");

    results.testEvents().assertStatistics(stats -> stats.started(0));
    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(1, event(container(PresentAndMissing.class), skippedWithReason(r -> true)));
  }

  @Test
  void aCheckRunsOncePerTestRunWhateverTheNumberOfTests() {
    Counted.runs.set(0);

    run(TwoTestsOneCheck.class, "false").testEvents().assertStatistics(s -> s.succeeded(2));

    assertThat(Counted.runs).hasValue(1);
  }

  @Test
  void aCheckThatThrowsCountsAsMissing() {
    Events events = run(Throwing.class, "false").testEvents();

    events
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("runs"),
                skippedWithReason(r -> r.contains("Throws failed") && r.contains("boom"))));
  }

  private static org.junit.platform.testkit.engine.EngineExecutionResults run(
      Class<?> fixture, String requireServers) {
    return EngineTestKit.engine("junit-jupiter")
        .configurationParameter("MODEL_RUNNER_REQUIRE_SERVERS", requireServers)
        .selectors(selectClass(fixture))
        .execute();
  }

  static final class There implements ServerCheck {
    @Override
    public Optional<String> missing() {
      return Optional.empty();
    }
  }

  static final class NotInstalled implements ServerCheck {
    @Override
    public Optional<String> missing() {
      return Optional.of("the test server is not installed");
    }
  }

  static final class Counted implements ServerCheck {
    static final AtomicInteger runs = new AtomicInteger();

    @Override
    public Optional<String> missing() {
      runs.incrementAndGet();
      return Optional.empty();
    }
  }

  static final class Throws implements ServerCheck {
    @Override
    public Optional<String> missing() {
      throw new IllegalStateException("boom");
    }
  }

  @RequiresServer(There.class)
  static class Present {
    @Test
    void runs() {}
  }

  @RequiresServer(NotInstalled.class)
  static class Missing {
    @Test
    void runs() {}
  }

  @RequiresServer(There.class)
  @RequiresServer(NotInstalled.class)
  static class PresentAndMissing {
    @Test
    void runs() {}
  }

  @RequiresServer(Counted.class)
  static class TwoTestsOneCheck {
    @Test
    void one() {}

    @Test
    void two() {}
  }

  static class Throwing {
    @Test
    @RequiresServer(Throws.class)
    void runs() {}
  }
}
