package io.modelrunner.core.engine.process;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processes of one model: on Linux, the process group the model leads (it runs in a session of
 * its own), which its children and grandchildren stay in even when their parent dies and they are
 * reparented to init; elsewhere, the model's process and its descendants (which misses reparented
 * grandchildren).
 *
 * <p>A group is signalled as a whole with {@code kill -s SIG -- -<group>} (the shell's {@code
 * kill}: Java cannot signal a group), which reaches every member at once, so a member that forks
 * meanwhile cannot slip through; the members seen in {@code /proc} are then killed one by one as a
 * second line. A process that leaves the group on purpose ({@code setsid}, {@code setpgid})
 * escapes.
 */
final class ProcessGroup {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessGroup.class);

  /** How long killed processes may take to disappear before the runner gives up waiting. */
  static final Duration KILL_WAIT = Duration.ofSeconds(30);

  private final long id;
  private final boolean grouped;
  private final ProcessHandle leader;
  private final long leaderStartTicks;

  private ProcessGroup(long id, boolean grouped, ProcessHandle leader, long leaderStartTicks) {
    this.id = id;
    this.grouped = grouped;
    this.leader = leader;
    this.leaderStartTicks = leaderStartTicks;
  }

  /**
   * The group of a model the runner just started: led by {@code leader} when {@code grouped} (it
   * was started through {@code setsid}), else {@code leader} and its descendants.
   */
  static ProcessGroup started(Process leader, boolean grouped, long leaderStartTicks) {
    return new ProcessGroup(leader.pid(), grouped, leader.toHandle(), leaderStartTicks);
  }

  /**
   * The group {@code record} names, when it still has running processes that are the model's: the
   * leader with the recorded start time (a process that reuses the pid is not the model), or, with
   * the leader gone, the processes still in its group and session (whose id the kernel does not
   * give to a new process while any of them lives). Empty after a reboot, and for a record that
   * names this runner's own group.
   */
  static Optional<ProcessGroup> recorded(ProcessRecord record) {
    if (!ProcStat.available() || record.pid() != record.processGroup()) {
      return Optional.empty();
    }
    if (!record.bootId().isEmpty() && !record.bootId().equals(ProcStat.bootId())) {
      return Optional.empty();
    }
    if (ownGroup() == record.processGroup()) {
      LOG.warn("A process record names the runner's own process group {}: ignored", record.pid());
      return Optional.empty();
    }
    Optional<ProcStat> leader = ProcStat.of(record.pid());
    if (leader.isPresent() && leader.get().startTicks() != record.startTicks()) {
      return Optional.empty(); // the pid was reused: that process is not the model
    }
    ProcessHandle handle =
        leader.filter(ProcStat::running).flatMap(s -> ProcessHandle.of(record.pid())).orElse(null);
    ProcessGroup group = new ProcessGroup(record.processGroup(), true, handle, record.startTicks());
    List<ProcStat> members = ProcStat.members(record.processGroup());
    if (members.stream().anyMatch(m -> m.session() != record.processGroup())) {
      return Optional.empty(); // a group of another session: not the model's
    }
    return group.members().isEmpty() ? Optional.empty() : Optional.of(group);
  }

  /** The process group id (the leader's pid). */
  long id() {
    return id;
  }

  /** The pids of the group's running processes (zombies are not running). */
  Set<Long> members() {
    Set<Long> pids = new LinkedHashSet<>();
    if (leader != null && leaderRunning()) {
      pids.add(leader.pid());
    }
    if (grouped) {
      for (ProcStat member : ProcStat.members(id)) {
        pids.add(member.pid());
      }
    } else if (leader != null) {
      leader.descendants().filter(ProcessHandle::isAlive).forEach(h -> pids.add(h.pid()));
    }
    return pids;
  }

  private boolean leaderRunning() {
    if (!ProcStat.available()) {
      return leader.isAlive();
    }
    return ProcStat.of(leader.pid())
        .filter(s -> s.running() && s.startTicks() == leaderStartTicks)
        .isPresent();
  }

  /**
   * Terminates every group: SIGTERM, up to {@code grace} for them to exit, then SIGKILL for what is
   * left, and waits (up to {@link #KILL_WAIT}) until none of their processes runs.
   *
   * @return whether they are all gone
   */
  static boolean terminate(List<ProcessGroup> groups, Duration grace) {
    List<ProcessGroup> left = new ArrayList<>();
    for (ProcessGroup group : groups) {
      if (!group.members().isEmpty()) {
        group.signal(false);
        left.add(group);
      }
    }
    if (left.isEmpty()) {
      return true;
    }
    if (awaitGone(left, grace, false)) {
      return true;
    }
    return kill(left);
  }

  /**
   * SIGKILLs every group and waits (up to {@link #KILL_WAIT}) until none of their processes runs.
   *
   * @return whether they are all gone
   */
  static boolean kill(List<ProcessGroup> groups) {
    for (ProcessGroup group : groups) {
      group.signal(true);
    }
    boolean gone = awaitGone(groups, KILL_WAIT, true);
    if (!gone) {
      for (ProcessGroup group : groups) {
        Set<Long> members = group.members();
        if (!members.isEmpty()) {
          LOG.warn(
              "Process group {}: {} process(es) still running {} after SIGKILL: {}",
              group.id,
              members.size(),
              KILL_WAIT,
              members);
        }
      }
    }
    return gone;
  }

  boolean terminate(Duration grace) {
    return terminate(List.of(this), grace);
  }

  boolean kill() {
    return kill(List.of(this));
  }

  /**
   * Waits until no group has a running process, polling; with {@code force}, SIGKILLs the members
   * it sees at every poll (processes forked after the group signal). Keeps the interrupt flag.
   */
  private static boolean awaitGone(List<ProcessGroup> groups, Duration max, boolean force) {
    long deadline = System.nanoTime() + max.toNanos();
    long pause = 2;
    while (true) {
      boolean gone = true;
      for (ProcessGroup group : groups) {
        Set<Long> members = group.members();
        if (!members.isEmpty()) {
          gone = false;
          if (force) {
            group.killEach(members, true);
          }
        }
      }
      if (gone) {
        return true;
      }
      if (System.nanoTime() - deadline >= 0 || Thread.currentThread().isInterrupted()) {
        return false;
      }
      try {
        TimeUnit.MILLISECONDS.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      pause = Math.min(pause * 2, 100);
    }
  }

  /** Sends SIGTERM, or SIGKILL with {@code force}, to the group (or the tree). */
  private void signal(boolean force) {
    Set<Long> members = members();
    boolean signalled = false;
    if (grouped && !members.isEmpty()) {
      signalled = signalGroup(force ? "KILL" : "TERM");
    }
    if (!signalled || force) {
      killEach(members, force); // the members include the leader while it runs
    } else if (leader != null
        && leaderRunning()
        && ProcStat.of(leader.pid()).map(s -> s.processGroup() != id).orElse(false)) {
      // between fork and setsid the leader is in no group of its own yet
      leader.destroy();
    }
  }

  private void killEach(Set<Long> pids, boolean force) {
    long self = ProcessHandle.current().pid();
    for (long pid : pids) {
      if (pid == self || pid <= 1) {
        continue;
      }
      // a ProcessHandle checks the start time it saw before it signals: a reused pid is spared
      ProcessHandle.of(pid)
          .ifPresent(
              h -> {
                if (force) {
                  h.destroyForcibly();
                } else {
                  h.destroy();
                }
              });
    }
  }

  private boolean signalGroup(String signal) {
    if (id <= 1 || id == ownGroup()) {
      return false;
    }
    try {
      Process kill =
          new ProcessBuilder("/bin/sh", "-c", "kill -s " + signal + " -- -" + id)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!kill.waitFor(10, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
        return false;
      }
      return kill.exitValue() == 0;
    } catch (IOException e) {
      LOG.debug("cannot run kill for process group {}: {}", id, e.toString());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static long ownGroup() {
    return ProcStat.of(ProcessHandle.current().pid()).map(ProcStat::processGroup).orElse(-1L);
  }

  @Override
  public String toString() {
    return (grouped ? "process group " : "process tree of ") + id;
  }
}
