package io.modelrunner.engine.slurm.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * What slurmrestd says about one job ({@code GET /slurm/v0.0.38/job/{id}}), reduced to what the
 * engine reads.
 *
 * @param id the job id
 * @param name the job name (the run id)
 * @param state {@code job_state}: PENDING, RUNNING, COMPLETING, COMPLETED, FAILED, CANCELLED,
 *     TIMEOUT, OUT_OF_MEMORY, NODE_FAIL, BOOT_FAIL, PREEMPTED, DEADLINE, ...
 * @param reason {@code state_reason} (e.g. {@code Resources}, {@code Priority}, {@code None})
 * @param waitStatus {@code exit_code}: the raw wait status of the batch script (768 = exit 3; 9 =
 *     killed by SIGKILL)
 * @param restarts {@code restart_cnt}: how often Slurm requeued it
 * @param nodes the nodes it runs or ran on, or empty
 * @param startTime epoch seconds it started, 0 when it has not
 * @param endTime epoch seconds it ended (or will at its time limit), 0 when unknown
 * @param comment its comment
 */
@API(status = INTERNAL, since = "0.1.0")
public record SlurmJob(
    long id,
    String name,
    String state,
    String reason,
    long waitStatus,
    long restarts,
    String nodes,
    long startTime,
    long endTime,
    String comment) {

  /** Whether the job ended and Slurm has released everything it ran (not COMPLETING). */
  public boolean ended() {
    return switch (state) {
      case "PENDING",
          "RUNNING",
          "SUSPENDED",
          "COMPLETING",
          "CONFIGURING",
          "REQUEUED",
          "REQUEUE_FED",
          "REQUEUE_HOLD",
          "RESIZING",
          "SIGNALING",
          "STAGE_OUT",
          "STOPPED",
          "RESV_DEL_HOLD" ->
          false;
      default -> true;
    };
  }

  /** Whether it is running its batch script. */
  public boolean running() {
    return "RUNNING".equals(state) || "COMPLETING".equals(state);
  }

  /** The exit code of an exit, or 128 + the signal of a death by signal (as a shell says). */
  public int exitCode() {
    int signal = (int) (waitStatus & 0x7f);
    return signal == 0 ? (int) ((waitStatus >> 8) & 0xff) : 128 + signal;
  }

  /** Whether the batch script died by a signal rather than exiting. */
  public boolean signalled() {
    return (waitStatus & 0x7f) != 0;
  }
}
