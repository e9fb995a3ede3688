package io.modelrunner.testkit.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.modelrunner.testkit.docker.TestDocker;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * {@link RequiresDocker} run through the JUnit engine on fixture classes. This test itself needs
 * the engine and the busybox base image (it is what tells an image that is there from one that is
 * not), so it carries the annotation too.
 */
@RequiresDocker(images = TestDocker.BUSYBOX)
class RequiresDockerConditionTest {
  private static final String MISSING_IMAGE = "local/no-such-image-for-requires-docker:0";

  @Test
  void aTestWhoseImagesAreThereRuns() {
    run(WithBusybox.class, "true")
        .testEvents()
        .assertThatEvents()
        .haveExactly(1, event(test("runs"), finishedSuccessfully()));
  }

  @Test
  void aTestWhoseImageIsMissingIsSkippedNamingTheImage() {
    var events = run(WithMissingImage.class, "false").testEvents();

    events.assertStatistics(stats -> stats.started(0).skipped(1));
    events
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("runs"),
                skippedWithReason(
                    r -> r.startsWith("Skipped: ") && r.contains("no image " + MISSING_IMAGE))));
  }

  @Test
  void aTestWhoseImageIsMissingFailsWhenDockerIsRequired() {
    var results = run(WithMissingImage.class, "true");

    results.testEvents().assertStatistics(stats -> stats.failed(1).succeeded(0));
    results
        .testEvents()
        .assertThatEvents()
        .haveAtLeastOne(
            finishedWithFailure(
                message(
                    m -> m.contains(MISSING_IMAGE) && m.contains("MODEL_RUNNER_REQUIRE_DOCKER"))));
  }

  private static EngineExecutionResults run(Class<?> fixture, String requireDocker) {
    return EngineTestKit.engine("junit-jupiter")
        .configurationParameter("MODEL_RUNNER_REQUIRE_DOCKER", requireDocker)
        .selectors(selectClass(fixture))
        .execute();
  }

  @RequiresDocker(images = TestDocker.BUSYBOX)
  static class WithBusybox {
    @Test
    void runs() {}
  }

  static class WithMissingImage {
    @Test
    @RequiresDocker(images = {TestDocker.BUSYBOX, MISSING_IMAGE})
    void runs() {}
  }
}
