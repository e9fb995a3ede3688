package io.modelrunner.testkit.engine;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.modelrunner.testkit.docker.TestDocker;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * One POSIX shell script that behaves as any {@link ModelBehaviour}, chosen by environment
 * variables: for engines that run a command or an image (a busybox image with the script as its
 * entrypoint, or {@code sh -c SCRIPT}). It finds its folders in {@code MODEL_INPUT_DIR}, {@code
 * MODEL_OUTPUT_DIR} (the process engine) or under {@code /data} (a container).
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class ShellContractModel {
  /** The script. */
  public static final String SCRIPT =
      """
      IN="${MODEL_INPUT_DIR:-/data/input}"
      OUT="${MODEL_OUTPUT_DIR:-/data/output}"
      pause() { sleep 0.1 2>/dev/null || sleep 1; }
      succeed() {
        echo "%s"
        echo "%s" >&2
        printf '{"input": %%s}\\n' "$(cat "$IN/inputFile.json")" > "$OUT/data.json"
      }
      case "$CONTRACT_BEHAVIOUR" in
        succeed) succeed ;;
        fail) echo "$CONTRACT_MESSAGE" >&2; exit "$CONTRACT_EXIT" ;;
        run-until-killed) touch "$OUT/%s"; while true; do pause; done ;;
        succeed-when-released)
          touch "$OUT/%s"
          while [ ! -f "$IN/%s" ]; do pause; done
          succeed ;;
        print)
          yes "the contract model prints a rather long line of output 0123456789" \\
            | head -c "$CONTRACT_BYTES"
          echo ;;
        allocate) exec dd if=/dev/zero of=/dev/null bs="$CONTRACT_BYTES" count=1 ;;
        *) echo "unknown CONTRACT_BEHAVIOUR: $CONTRACT_BEHAVIOUR" >&2; exit 99 ;;
      esac
      """
          .formatted(
              ModelEngineContract.STDOUT_LINE,
              ModelEngineContract.STDERR_LINE,
              ModelEngineContract.STARTED_FILE,
              ModelEngineContract.STARTED_FILE,
              ModelEngineContract.RELEASE_FILE);

  private ShellContractModel() {}

  /**
   * {@link #SCRIPT} as the entrypoint of a busybox image, built (or found, by content) with {@code
   * docker}: the contract model of the engines that run images.
   *
   * @return the image reference
   */
  public static String image(TestDocker docker) {
    return docker.image(
        "contract-model",
        Map.of(
            "Dockerfile",
            """
            FROM %s
            COPY model.sh /model.sh
            ENTRYPOINT ["/bin/sh", "/model.sh"]
            """
                .formatted(TestDocker.BUSYBOX),
            "model.sh",
            SCRIPT));
  }

  /** The environment that makes {@link #SCRIPT} behave as {@code behaviour}. */
  public static Map<String, String> environment(ModelBehaviour behaviour) {
    if (behaviour instanceof ModelBehaviour.Succeed) {
      return Map.of("CONTRACT_BEHAVIOUR", "succeed");
    }
    if (behaviour instanceof ModelBehaviour.Fail f) {
      return Map.of(
          "CONTRACT_BEHAVIOUR",
          "fail",
          "CONTRACT_EXIT",
          Integer.toString(f.exitCode()),
          "CONTRACT_MESSAGE",
          f.message());
    }
    if (behaviour instanceof ModelBehaviour.RunUntilKilled) {
      return Map.of("CONTRACT_BEHAVIOUR", "run-until-killed");
    }
    if (behaviour instanceof ModelBehaviour.SucceedWhenReleased) {
      return Map.of("CONTRACT_BEHAVIOUR", "succeed-when-released");
    }
    if (behaviour instanceof ModelBehaviour.Print p) {
      return Map.of("CONTRACT_BEHAVIOUR", "print", "CONTRACT_BYTES", Long.toString(p.bytes()));
    }
    ModelBehaviour.AllocateMemory a = (ModelBehaviour.AllocateMemory) behaviour;
    return Map.of("CONTRACT_BEHAVIOUR", "allocate", "CONTRACT_BYTES", Long.toString(a.bytes()));
  }
}
