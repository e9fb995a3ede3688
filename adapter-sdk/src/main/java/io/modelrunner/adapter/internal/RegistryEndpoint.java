package io.modelrunner.adapter.internal;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Where the model registry's collection lives, from {@code REGISTRY_ENDPOINT} given either as the
 * registry's base URL ({@code http://reg:9200}) or as the collection URL itself ({@code
 * http://reg:9200/registry/}, what the deployed adapters are given): both name {@code
 * http://reg:9200/registry/}. Registrations are POSTed to the collection with its trailing slash
 * (the deployed registry redirects {@code /registry} to {@code /registry/}, and a redirected POST
 * is not followed); entries are {@code {collection}{id}}.
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public record RegistryEndpoint(URI collection) {

  public RegistryEndpoint {
    Objects.requireNonNull(collection, "collection");
    if (!collection.getPath().endsWith("/registry/")) {
      throw new IllegalArgumentException("not a registry collection URL: " + collection);
    }
  }

  /** The collection named by {@code configured}, a base URL or the collection URL. */
  public static RegistryEndpoint of(URI configured) {
    Objects.requireNonNull(configured, "configured");
    if (configured.getScheme() == null || configured.getHost() == null) {
      throw new IllegalArgumentException(
          "REGISTRY_ENDPOINT must be an absolute http(s) URL, got '" + configured + "'");
    }
    if (configured.getRawQuery() != null || configured.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "REGISTRY_ENDPOINT must not carry a query or fragment, got '" + configured + "'");
    }
    String path = configured.getRawPath() == null ? "" : configured.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (!path.endsWith("/registry")) {
      path = path + "/registry";
    }
    return new RegistryEndpoint(configured.resolve(path + "/"));
  }

  /** The URL of entry {@code id}. */
  public URI entry(String id) {
    return collection.resolve(URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20"));
  }

  @Override
  public String toString() {
    return collection.toString();
  }
}
