package io.modelrunner.engine.slurm.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.model.ContainerConfig;
import io.modelrunner.core.engine.EngineException;
import io.modelrunner.core.internal.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Images unpacked into OCI bundles on the shared directory. {@code bundles/<image id>/} holds the
 * image's file system ({@code rootfs/}, with the mount points of the connector contract) and its
 * {@code image.json}, made once per image id from a created (never started) container's export,
 * then reused. A run gets its own bundle in its job folder: a tree of hard links to the cached
 * rootfs (Slurm 22.05 wants {@code <bundle>/rootfs} to be a real directory, and the bundle's {@code
 * config.json} names the run's workspace) — cheap, and safe because the root file system is mounted
 * read-only.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class Bundles {
  private static final Logger LOG = LoggerFactory.getLogger(Bundles.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> MOUNT_POINTS =
      List.of("data/input", "data/output", "data/log", "tmp", "proc", "dev", "sys");

  private final Path root;
  private final JobUser user;
  private final java.util.concurrent.ConcurrentMap<String, Object> unpacking =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * @param sharedDirectory the engine's shared directory; bundles go to its {@code bundles/}
   */
  public Bundles(Path sharedDirectory, JobUser user) {
    this.root = sharedDirectory.resolve("bundles");
    this.user = user;
  }

  /** An unpacked image: its folder, rootfs and configuration. */
  public record ImageBundle(Path dir, Path rootfs, ImageConfig config) {}

  /**
   * The bundle of image {@code imageId}, unpacking it with {@code docker} when not done yet: once
   * per image in this runner; another runner unpacking the same image at the same time on the same
   * shared directory loses the race harmlessly.
   */
  public ImageBundle image(DockerClient docker, String imageId, String reference) {
    synchronized (unpacking.computeIfAbsent(imageId, id -> new Object())) {
      return unpackOnce(docker, imageId, reference);
    }
  }

  private ImageBundle unpackOnce(DockerClient docker, String imageId, String reference) {
    Path dir = root.resolve(imageId.replace("sha256:", "").replaceAll("[^A-Za-z0-9_.-]", "_"));
    Path config = dir.resolve("image.json");
    if (Files.isRegularFile(config)) {
      return new ImageBundle(dir, dir.resolve("rootfs"), read(config));
    }
    long started = System.nanoTime();
    Path tmp = root.resolve(".unpacking-" + UUID.randomUUID());
    try {
      Files.createDirectories(tmp);
      ImageConfig image = unpack(docker, imageId, reference, tmp.resolve("rootfs"));
      Files.writeString(tmp.resolve("image.json"), JSON.writeValueAsString(image));
      try {
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        if (!Files.isRegularFile(config)) {
          throw e;
        }
        // Another run unpacked the same image meanwhile (a rename onto a non-empty directory
        // fails with a plain FileSystemException on Linux): use theirs.
        deleteTree(tmp);
      }
      LOG.info(
          "Unpacked image {} ({}) into {} in {} ms",
          reference,
          imageId,
          dir,
          (System.nanoTime() - started) / 1_000_000);
      return new ImageBundle(dir, dir.resolve("rootfs"), read(config));
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw new EngineException(
          "cannot unpack image " + reference + " into " + root + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      deleteQuietly(tmp);
      throw e;
    }
  }

  /**
   * A bundle for one run at {@code bundle}: a hard-link tree of {@code image}'s rootfs and the
   * given {@code config.json}.
   */
  public void forRun(ImageBundle image, Path bundle, String configJson) throws IOException {
    Path rootfs = bundle.resolve("rootfs");
    Files.createDirectories(bundle);
    linkTree(image.rootfs(), rootfs);
    Files.writeString(bundle.resolve("config.json"), configJson);
    user.own(bundle);
  }

  private ImageConfig unpack(DockerClient docker, String imageId, String reference, Path rootfs)
      throws IOException {
    InspectImageResponse inspected = docker.inspectImageCmd(imageId).exec();
    ContainerConfig c = inspected.getConfig();
    ImageConfig image =
        c == null
            ? new ImageConfig(List.of(), List.of(), List.of(), "/")
            : new ImageConfig(
                c.getEntrypoint() == null ? List.of() : List.of(c.getEntrypoint()),
                c.getCmd() == null ? List.of() : List.of(c.getCmd()),
                c.getEnv() == null ? List.of() : List.of(c.getEnv()),
                c.getWorkingDir());
    // A created container is never started: the entrypoint given only makes creation possible
    // for an image without a command.
    String container =
        docker
            .createContainerCmd(imageId)
            .withEntrypoint("/model-runner-never-started")
            .withNetworkDisabled(true)
            .exec()
            .getId();
    try (InputStream tar = docker.exportContainerCmd(container).exec()) {
      extract(tar, rootfs);
    } finally {
      try {
        docker.removeContainerCmd(container).withForce(true).exec();
      } catch (RuntimeException e) {
        LOG.warn("Cannot remove the export container {}: {}", container, e.toString());
      }
    }
    for (String mountPoint : MOUNT_POINTS) {
      Path p = rootfs.resolve(mountPoint);
      if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(p);
      }
    }
    if (!Files.exists(rootfs.resolve("bin/sh"), LinkOption.NOFOLLOW_LINKS)) {
      throw new EngineException(
          "image "
              + reference
              + " has no /bin/sh, which Slurm's container support needs to run the job's batch"
              + " script inside it; add a shell to the image, or give the model a catalog"
              + " \"command\"",
          null);
    }
    if (image.argv().isEmpty()) {
      throw new EngineException(
          "image " + reference + " has neither an entrypoint nor a command to run", null);
    }
    ownTree(rootfs);
    return image;
  }

  /** Extracts a tar stream into {@code into}, refusing entries outside it; devices are skipped. */
  static void extract(InputStream stream, Path into) throws IOException {
    Files.createDirectories(into);
    Map<Path, Integer> directoryModes = new LinkedHashMap<>();
    TarArchiveInputStream tar = new TarArchiveInputStream(stream);
    TarArchiveEntry entry;
    while ((entry = tar.getNextEntry()) != null) {
      String name = entry.getName();
      while (name.startsWith("./") || name.startsWith("/")) {
        name = name.startsWith("./") ? name.substring(2) : name.substring(1);
      }
      if (name.isEmpty() || name.equals(".")) {
        continue;
      }
      Path target = into.resolve(name).normalize();
      if (!target.startsWith(into)) {
        throw new IOException("the image's archive has an entry outside its root: " + name);
      }
      Files.createDirectories(target.getParent());
      if (entry.isDirectory()) {
        Files.createDirectories(target);
        directoryModes.put(target, entry.getMode());
      } else if (entry.isSymbolicLink()) {
        Files.deleteIfExists(target);
        Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
      } else if (entry.isLink()) {
        String linked = entry.getLinkName();
        while (linked.startsWith("./") || linked.startsWith("/")) {
          linked = linked.startsWith("./") ? linked.substring(2) : linked.substring(1);
        }
        Path source = into.resolve(linked).normalize();
        if (!source.startsWith(into)) {
          throw new IOException("the image's archive links outside its root: " + linked);
        }
        Files.deleteIfExists(target);
        Files.createLink(target, source);
      } else if (entry.isFile()) {
        Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(target, permissions(entry.getMode()));
      }
      // character and block devices, fifos: a container gets its own /dev
    }
    List<Path> directories = new ArrayList<>(directoryModes.keySet());
    for (int i = directories.size() - 1; i >= 0; i--) {
      Path dir = directories.get(i);
      Files.setPosixFilePermissions(dir, permissions(directoryModes.get(dir) | 0700));
    }
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> result = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OTHERS_EXECUTE,
      PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE,
      PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE,
      PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ
    };
    for (int bit = 0; bit < order.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        result.add(order[bit]);
      }
    }
    return result;
  }

  /** Gives every entry of {@code tree} to the job user (the container's root is mapped to it). */
  private void ownTree(Path tree) throws IOException {
    if (!user.runnerIsRoot()) {
      return;
    }
    Files.walkFileTree(
        tree,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            user.own(dir);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            user.own(file);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /** Mirrors {@code from} at {@code to}: directories made, files hard-linked, links copied. */
  private void linkTree(Path from, Path to) throws IOException {
    Files.walkFileTree(
        from,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            Path target = to.resolve(from.relativize(dir).toString());
            Files.createDirectories(target);
            Files.setPosixFilePermissions(target, Files.getPosixFilePermissions(dir));
            user.own(target);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Path target = to.resolve(from.relativize(file).toString());
            if (attrs.isSymbolicLink()) {
              Files.createSymbolicLink(target, Files.readSymbolicLink(file));
              user.own(target);
            } else {
              Files.createLink(target, file);
            }
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private static ImageConfig read(Path config) {
    try {
      return JSON.readValue(config.toFile(), ImageConfig.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + config, e);
    }
  }

  /** Deletes {@code tree}, not following links. */
  public static void deleteTree(Path tree) throws IOException {
    FileTrees.delete(tree);
  }

  private static void deleteQuietly(Path tree) {
    try {
      deleteTree(tree);
    } catch (IOException e) {
      LOG.warn("Cannot delete {}: {}", tree, e.toString());
    }
  }
}
