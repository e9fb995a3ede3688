package io.modelrunner.benchmarks.slurm;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Watches one Slurm job's runc container by its state folder under runc's {@code --root}: runc
 * creates {@code <root>/<container id>/} when it creates the container and removes it when the
 * container is deleted, and {@code runc list} lists exactly those folders. Slurm names the
 * container {@code %n.%u.%j.%s.%t} (node, user, job, step, task) in the test cluster's oci.conf.
 * Polling a folder every millisecond costs next to nothing, where {@code runc list} is a process of
 * ~40 ms on this machine.
 */
final class ContainerWatch implements AutoCloseable {
  private static final long POLL_NANOS = Duration.ofMillis(1).toNanos();

  private final Path root;
  private final String marker;
  private final Thread thread;
  private final CountDownLatch gone = new CountDownLatch(1);
  private volatile long appearedNanos = -1;
  private volatile long goneNanos = -1;
  private volatile boolean thereAtFirstLook;
  private volatile String name;

  private ContainerWatch(Path root, String user, long jobId) {
    this.root = root;
    this.marker = "." + user + "." + jobId + ".";
    this.thread = new Thread(this::watch, "container-watch-" + jobId);
    this.thread.setDaemon(true);
  }

  /** Starts watching job {@code jobId}'s container. */
  static ContainerWatch start(Path runcRoot, String user, long jobId) {
    ContainerWatch watch = new ContainerWatch(runcRoot, user, jobId);
    watch.thread.start();
    return watch;
  }

  private void watch() {
    boolean first = true;
    while (!Thread.currentThread().isInterrupted()) {
      String found = find();
      long now = System.nanoTime();
      if (found != null && appearedNanos < 0) {
        name = found;
        thereAtFirstLook = first;
        appearedNanos = now;
      } else if (found == null && appearedNanos >= 0) {
        goneNanos = now;
        gone.countDown();
        return;
      }
      first = false;
      java.util.concurrent.locks.LockSupport.parkNanos(POLL_NANOS);
    }
  }

  private String find() {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
      for (Path entry : entries) {
        String n = entry.getFileName().toString();
        if (n.contains(marker)) {
          return n;
        }
      }
      return null;
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot list runc's state folder " + root, e);
    }
  }

  /** Waits until the container appeared; false when it did not within {@code timeout}. */
  boolean awaitAppeared(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (appearedNanos < 0 && System.nanoTime() < end) {
      Thread.sleep(1);
    }
    return appearedNanos >= 0;
  }

  /** Waits until the container was there and is gone; false when not within {@code timeout}. */
  boolean awaitGone(Duration timeout) throws InterruptedException {
    return gone.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** When it was first seen ({@link System#nanoTime()}), -1 before; unknown when already there. */
  long appearedNanos() {
    return thereAtFirstLook ? -1 : appearedNanos;
  }

  /** When it was first seen gone ({@link System#nanoTime()}), -1 before. */
  long goneNanos() {
    return goneNanos;
  }

  /** The container's id (its state folder's name), or null before it appeared. */
  String name() {
    return name;
  }

  @Override
  public void close() {
    thread.interrupt();
  }
}
