package io.modelrunner.app.web;

import io.modelrunner.app.http.Access;
import io.modelrunner.app.http.ProblemMapper;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The web console: {@code GET|HEAD /ui/} (index.html) and {@code /ui/<file>}, from the {@code
 * console} module's files; {@code /ui} redirects (308) to {@code /ui/} and {@code /} (303) to it
 * too. Open to all: the files hold no data, and the console asks for the API token before it reads
 * any. Every answer under {@code /ui} carries {@link #SECURITY_HEADERS} (a strict
 * Content-Security-Policy among them); files are revalidated ({@code Cache-Control: no-cache}) with
 * a strong ETag and answered 304 when it still matches.
 */
@Path("/")
@Access(Access.Level.OPEN)
public final class ConsoleResource {
  /** The console's Content-Security-Policy: nothing inline, nothing from elsewhere. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:;"
          + " connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none';"
          + " form-action 'self'; frame-ancestors 'none'";

  /** The headers of every answer under {@code /ui}. */
  static final Map<String, String> SECURITY_HEADERS =
      Map.of(
          "Content-Security-Policy", CONTENT_SECURITY_POLICY,
          "X-Content-Type-Options", "nosniff",
          "Referrer-Policy", "no-referrer",
          "X-Frame-Options", "DENY",
          "Cross-Origin-Opener-Policy", "same-origin",
          "Cache-Control", "no-cache");

  private static final String INDEX = "index.html";
  private static final URI CONSOLE = URI.create("/ui/");

  private final ConsoleFiles files;
  private final ProblemMapper problems;

  public ConsoleResource(ProblemMapper problems) {
    this(new ConsoleFiles(ConsoleResource.class.getClassLoader()), problems);
  }

  ConsoleResource(ConsoleFiles files, ProblemMapper problems) {
    this.files = Objects.requireNonNull(files, "files");
    this.problems = Objects.requireNonNull(problems, "problems");
  }

  /** {@code /}: to the console. */
  @GET
  @Produces(MediaType.WILDCARD)
  public Response root() {
    return Response.seeOther(CONSOLE).build();
  }

  /**
   * {@code /ui} (308 to {@code /ui/}), {@code /ui/} (index.html) and {@code /ui/<file>}.
   *
   * @param rest what follows {@code /ui}: empty, {@code /}, or {@code /<file>}
   */
  @GET
  @Path("ui{rest: (/.*)?}")
  @Produces(MediaType.WILDCARD)
  public Response file(
      @PathParam("rest") String rest, @HeaderParam("If-None-Match") String ifNoneMatch) {
    if (rest.isEmpty()) {
      return secured(Response.status(308).location(CONSOLE)).build();
    }
    String path = rest.equals("/") ? INDEX : rest.substring(1);
    if (!ConsoleFiles.isAllowedPath(path)) {
      return secured(
              problems.builder(
                  400,
                  "Bad Request",
                  "a console path is made of letters, digits, '.', '_', '-' and '/', without"
                      + " empty, '.' or '..' segments",
                  List.of()))
          .build();
    }
    Optional<ConsoleFile> found = files.find(path);
    if (found.isEmpty()) {
      return secured(
              problems.builder(404, "Not Found", "the console has no file " + path, List.of()))
          .build();
    }
    ConsoleFile file = found.get();
    if (file.matches(ifNoneMatch)) {
      return secured(Response.notModified()).header("ETag", file.etag()).build();
    }
    return secured(Response.ok(file.content()))
        .type(file.contentType())
        .header("ETag", file.etag())
        .build();
  }

  private static Response.ResponseBuilder secured(Response.ResponseBuilder answer) {
    SECURITY_HEADERS.forEach(answer::header);
    return answer;
  }
}
