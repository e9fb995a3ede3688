package io.modelrunner.core.engine.docker;

import io.modelrunner.testkit.docker.TestDocker;
import java.util.Map;

/** Tiny connector images built from the local busybox base image, each showing one behaviour. */
final class TestModels {
  static final String VERSION = "1.2.3";

  private final TestDocker docker;

  TestModels(TestDocker docker) {
    this.docker = docker;
  }

  /**
   * Copies its input into {@code data.json} along with what it observed of its sandbox: whether it
   * could write to its input and root file system and {@code /tmp}, its effective capabilities and
   * network interfaces, and its environment variable {@code GREETING}.
   */
  String good() {
    return script(
        "good",
        """
        #!/bin/sh
        probe() { if touch "$1" 2>/dev/null; then echo true; else echo false; fi; }
        echo "good model starting"
        echo "a line on stderr" >&2
        cat > /data/output/data.json <<JSON
        {"input": $(cat /data/input/inputFile.json),
         "inputWritable": $(probe /data/input/probe),
         "rootWritable": $(probe /probe),
         "tmpWritable": $(probe /tmp/probe),
         "capEff": "$(grep CapEff /proc/self/status | awk '{print $2}')",
         "interfaces": "$(ls /sys/class/net | tr '\\n' ' ' | sed 's/ $//')",
         "greeting": "${GREETING}"}
        JSON
        echo "model log" > /data/log/model.log
        echo "good model done"
        """);
  }

  /** Prints a few lines and exits with code 3. */
  String failing() {
    return script(
        "exit3",
        """
        #!/bin/sh
        for i in 1 2 3 4 5; do echo "step $i"; done
        echo "fatal: parameter r0 out of range" >&2
        exit 3
        """);
  }

  /** Says it started, then sleeps for five minutes. */
  String sleeper() {
    return script(
        "sleeper",
        """
        #!/bin/sh
        echo "sleeper started"
        sleep 300
        """);
  }

  /**
   * Says it started (and, with {@code NAP=release}, writes {@code output/napping}), sleeps {@code
   * NAP} seconds (default 3) — or with {@code NAP=release} until {@code input/release} exists —
   * says it is done and exits with code {@code EXIT} (default 0).
   */
  String napper() {
    return script(
        "napper",
        """
        #!/bin/sh
        echo "napper started"
        if [ "$NAP" = release ]; then
          touch /data/output/napping
          while [ ! -f /data/input/release ]; do sleep 0.1 2>/dev/null || sleep 1; done
        else
          sleep "${NAP:-3}"
        fi
        echo "napper done"
        exit "${EXIT:-0}"
        """);
  }

  /** Prints 200 MiB of lines to stdout, then {@code chatty done}. */
  String chatty() {
    return script(
        "chatty",
        """
        #!/bin/sh
        yes "the model says something rather long on every line of its output 0123456789" \\
          | head -c 209715200
        echo
        echo "chatty done"
        """);
  }

  /** Allocates and touches a 100 MiB buffer. */
  String memoryHog() {
    return script(
        "memhog",
        """
        #!/bin/sh
        echo "allocating 100 MiB"
        exec dd if=/dev/zero of=/dev/null bs=100M count=1
        """);
  }

  /** Writes its uid and gid to {@code output/ids} and a line to {@code log/ids.log}. */
  String whoami() {
    return script(
        "whoami",
        """
        #!/bin/sh
        set -e
        echo "$(id -u):$(id -g)" > /data/output/ids
        echo "wrote ids" > /data/log/ids.log
        """);
  }

  /**
   * Says it started, then exits with the status of a child that SIGKILL killed: exit code 137, with
   * no signal from Docker.
   */
  String selfKiller() {
    return script(
        "selfkill",
        """
        #!/bin/sh
        echo "self-killer started"
        sh -c 'kill -9 $$'
        exit $?
        """);
  }

  /** Exits 0 at once. */
  String trivial() {
    return script("trivial", "#!/bin/sh\nexit 0\n");
  }

  /** Names an entrypoint that does not exist. */
  String brokenEntrypoint() {
    return docker.image(
        "broken-entrypoint",
        Map.of(
            "Dockerfile",
            """
            FROM %s
            ENTRYPOINT ["/no/such/model"]
            """
                .formatted(TestDocker.BUSYBOX)));
  }

  private String script(String name, String body) {
    return docker.image(
        name,
        Map.of(
            "Dockerfile",
            """
            FROM %s
            COPY model.sh /model.sh
            LABEL org.opencontainers.image.version=%s
            ENTRYPOINT ["/bin/sh", "/model.sh"]
            """
                .formatted(TestDocker.BUSYBOX, VERSION),
            "model.sh",
            body));
  }
}
