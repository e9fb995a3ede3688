package io.modelrunner.app.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.net.InetAddress;
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
 *       (401 without it); else a client inside {@code registry.trusted-networks} (403 outside). The
 *       {@link Caller} is left in the request property {@link Caller#PROPERTY} for the registry's
 *       ownership rule.
 * </ul>
 *
 * A path that matches no resource method never reaches this filter: it gets Jersey's 404 (or 405),
 * with no data. A refused call gets 401 with {@code WWW-Authenticate: Bearer} (or 403) and a
 * problem body that names the rule and never repeats what was sent.
 */
@Priority(Priorities.AUTHENTICATION)
public final class AuthFilter implements ContainerRequestFilter {
  private final BearerTokens apiToken;
  private final BearerTokens registryToken;
  private final Networks trustedNetworks;
  private final ProblemMapper problems;

  /**
   * @param registryToken null when {@code registry.token} is not configured: registry writes are
   *     then taken from {@code trustedNetworks} only
   * @param trustedNetworks {@code registry.trusted-networks}
   */
  public AuthFilter(
      BearerTokens apiToken,
      BearerTokens registryToken,
      Networks trustedNetworks,
      ProblemMapper problems) {
    this.apiToken = Objects.requireNonNull(apiToken, "apiToken");
    this.registryToken = registryToken;
    this.trustedNetworks = Objects.requireNonNull(trustedNetworks, "trustedNetworks");
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
    InetAddress client = HttpHost.clientAddress(request);
    if (registryToken != null) {
      if (!registryToken.matches(authorization)) {
        refuse(
            request,
            authorization,
            "registry writes need Authorization: Bearer <registry token> (registry.token)");
        return;
      }
      request.setProperty(
          Caller.PROPERTY, client == null ? new Caller("unknown", true) : Caller.at(client, true));
      return;
    }
    if (client == null || !trustedNetworks.contains(client)) {
      String who = client == null ? "this client" : Addresses.text(client);
      request.abortWith(
          problems.build(
              403,
              "Forbidden",
              "registry writes are accepted only from registry.trusted-networks ("
                  + (trustedNetworks.isEmpty() ? "none configured" : trustedNetworks)
                  + "), and "
                  + who
                  + " is not in them; configure registry.token and send it to register from"
                  + " elsewhere",
              List.of()));
      return;
    }
    request.setProperty(Caller.PROPERTY, Caller.at(client, false));
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
