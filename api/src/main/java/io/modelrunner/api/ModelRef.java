package io.modelrunner.api;

import static org.apiguardian.api.API.Status.STABLE;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One model of a run request.
 *
 * @param slug the model's short name, e.g. {@code seir}
 * @param imageURL the connector image (or, for adapter-backed models, an {@code adapter:} name)
 */
@API(status = STABLE, since = "0.1.0")
public record ModelRef(
    @JsonProperty("slug") String slug, @JsonProperty("imageURL") String imageURL) {

  public ModelRef {
    Objects.requireNonNull(slug, "slug");
    Objects.requireNonNull(imageURL, "imageURL");
  }
}
