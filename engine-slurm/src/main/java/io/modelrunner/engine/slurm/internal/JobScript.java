package io.modelrunner.engine.slurm.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.List;
import org.apiguardian.api.API;

/**
 * The batch script of a run's job. In a container (Slurm runs the script inside the bundle, as the
 * container's first process) it starts the image's command as its child and, when Slurm signals the
 * job (a cancel, the time limit, a preemption), kills it at once and exits: the container's
 * processes all end with it, so the container is gone right after Slurm reports the job ended,
 * whatever the model does with SIGTERM — as the Docker engine's kill. The model's own exit code is
 * the job's. After a requeue (a rerun on another node) it empties {@code /data/output} first.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class JobScript {
  private JobScript() {}

  /** The script that runs {@code argv} in the container, from {@code workingDir}. */
  public static String container(String runId, String slug, List<String> argv, String workingDir) {
    return "#!/bin/sh\n"
        + "# model-runner: run "
        + runId
        + " of model "
        + slug
        + "\n"
        + "if [ \"${SLURM_RESTART_COUNT:-0}\" != 0 ]; then\n"
        + "  echo \"--- model-runner: attempt $((SLURM_RESTART_COUNT + 1)) after a requeue;"
        + " output/ emptied ---\" >&2\n"
        + "  find /data/output -mindepth 1 -delete 2>/dev/null\n"
        + "fi\n"
        + "cd "
        + quote(workingDir)
        + " || exit 125\n"
        // The trap is set before the model starts: a signal that arrives while it is being
        // started (a cancel right after the job began) kills it as soon as its pid is known.
        + "child=\n"
        + "trap 'stopped=1; [ -n \"$child\" ] && kill -KILL \"$child\" 2>/dev/null' TERM INT HUP\n"
        + String.join(" ", argv.stream().map(JobScript::quote).toList())
        + " </dev/null &\n"
        + "child=$!\n"
        + "[ -n \"${stopped:-}\" ] && kill -KILL \"$child\" 2>/dev/null\n"
        + "while :; do\n"
        + "  wait \"$child\"; code=$?\n"
        + "  kill -0 \"$child\" 2>/dev/null || break\n"
        + "done\n"
        // A signal interrupts `wait` (143) and the shell may reap the killed model on its own:
        // after the trap, the model's end is that kill.
        + "[ -n \"${stopped:-}\" ] && code=137\n"
        + "exit \"$code\"\n";
  }

  /** The script that runs a catalog command on the node, from the run's workspace. */
  public static String command(String runId, String slug, List<String> argv, String workspace) {
    return "#!/bin/sh\n"
        + "# model-runner: run "
        + runId
        + " of model "
        + slug
        + "\n"
        + "cd "
        + quote(workspace)
        + " || exit 125\n"
        + "exec "
        + String.join(" ", argv.stream().map(JobScript::quote).toList())
        + " </dev/null\n";
  }

  /** {@code value} as one word of a POSIX shell. */
  static String quote(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }
}
