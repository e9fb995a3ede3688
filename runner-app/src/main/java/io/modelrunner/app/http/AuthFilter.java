package io.modelrunner.app.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import java.util.Objects;
import java.util.Set;

/**
 * Who may call what:
 *
 * <ul>
 *   <li>{@code /api/schemas/…}, {@code /health}, {@code /ready}, {@code /metrics}, {@code
 *       /openapi.yaml}: anyone;
 *   <li>{@code /api/…} (runs, dispatch, nodes): {@code Authorization: Bearer <api token>};
 *   <li>{@code /registry…}: reads by anyone; writes ({@code POST}, {@code PUT}, {@code DELETE}, but
 *       not {@code POST /registry/search}) with the adapters' token when one is configured, else by
 *       anyone (the existing adapters send no token).
 * </ul>
 *
 * A refused call gets 401 with {@code WWW-Authenticate: Bearer} and a problem body that never
 * repeats what was sent.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public final class AuthFilter implements ContainerRequestFilter {
  private static final Set<String> WRITES = Set.of("POST", "PUT", "DELETE", "PATCH");

  private final BearerTokens apiToken;
  private final BearerTokens adaptersToken;
  private final ProblemMapper problems;

  /**
   * @param adaptersToken null leaves registry writes open
   */
  public AuthFilter(BearerTokens apiToken, BearerTokens adaptersToken, ProblemMapper problems) {
    this.apiToken = Objects.requireNonNull(apiToken, "apiToken");
    this.adaptersToken = adaptersToken;
    this.problems = Objects.requireNonNull(problems, "problems");
  }

  @Override
  public void filter(ContainerRequestContext request) {
    String path = "/" + stripLeadingSlashes(request.getUriInfo().getPath());
    String method = request.getMethod();
    String authorization = request.getHeaderString("Authorization");
    if (path.startsWith("/api/")) {
      if (path.startsWith("/api/schemas")) {
        return;
      }
      if (!apiToken.matches(authorization)) {
        refuse(request, authorization, "the runs API needs Authorization: Bearer <api token>");
      }
      return;
    }
    if (path.startsWith("/registry") && adaptersToken != null && WRITES.contains(method)) {
      boolean search = "POST".equals(method) && path.matches("/registry/search/?");
      if (!search && !adaptersToken.matches(authorization)) {
        refuse(
            request,
            authorization,
            "registry writes need Authorization: Bearer <adapters token> (registry.token)");
      }
    }
  }

  private void refuse(ContainerRequestContext request, String authorization, String detail) {
    String why = authorization == null ? detail : "the bearer token is not valid; " + detail;
    Response answer =
        problems
            .builder(401, "Unauthorized", why, java.util.List.of())
            .header("WWW-Authenticate", "Bearer realm=\"model-runner\"")
            .build();
    request.abortWith(answer);
  }

  private static String stripLeadingSlashes(String path) {
    int i = 0;
    while (i < path.length() && path.charAt(i) == '/') {
      i++;
    }
    return path.substring(i);
  }
}
