package io.modelrunner.core.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelrunner.core.engine.ExecutionLimits;
import io.modelrunner.core.engine.ExecutionOutcome;
import io.modelrunner.core.engine.ExecutionOutcome.Kind;
import io.modelrunner.core.engine.ExecutionRequest;
import io.modelrunner.core.engine.ModelExecution;
import io.modelrunner.core.engine.ModelLaunch;
import io.modelrunner.core.engine.Workspace;
import io.modelrunner.core.internal.CappedLog;
import io.modelrunner.testkit.docker.TestDocker;
import io.modelrunner.testkit.junit.RequiresDocker;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model that prints 200 MiB: the log file holds the cap plus one marker line, and the runner's
 * heap stays small. Failsafe runs this class alone in a JVM with a 64 MiB heap (execution {@code
 * small-heap} in runner-core's pom): were the output held in memory, it would fail with an
 * OutOfMemoryError.
 */
@RequiresDocker
class DockerEngineLogCapHeapCheck {
  private static final Logger LOG = LoggerFactory.getLogger(DockerEngineLogCapHeapCheck.class);
  private static final long CAP = 1024 * 1024;

  @TempDir Path temp;

  @Test
  void twoHundredMebibytesOfOutputAreCappedAndNeverHeldInMemory() throws Exception {
    String runnerId = "it-log-cap-" + UUID.randomUUID();
    try (TestDocker docker = new TestDocker();
        DockerEngine engine = new DockerEngine(TestDocker.config(runnerId))) {
      String image = new TestModels(docker).chatty();
      Workspace ws = Workspace.under(temp.resolve("chatty"));
      Files.createDirectories(ws.input());
      Files.writeString(ws.inputFile(), "{}");
      ExecutionRequest request =
          new ExecutionRequest(
              "run-chatty",
              ModelLaunch.image("chatty", image),
              ws,
              ExecutionLimits.defaults().withLogCapBytes(CAP),
              Map.of());
      resetPeaks();

      long before = System.nanoTime();
      ModelExecution execution = engine.start(request, engine.prepare(request.launch()));
      ExecutionOutcome outcome = execution.await();
      long millis = (System.nanoTime() - before) / 1_000_000;

      long peakHeap = peakHeapUsed();
      LOG.info(
          "200 MiB of output streamed in {} ms; max heap {} MiB, peak heap used {} MiB",
          millis,
          Runtime.getRuntime().maxMemory() >> 20,
          peakHeap >> 20);
      assertThat(outcome.kind()).as(outcome.detail()).isEqualTo(Kind.SUCCEEDED);
      String marker = String.format(CappedLog.TRUNCATED_MARKER, CAP);
      assertThat(Files.size(ws.containerLog()))
          .isEqualTo(CAP + marker.getBytes(StandardCharsets.UTF_8).length);
      assertThat(Files.readString(ws.containerLog())).endsWith(marker);
      assertThat(outcome.logTail()).last().isEqualTo("chatty done");
      assertThat(engine.containers(runnerId)).isEmpty();
      if (Runtime.getRuntime().maxMemory() <= 128L << 20) {
        LOG.info("Heap bounded by the JVM's -Xmx: streaming held nothing");
      } else {
        assertThat(peakHeap).as("peak heap used").isLessThan(150L << 20);
      }
    }
  }

  private static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  private static long peakHeapUsed() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }
}
