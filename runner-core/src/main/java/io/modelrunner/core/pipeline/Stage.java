package io.modelrunner.core.pipeline;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Locale;
import org.apiguardian.api.API;

/** The steps of one (request, model) job, in the order {@link RunPipeline} runs them. */
@API(status = EXPERIMENTAL, since = "0.1.0")
public enum Stage {
  VALIDATE,
  PREPARE,
  START_CALLBACK,
  WORKSPACE,
  EXECUTE,
  COLLECT,
  EXPORT,
  STORE,
  FINAL_CALLBACK,
  CLEANUP;

  /** {@code validate}, {@code start-callback}, …: how progress lines and JSON name the stage. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The stage named {@code wireName} ({@link #wireName()}'s inverse).
   *
   * @throws IllegalArgumentException when no stage has that name
   */
  public static Stage fromWireName(String wireName) {
    for (Stage stage : values()) {
      if (stage.wireName().equals(wireName)) {
        return stage;
      }
    }
    throw new IllegalArgumentException("no stage is named '" + wireName + "'");
  }
}
