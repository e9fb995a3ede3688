package io.modelrunner.engine.slurm.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;

/**
 * What an image says about how to run it: the command line ({@code Entrypoint} then {@code Cmd}),
 * its environment and working directory. Saved beside the unpacked rootfs as {@code image.json}.
 *
 * @param entrypoint the image's entrypoint, or empty
 * @param cmd the image's command, or empty
 * @param env its {@code NAME=value} environment
 * @param workingDir its working directory, or empty for {@code /}
 */
@API(status = INTERNAL, since = "0.1.0")
public record ImageConfig(
    List<String> entrypoint, List<String> cmd, List<String> env, String workingDir) {

  public ImageConfig {
    entrypoint = List.copyOf(entrypoint == null ? List.of() : entrypoint);
    cmd = List.copyOf(cmd == null ? List.of() : cmd);
    env = List.copyOf(env == null ? List.of() : env);
    workingDir = workingDir == null || workingDir.isBlank() ? "/" : workingDir;
  }

  /** The command line the container runs: the entrypoint, then the command (as Docker does). */
  public List<String> argv() {
    List<String> argv = new ArrayList<>(entrypoint);
    argv.addAll(cmd);
    return argv;
  }
}
