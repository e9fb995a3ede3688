package io.modelrunner.core.pipeline;

import java.util.Locale;

/** The steps of one (request, model) job, in the order {@link RunPipeline} runs them. */
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
