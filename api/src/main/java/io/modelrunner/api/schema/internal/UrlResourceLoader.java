package io.modelrunner.api.schema.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.resource.InputStreamSource;
import com.networknt.schema.resource.ResourceLoader;
import java.net.URI;
import java.net.URLConnection;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Loads {@code $ref}'d schema documents from {@code file:}, {@code jar:}, {@code http:} and {@code
 * https:} locations, so that a schema file's relative references resolve next to it. Remote reads
 * time out after 10 seconds.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class UrlResourceLoader implements ResourceLoader {
  private static final Set<String> SCHEMES = Set.of("file", "jar", "http", "https");
  private static final int TIMEOUT_MILLIS = 10_000;

  @Override
  public InputStreamSource getResource(AbsoluteIri iri) {
    URI uri;
    try {
      uri = URI.create(iri.toString());
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme())) {
      return null;
    }
    return () -> {
      URLConnection connection = uri.toURL().openConnection();
      connection.setConnectTimeout(TIMEOUT_MILLIS);
      connection.setReadTimeout(TIMEOUT_MILLIS);
      return connection.getInputStream();
    };
  }
}
