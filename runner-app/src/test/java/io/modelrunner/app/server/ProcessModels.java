package io.modelrunner.app.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A model for the process engine, as a shell script: it sleeps {@code SLEEP_TENTHS} tenths of a
 * second (default 0), then writes a {@code data.json} that the output schema accepts. With {@code
 * TRACE} set to a file, it appends {@code start <run id>} when it starts and {@code end <run id>}
 * when it has written its output, so that a test can count how often each run's model ran.
 */
final class ProcessModels {
  private ProcessModels() {}

  /** Writes the script into {@code dir} and returns its absolute path. */
  static Path script(Path dir) throws IOException {
    Path script = dir.resolve("model.sh");
    Files.writeString(
        script,
        """
        #!/bin/sh
        set -e
        if [ -n "$TRACE" ]; then echo "start $MODEL_RUN_ID" >> "$TRACE"; fi
        n=${SLEEP_TENTHS:-0}
        i=0
        while [ "$i" -lt "$n" ]; do sleep 0.1; i=$((i+1)); done
        M='[0,1]'
        printf '{"metadata":%s,"time":{"t0":"2020-03-01","timestamps":[0,1],"extent":[0,1]},"aggregate":{"metrics":{"Mild":%s,"ILI":%s,"SARI":%s,"Critical":%s,"CritRecov":%s,"incDeath":%s,"cumMild":%s,"cumILI":%s,"cumSARI":%s,"cumCritical":%s,"cumCritRecov":%s}}}' \\
          "$(cat "$MODEL_INPUT_DIR/inputFile.json")" $M $M $M $M $M $M $M $M $M $M $M > "$MODEL_OUTPUT_DIR/data.json"
        if [ -n "$TRACE" ]; then echo "end $MODEL_RUN_ID" >> "$TRACE"; fi
        """);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script.toAbsolutePath();
  }

  /** A catalog entry running {@code script} with {@code environment} (a JSON object's members). */
  static String entry(Path script, String environment, String more) {
    return "{\"image\": \"local/none:1\", \"command\": [\""
        + script
        + "\"], \"environment\": {"
        + environment
        + "}"
        + (more.isEmpty() ? "" : ", " + more)
        + "}";
  }
}
