package io.modelrunner.app.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.glassfish.jersey.server.model.RuntimeResource;
import org.glassfish.jersey.uri.UriTemplate;

/**
 * Cross-origin access from the browsers of {@link CorsOrigins} to the runs API, the schemas and the
 * registry ({@code /api/…}, {@code /registry/…}), decided, like {@link AuthFilter}, on the route
 * Jersey matched:
 *
 * <ul>
 *   <li>a preflight ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method})
 *       from an allowed origin, for a method the matched route has, is answered 204 with the grant,
 *       before authentication: it carries no token and reaches no resource. Any other {@code
 *       OPTIONS} is not granted and goes on to {@link AuthFilter} as before; a path that matches no
 *       route still gets 404;
 *   <li>every other answer of those routes says {@code Vary: Origin}, and to an allowed origin
 *       {@code Access-Control-Allow-Origin} and the headers a web application reads ({@code
 *       Location}, {@code Content-Disposition}, …). The token is still checked as usual.
 * </ul>
 *
 * With no origin configured it does nothing at all.
 */
@Priority(Priorities.AUTHENTICATION - 100)
public final class CorsFilter implements ContainerRequestFilter, ContainerResponseFilter {
  /** How long a browser may keep a preflight's grant. */
  static final int MAX_AGE_SECONDS = 600;

  /** The request headers the API takes beyond the CORS-safelisted ones. */
  static final String ALLOWED_HEADERS = "Authorization, Content-Type";

  /** The response headers of the API a web application reads, beyond the safelisted ones. */
  static final String EXPOSED_HEADERS =
      "Location, Content-Disposition, Content-Length, Digest, Retry-After, WWW-Authenticate";

  private static final List<String> PREFIXES = List.of("/api", "/registry");
  private static final String PREFLIGHT = CorsFilter.class.getName() + ".preflight";

  private final CorsOrigins origins;

  public CorsFilter(CorsOrigins origins) {
    this.origins = Objects.requireNonNull(origins, "origins");
  }

  @Override
  public void filter(ContainerRequestContext request) {
    if (origins.isEmpty() || !request.getMethod().equals("OPTIONS")) {
      return;
    }
    String origin = request.getHeaderString("Origin");
    String wanted = request.getHeaderString("Access-Control-Request-Method");
    if (wanted == null || !origins.allows(origin) || !inScope(request)) {
      return;
    }
    Set<String> methods = routeMethods(request);
    if (!methods.contains(wanted.trim())) {
      return;
    }
    request.setProperty(PREFLIGHT, Boolean.TRUE);
    request.abortWith(
        Response.noContent()
            .header("Access-Control-Allow-Origin", origin)
            .header("Access-Control-Allow-Methods", String.join(", ", methods))
            .header("Access-Control-Allow-Headers", ALLOWED_HEADERS)
            .header("Access-Control-Max-Age", MAX_AGE_SECONDS)
            .header("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers")
            .build());
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (origins.isEmpty() || request.getProperty(PREFLIGHT) != null || !inScope(request)) {
      return;
    }
    MultivaluedMap<String, Object> headers = response.getHeaders();
    headers.add("Vary", "Origin");
    String origin = request.getHeaderString("Origin");
    if (origins.allows(origin)) {
      headers.putSingle("Access-Control-Allow-Origin", origin);
      headers.putSingle("Access-Control-Expose-Headers", EXPOSED_HEADERS);
    }
  }

  /** Whether the matched route is under {@code /api} or {@code /registry}; false when none. */
  private static boolean inScope(ContainerRequestContext request) {
    if (!(request instanceof ContainerRequest jersey)) {
      return false;
    }
    List<UriTemplate> templates = jersey.getUriInfo().getMatchedTemplates();
    if (templates.isEmpty()) {
      return false;
    }
    String root = templates.get(templates.size() - 1).getTemplate();
    for (String prefix : PREFIXES) {
      if (root.equals(prefix) || root.startsWith(prefix + "/")) {
        return true;
      }
    }
    return false;
  }

  /** The methods of the matched route but OPTIONS, in order. */
  private static Set<String> routeMethods(ContainerRequestContext request) {
    Set<String> methods = new TreeSet<>();
    List<RuntimeResource> matched =
        ((ContainerRequest) request).getUriInfo().getMatchedRuntimeResources();
    if (!matched.isEmpty()) {
      for (ResourceMethod method : matched.get(0).getResourceMethods()) {
        methods.add(method.getHttpMethod());
      }
    }
    methods.remove("OPTIONS");
    return methods;
  }
}
