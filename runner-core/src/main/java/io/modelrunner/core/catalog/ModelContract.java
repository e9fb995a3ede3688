package io.modelrunner.core.catalog;

import java.util.Objects;

/**
 * What a model takes and gives: the schema a run request's {@code configuration} must match for it,
 * and the schema its {@code data.json} must match. Either may be {@linkplain ContractSchema#none()
 * none}: then {@code configuration} only has to be a JSON object, and {@code data.json} only has to
 * be JSON.
 */
public record ModelContract(ContractSchema input, ContractSchema output) {
  /** The image prefix of an adapter-backed model ({@code adapter:<name>}). */
  public static final String ADAPTER_IMAGE_PREFIX = "adapter:";

  public ModelContract {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(output, "output");
  }

  /** Whether {@code image} names an adapter-backed model ({@code adapter:<name>}). */
  public static boolean adapterBacked(String image) {
    return image != null && image.startsWith(ADAPTER_IMAGE_PREFIX);
  }
}
