package io.modelrunner.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * One model of a run request.
 *
 * @param slug the model's short name, e.g. {@code seir}
 * @param imageURL the connector image (or, for adapter-backed models, an {@code adapter:} name)
 */
public record ModelRef(
    @JsonProperty("slug") String slug, @JsonProperty("imageURL") String imageURL) {

  public ModelRef {
    Objects.requireNonNull(slug, "slug");
    Objects.requireNonNull(imageURL, "imageURL");
  }
}
