package io.modelrunner.core.catalog;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * What a model takes and gives: the schema a run request's {@code configuration} must match for it,
 * and the schema its {@code data.json} must match. Either may be {@linkplain ContractSchema#none()
 * none}: then {@code configuration} only has to be a JSON object, and {@code data.json} only has to
 * be JSON.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
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
