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
}
