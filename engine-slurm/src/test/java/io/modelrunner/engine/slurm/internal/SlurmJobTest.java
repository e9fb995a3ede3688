package io.modelrunner.engine.slurm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlurmJobTest {
  private static SlurmJob job(String state, long waitStatus) {
    return new SlurmJob(7, "run", state, "None", waitStatus, 0, "n1", 0, 0, "");
  }

  @Test
  void exitCodeIsReadFromTheRawWaitStatusSlurmReports() {
    assertThat(job("FAILED", 768).exitCode()).isEqualTo(3);
    assertThat(job("FAILED", 768).signalled()).isFalse();
    assertThat(job("COMPLETED", 0).exitCode()).isZero();
  }

  @Test
  void aDeathBySignalReadsAsAShellWouldSayIt() {
    assertThat(job("CANCELLED", 15).exitCode()).isEqualTo(143);
    assertThat(job("CANCELLED", 15).signalled()).isTrue();
    assertThat(job("FAILED", 9).exitCode()).isEqualTo(137);
  }

  @Test
  void aJobHasEndedOnlyInAFinalStateNotWhileCompletingOrRequeued() {
    for (String state :
        new String[] {"PENDING", "RUNNING", "COMPLETING", "REQUEUED", "SUSPENDED"}) {
      assertThat(job(state, 0).ended()).as(state).isFalse();
    }
    for (String state :
        new String[] {
          "COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "OUT_OF_MEMORY", "NODE_FAIL", "PREEMPTED"
        }) {
      assertThat(job(state, 0).ended()).as(state).isTrue();
    }
  }
}
