package io.modelrunner.core.engine.docker.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * An image reference, split just enough to pull it and to find its registry's credentials.
 *
 * @param reference the reference as given
 * @param registry the registry host ({@code docker.io} when the reference names none)
 * @param pullable the reference with {@code :latest} added when it names neither tag nor digest
 *     (the engine would otherwise pull every tag)
 */
@API(status = INTERNAL, since = "0.1.0")
public record ImageReference(String reference, String registry, String pullable) {

  public static ImageReference parse(String reference) {
    String ref = reference.trim();
    int slash = ref.indexOf('/');
    String registry = "docker.io";
    if (slash > 0) {
      String first = ref.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
        registry = first;
      }
    }
    String lastSegment = ref.substring(ref.lastIndexOf('/') + 1);
    boolean tagged = lastSegment.contains(":") || lastSegment.contains("@");
    return new ImageReference(ref, registry, tagged ? ref : ref + ":latest");
  }
}
