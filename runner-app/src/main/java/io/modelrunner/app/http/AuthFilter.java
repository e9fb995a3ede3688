package io.modelrunner.app.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Objects;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.model.Invocable;
import org.glassfish.jersey.server.model.ResourceMethod;

/**
 * Who may call what, decided on the resource method Jersey matched — never on the raw path, so no
 * spelling of a path ({@code /api;x=1/runs}, {@code /%61pi/runs}, {@code //api/runs}, …) reaches a
 * resource without its check. Each resource method (or its class) says its {@link Access} level:
 *
 * <ul>
 *   <li>{@link Access.Level#OPEN}: anyone ({@code /health}, {@code /ready}, {@code /metrics},
 *       {@code /openapi.yaml}, {@code /api/schemas/…}, registry reads and search);
 *   <li>{@link Access.Level#API_TOKEN}: {@code Authorization: Bearer <api token>} — also every
 *       matched method that says nothing (deny by default), Jersey's generated {@code OPTIONS}
 *       answers included;
 *   <li>{@link Access.Level#REGISTRY_WRITE}: with {@code registry.token} configured, that token
 *       (401 without it); else anyone.
 * </ul>
 *
 * A path that matches no resource method never reaches this filter: it gets Jersey's 404 (or 405),
 * with no data. A refused call gets 401 with {@code WWW-Authenticate: Bearer} and a problem body
 * that names the rule and never repeats what was sent.
 */
@Priority(Priorities.AUTHENTICATION)
public final class AuthFilter implements ContainerRequestFilter {
  private final BearerTokens apiToken;
  private final BearerTokens registryToken;
  private final ProblemMapper problems;

  /**
   * @param registryToken null when {@code registry.token} is not configured: registry writes are
   *     then open
   */
  public AuthFilter(BearerTokens apiToken, BearerTokens registryToken, ProblemMapper problems) {
    this.apiToken = Objects.requireNonNull(apiToken, "apiToken");
    this.registryToken = registryToken;
    this.problems = Objects.requireNonNull(problems, "problems");
  }

  @Override
  public void filter(ContainerRequestContext request) {
    String authorization = request.getHeaderString("Authorization");
    switch (levelOf(request)) {
      case OPEN -> {
        // nothing to check
      }
      case API_TOKEN -> {
        if (!apiToken.matches(authorization)) {
          refuse(request, authorization, "the runs API needs Authorization: Bearer <api token>");
        }
      }
      case REGISTRY_WRITE -> registryWrite(request, authorization);
    }
  }

  private void registryWrite(ContainerRequestContext request, String authorization) {
    if (registryToken != null && !registryToken.matches(authorization)) {
      refuse(
          request,
          authorization,
          "registry writes need Authorization: Bearer <registry token> (registry.token)");
    }
  }

  /** The access level of the matched resource method; {@code API_TOKEN} when it says none. */
  static Access.Level levelOf(ContainerRequestContext request) {
    if (!(request instanceof ContainerRequest jersey)) {
      return Access.Level.API_TOKEN;
    }
    ResourceMethod matched = jersey.getUriInfo().getMatchedResourceMethod();
    if (matched == null) {
      return Access.Level.API_TOKEN;
    }
    Invocable invocable = matched.getInvocable();
    for (Method method :
        new Method[] {invocable.getHandlingMethod(), invocable.getDefinitionMethod()}) {
      if (method == null) {
        continue;
      }
      Access access = method.getAnnotation(Access.class);
      if (access == null) {
        access = method.getDeclaringClass().getAnnotation(Access.class);
      }
      if (access != null) {
        return access.value();
      }
    }
    return Access.Level.API_TOKEN;
  }

  private void refuse(ContainerRequestContext request, String authorization, String detail) {
    String why = authorization == null ? detail : "the bearer token is not valid; " + detail;
    Response answer =
        problems
            .builder(401, "Unauthorized", why, List.of())
            .header("WWW-Authenticate", "Bearer realm=\"model-runner\"")
            .build();
    request.abortWith(answer);
  }
}
