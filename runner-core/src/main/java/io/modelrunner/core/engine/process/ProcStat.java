package io.modelrunner.core.engine.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One line of Linux's {@code /proc/<pid>/stat}: what the process engine needs to find a model's
 * process group again and to tell it from a process that reuses its pid.
 *
 * @param pid the process id
 * @param state the state letter ({@code R}, {@code S}, {@code D}, {@code Z}, …)
 * @param processGroup the process group id ({@code pgrp})
 * @param session the session id
 * @param startTicks when the process started, in clock ticks since boot ({@code starttime}): set at
 *     fork, unchanged by exec, so a pid and its start ticks name one process for as long as the
 *     machine runs
 */
record ProcStat(long pid, char state, long processGroup, long session, long startTicks) {
  private static final Path PROC = Path.of("/proc");

  /** Whether {@code /proc} can be read as on Linux. */
  static boolean available() {
    return Files.isReadable(PROC.resolve("self").resolve("stat"));
  }

  /** Not a zombie (exited, waiting for its parent to reap it) and not dead. */
  boolean running() {
    return state != 'Z' && state != 'X' && state != 'x';
  }

  /** The process {@code pid}, when it exists (zombies included). */
  static Optional<ProcStat> of(long pid) {
    try {
      return parse(
          Files.readString(
              PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // gone, or not Linux
    }
  }

  /** The running (not zombie) processes of process group {@code processGroup}. */
  static List<ProcStat> members(long processGroup) {
    List<ProcStat> members = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
          continue;
        }
        long pid;
        try {
          pid = Long.parseLong(name);
        } catch (NumberFormatException e) {
          continue;
        }
        of(pid)
            .filter(s -> s.processGroup() == processGroup && s.running())
            .ifPresent(members::add);
      }
    } catch (IOException e) {
      return List.of();
    }
    return members;
  }

  /** This boot's id ({@code /proc/sys/kernel/random/boot_id}); empty when unknown. */
  static String bootId() {
    try {
      return Files.readString(
              PROC.resolve("sys").resolve("kernel").resolve("random").resolve("boot_id"),
              StandardCharsets.US_ASCII)
          .strip();
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /**
   * Parses a {@code stat} line: {@code pid (comm) state ppid pgrp session tty_nr tpgid flags minflt
   * cminflt majflt cmajflt utime stime cutime cstime priority nice num_threads itrealvalue
   * starttime …}. The command name may hold spaces and parentheses, so fields are counted after the
   * last {@code )}.
   */
  static Optional<ProcStat> parse(String line) {
    int open = line.indexOf(' ');
    int close = line.lastIndexOf(')');
    if (open < 0 || close < 0 || close + 2 >= line.length()) {
      return Optional.empty();
    }
    String[] fields = line.substring(close + 2).strip().split(" ");
    if (fields.length < 20 || fields[0].isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new ProcStat(
              Long.parseLong(line.substring(0, open)),
              fields[0].charAt(0),
              Long.parseLong(fields[2]),
              Long.parseLong(fields[3]),
              Long.parseLong(fields[19])));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
