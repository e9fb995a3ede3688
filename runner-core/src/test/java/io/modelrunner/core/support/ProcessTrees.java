package io.modelrunner.core.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks on processes by pid, for tests that a killed model left nothing running. */
public final class ProcessTrees {
  private ProcessTrees() {}

  /**
   * Whether {@code pid} is gone or a zombie (killed, waiting to be reaped by an init that may never
   * reap it), waiting up to 10 s for the kill signal to land.
   */
  public static boolean stopsRunning(long pid) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      if (!running(pid)) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  static boolean running(long pid) {
    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      try {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        char state = stat.charAt(stat.lastIndexOf(')') + 2);
        return state != 'Z' && state != 'X';
      } catch (IOException e) {
        return false; // gone meanwhile
      }
    }
    return false;
  }
}
