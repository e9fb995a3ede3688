package io.modelrunner.benchmarks.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The floor: the same connector image run by {@code docker run --rm} with exactly the sandbox,
 * limits and mounts runner-core's {@code ContainerLauncher} gives a container under the default
 * {@code ExecutionLimits} — read-only root, {@code /tmp} as a 64 MiB tmpfs, all capabilities
 * dropped, {@code no-new-privileges}, 2 GiB memory (swap included), 1 CPU, 256 pids, no network,
 * the {@code none} log driver (its output is attached and written to {@code log/container.log}, as
 * the runner's log sink does), and {@code input/} (read-only), {@code output/} and {@code log/}
 * bind-mounted at {@code /data/...}.
 */
public final class RawDocker {
  /** The input the runner writes for the benchmark's request (its {@code configuration}). */
  static final String INPUT =
      "{\"region\":\"US\",\"parameters\":{\"calibrationDate\":\"2020-04-18\","
          + "\"calibrationCaseCount\":1400,\"calibrationDeathCount\":200,\"r0\":null,"
          + "\"interventionPeriods\":[]}}";

  private RawDocker() {}

  /** A workspace as the runner makes one: input written, output and log writable by anyone. */
  public static Path workspace(Path root) throws IOException {
    Files.createDirectories(root.resolve("input"));
    Files.writeString(root.resolve("input/inputFile.json"), INPUT, StandardCharsets.UTF_8);
    for (String d : List.of("output", "log")) {
      Path p = Files.createDirectories(root.resolve(d));
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxrwxrwx"));
    }
    return root;
  }

  /** The {@code docker run} command for {@code image} on {@code workspace}, labelled {@code id}. */
  public static List<String> command(String image, Path workspace, String id) {
    Path ws = workspace.toAbsolutePath().normalize();
    List<String> c = new ArrayList<>();
    c.addAll(List.of("docker", "run", "--rm", "--label", DockerEvents.RAW_LABEL + "=" + id));
    c.addAll(List.of("--read-only", "--tmpfs", "/tmp:rw,nosuid,nodev,size=67108864"));
    c.addAll(List.of("--cap-drop", "ALL", "--security-opt", "no-new-privileges"));
    c.addAll(List.of("--memory", "2147483648", "--memory-swap", "2147483648"));
    c.addAll(List.of("--cpus", "1", "--pids-limit", "256", "--network", "none"));
    c.addAll(List.of("--log-driver", "none"));
    c.addAll(List.of("-v", ws.resolve("input") + ":/data/input:ro"));
    c.addAll(List.of("-v", ws.resolve("output") + ":/data/output:rw"));
    c.addAll(List.of("-v", ws.resolve("log") + ":/data/log:rw"));
    c.add(image);
    return c;
  }

  /** The command as shown in the report, with placeholders for the per-run parts. */
  public static String shown(String image) {
    return String.join(" ", command(image, Path.of("/WS"), "ID"))
        .replace("/WS/", "$WS/")
        .replace("=ID", "=$ID");
  }

  /** Runs {@code image} on a workspace; returns the wall time in ns (process start to exit). */
  public static long run(String image, Path workspace, String id)
      throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(command(image, workspace, id))
            .redirectErrorStream(true)
            .redirectOutput(workspace.resolve("log/container.log").toFile());
    long t0 = System.nanoTime();
    Process p = pb.start();
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("docker run of " + id + " did not end within 300 s");
    }
    long elapsed = System.nanoTime() - t0;
    if (p.exitValue() != 0) {
      throw new IOException(
          "docker run of "
              + id
              + " exited with "
              + p.exitValue()
              + ": "
              + Files.readString(workspace.resolve("log/container.log")));
    }
    if (!Files.isRegularFile(workspace.resolve("output/data.json"))) {
      throw new IOException("docker run of " + id + " wrote no output/data.json");
    }
    return elapsed;
  }

  /** Deletes a folder tree (workspaces, data dirs); ignores what is already gone. */
  public static void delete(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (var walk = Files.walk(root)) {
      walk.sorted(java.util.Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException ignored) {
                  // best effort (a file a container wrote as another user)
                }
              });
    } catch (IOException ignored) {
      // best effort
    }
  }
}
