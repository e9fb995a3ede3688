package io.modelrunner.engine.slurm.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelrunner.core.engine.ExecutionLimits;
import io.modelrunner.core.engine.ExecutionRequest;
import java.util.List;
import org.apiguardian.api.API;

/**
 * The OCI runtime {@code config.json} of one run's bundle, for rootless runc under Slurm's OCI
 * support: the sandbox the Docker engine gives a connector, as far as an unprivileged runtime can.
 * The container's root is the job user (a user namespace maps uid 0 to it, nothing else); all
 * capabilities dropped, {@code noNewPrivileges}, the root file system read-only (unless the model's
 * limits say otherwise), a private {@code /tmp} tmpfs of the model's size, no network unless the
 * limits allow it (a network namespace with only a loopback), and the workspace's {@code input/}
 * (read-only), {@code output/} and {@code log/} bound at {@code /data/...}. Memory, CPUs and time
 * are Slurm's to enforce (the job's {@code memory_per_node}, {@code cpus_per_task}, {@code
 * time_limit}); a process-count limit needs cgroups, which rootless runc cannot set, so {@code
 * pidsLimit} is not enforced. Slurm replaces {@code process.args} with the batch script.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class OciConfig {
  private static final ObjectMapper JSON = new ObjectMapper();

  private OciConfig() {}

  /** The {@code config.json} for {@code request}'s model from {@code image}. */
  public static String of(
      ImageConfig image, ExecutionRequest request, List<String> env, JobUser user) {
    ExecutionLimits limits = request.limits();
    ObjectNode config = JSON.createObjectNode();
    config.put("ociVersion", "1.0.2");
    ObjectNode process = config.putObject("process");
    process.put("terminal", false);
    process.putObject("user").put("uid", 0).put("gid", 0);
    process.putArray("args").add("/bin/sh");
    ArrayNode envArray = process.putArray("env");
    env.forEach(envArray::add);
    process.put("cwd", image.workingDir());
    ObjectNode capabilities = process.putObject("capabilities");
    for (String set : List.of("bounding", "effective", "inheritable", "permitted", "ambient")) {
      capabilities.putArray(set);
    }
    process
        .putArray("rlimits")
        .addObject()
        .put("type", "RLIMIT_NOFILE")
        .put("hard", 1024)
        .put("soft", 1024);
    process.put("noNewPrivileges", true);
    config.putObject("root").put("path", "rootfs").put("readonly", limits.readOnlyRootFs());
    config.put("hostname", "model");

    ArrayNode mounts = config.putArray("mounts");
    mount(mounts, "/proc", "proc", "proc");
    mount(mounts, "/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k");
    mount(
        mounts,
        "/dev/pts",
        "devpts",
        "devpts",
        "nosuid",
        "noexec",
        "newinstance",
        "ptmxmode=0666",
        "mode=0620");
    mount(
        mounts,
        "/dev/shm",
        "tmpfs",
        "shm",
        "nosuid",
        "noexec",
        "nodev",
        "mode=1777",
        "size=65536k");
    mount(mounts, "/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev");
    mount(mounts, "/sys", "none", "/sys", "rbind", "nosuid", "noexec", "nodev", "ro");
    mount(
        mounts,
        "/tmp",
        "tmpfs",
        "tmpfs",
        "nosuid",
        "nodev",
        "mode=1777",
        "size=" + Math.max(1, limits.tmpfsBytes() / 1024) + "k");
    bind(mounts, "/data/input", request.workspace().input().toAbsolutePath().toString(), "ro");
    bind(mounts, "/data/output", request.workspace().output().toAbsolutePath().toString(), "rw");
    bind(mounts, "/data/log", request.workspace().log().toAbsolutePath().toString(), "rw");

    ObjectNode linux = config.putObject("linux");
    linux
        .putArray("uidMappings")
        .addObject()
        .put("containerID", 0)
        .put("hostID", user.uid())
        .put("size", 1);
    linux
        .putArray("gidMappings")
        .addObject()
        .put("containerID", 0)
        .put("hostID", user.gid())
        .put("size", 1);
    ArrayNode namespaces = linux.putArray("namespaces");
    for (String ns : List.of("pid", "ipc", "uts", "mount", "user")) {
      namespaces.addObject().put("type", ns);
    }
    if (!limits.network()) {
      namespaces.addObject().put("type", "network");
    }
    ArrayNode masked = linux.putArray("maskedPaths");
    for (String p :
        List.of(
            "/proc/acpi",
            "/proc/asound",
            "/proc/kcore",
            "/proc/keys",
            "/proc/latency_stats",
            "/proc/timer_list",
            "/proc/timer_stats",
            "/proc/sched_debug",
            "/sys/firmware",
            "/proc/scsi")) {
      masked.add(p);
    }
    ArrayNode readonly = linux.putArray("readonlyPaths");
    for (String p :
        List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger")) {
      readonly.add(p);
    }
    return config.toPrettyString();
  }

  private static void mount(
      ArrayNode mounts, String destination, String type, String source, String... options) {
    ObjectNode mount = mounts.addObject();
    mount.put("destination", destination).put("type", type).put("source", source);
    if (options.length > 0) {
      ArrayNode list = mount.putArray("options");
      for (String option : options) {
        list.add(option);
      }
    }
  }

  private static void bind(ArrayNode mounts, String destination, String source, String mode) {
    mount(mounts, destination, "none", source, "rbind", "nosuid", "nodev", mode);
  }
}
