package io.modelrunner.engine.slurm.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.modelrunner.engine.slurm.SlurmException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apiguardian.api.API;

/**
 * The user Slurm runs the jobs as, and what the runner must do so that its jobs can use the files
 * it prepares: a runner running as root hands the run's folders and the unpacked images to that
 * user; a runner running as that user (the recommended set-up) has nothing to hand over.
 *
 * @param name the user name
 * @param uid its numeric id (the container's root is mapped to it)
 * @param gid its primary group's id
 * @param runnerIsRoot whether this process runs as root
 * @param owner the user as a file owner, when the runner is root (looked up once); else null
 */
@API(status = INTERNAL, since = "0.1.0")
public record JobUser(String name, int uid, int gid, boolean runnerIsRoot, UserPrincipal owner) {

  /** Looks {@code name} up with {@code id} (so that NSS, LDAP included, answers). */
  public static JobUser lookUp(String name) {
    int uid = id(name, "-u");
    int gid = id(name, "-g");
    boolean root;
    try {
      root = ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException e) {
      root = "root".equals(System.getProperty("user.name"));
    }
    UserPrincipal owner = null;
    if (root) {
      try {
        owner =
            FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(name);
      } catch (IOException e) {
        throw new SlurmException("cannot look up the Slurm user " + name + ": " + e, e);
      }
    }
    return new JobUser(name, uid, gid, root, owner);
  }

  /** Gives {@code path} (not following a link) to this user, when the runner is root. */
  public void own(Path path) throws IOException {
    if (!runnerIsRoot) {
      return;
    }
    Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .setOwner(owner);
  }

  private static int id(String name, String flag) {
    try {
      Process process =
          new ProcessBuilder(List.of("id", flag, name)).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new SlurmException(
            "the Slurm user "
                + name
                + " (slurm.user) is not known on this machine: id "
                + flag
                + " "
                + name
                + " says "
                + out.strip(),
            null);
      }
      return Integer.parseInt(out.strip());
    } catch (IOException | NumberFormatException e) {
      throw new SlurmException("cannot look up the Slurm user " + name + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SlurmException("interrupted while looking up the Slurm user " + name, e);
    }
  }
}
